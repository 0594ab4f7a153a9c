/**
 * Why a session failed, in words a coach reads, with the technical detail kept for "Details". ffprobe's own
 * complaints about a file mean the same thing to a coach: it is not a recording Filmroom can read.
 */
import { UNREADABLE_RECORDING } from '../../shared/contract/sessions.js';

export { UNREADABLE_RECORDING };

export function failureReason(detail: string | null | undefined): { text: string; detail: string | null } {
  const raw = (detail ?? '').trim();
  if (!raw) return { text: 'The import failed for an unknown reason', detail: null };
  if (/ffprobe could not read|Invalid data found|moov atom not found|no audio or video stream|End of file/i.test(raw))
    return { text: UNREADABLE_RECORDING, detail: raw };
  return { text: raw, detail: null };
}
