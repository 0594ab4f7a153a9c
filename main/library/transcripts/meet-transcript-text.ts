/**
 * Google Meet's transcript export as plain text (the Doc saved as `.txt`). Best effort, since Google documents no
 * format: the export starts with a title and an attendee list, then has a bare `HH:MM:SS` line every few minutes
 * followed by `Name: what they said` paragraphs. Each paragraph becomes a segment that starts at the last stamp and
 * ends at the next one (or at its own start for the final block): Meet gives no finer timing. Lines before the
 * first stamp and lines that are not `Name: text` (notices like "Transcription ended") are skipped; a line without
 * a speaker directly after a spoken line continues it.
 */
import { normaliseLines, parseTimestamp, splitSpeakerPrefix } from './text-normalise.js';
import type { TranscriptSegment } from './types.js';

const STAMP_LINE = /^\s*(\d{1,2}:\d{2}(?::\d{2})?)\s*$/;
const NOTICE = /^(transcription ended|this editable transcript|transcript$|attendees$)/i;

export function parseMeetTranscriptText(input: string): TranscriptSegment[] {
  const segments: TranscriptSegment[] = [];
  let blockStart: number | null = null;
  let blockSegments: TranscriptSegment[] = [];
  let last: TranscriptSegment | null = null;

  const closeBlock = (end: number): void => {
    for (const segment of blockSegments) segment.end = Math.max(segment.start, end);
    blockSegments = [];
  };

  for (const raw of normaliseLines(input).split('\n')) {
    const line = raw.trim();
    const stamp = STAMP_LINE.exec(line);
    if (stamp) {
      const seconds = parseTimestamp(stamp[1]!);
      if (seconds === null) continue;
      closeBlock(seconds);
      blockStart = seconds;
      last = null;
      continue;
    }
    if (!line) continue;
    if (blockStart === null || NOTICE.test(line)) {
      last = null; // a notice is not part of what was said
      continue;
    }
    const spoken = splitSpeakerPrefix(line);
    if (spoken) {
      last = { start: blockStart, end: blockStart, speaker: spoken.speaker, text: spoken.text };
      segments.push(last);
      blockSegments.push(last);
    } else if (last) {
      last.text += `\n${line}`;
    }
  }
  closeBlock(blockStart ?? 0);
  return segments;
}
