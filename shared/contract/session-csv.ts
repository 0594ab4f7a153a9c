/**
 * The session CSV's columns and cells (RFC 4180 quoting; formulas neutralised so a spreadsheet never executes a
 * title). Shared: the server's export and the library's "Export CSV" of a selection write the same file.
 */
import type { Session } from './session-schema.js';

export const SESSION_CSV_COLUMNS = [
  'id',
  'title',
  'status',
  'platform',
  'coach_id',
  'client',
  'participants',
  'recorded_at',
  'created_at',
  'duration',
  'size',
  'upload_state',
  'transcript_status',
  'analysis_status',
  'tags',
] as const;

/** Cells that need neither quoting nor formula neutralising: no quote, comma or newline, no formula lead. */
const SAFE_CELL = /^(?![=+\-@\t\r])[^",\r\n]*$/;

export const SESSION_CSV_HEADER = SESSION_CSV_COLUMNS.join(',') + '\r\n';

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (SAFE_CELL.test(text)) return text; // the common case, one test instead of two
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvRow(s: Session): string {
  const values: Record<(typeof SESSION_CSV_COLUMNS)[number], unknown> = {
    id: s.id,
    title: s.title,
    status: s.status,
    platform: s.platform,
    coach_id: s.coach_id,
    client: s.client,
    participants: s.participants.map((p) => p.name).join('; '),
    recorded_at: s.recorded_at,
    created_at: s.created_at,
    duration: s.duration ?? '',
    size: s.size,
    upload_state: s.upload_state,
    transcript_status: s.transcript_status,
    analysis_status: s.analysis_status,
    tags: s.tags.join('; '),
  };
  return SESSION_CSV_COLUMNS.map((c) => csvCell(values[c])).join(',') + '\r\n';
}
