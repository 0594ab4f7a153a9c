/** CSV rows for the export (RFC 4180 quoting; formulas neutralised so a spreadsheet never executes a title). */
import type { Session } from '../../../shared/contract/session-schema.js';

const COLUMNS = [
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

export const SESSION_CSV_HEADER = COLUMNS.join(',') + '\r\n';

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (SAFE_CELL.test(text)) return text; // the common case, one test instead of two
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsvRow(s: Session): string {
  const values: Record<(typeof COLUMNS)[number], unknown> = {
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
  return COLUMNS.map((c) => csvCell(values[c])).join(',') + '\r\n';
}

/** The columns an export batch reads: the CSV's own, participant names joined in SQL, and every sort key. */
export const CSV_SELECT =
  'id, title, status, platform, coach_id, client, recorded_at, created_at, duration, size, upload_state, ' +
  "transcript_status, analysis_status, tags, (SELECT group_concat(name, '; ' ORDER BY p.id) FROM participants p " +
  'WHERE p.session_id = sessions.id) AS participant_names';

export interface CsvSourceRow {
  id: string;
  title: string;
  status: string;
  platform: string;
  coach_id: string;
  client: string;
  recorded_at: string;
  created_at: string;
  duration: number | null;
  size: number;
  upload_state: string;
  transcript_status: string;
  analysis_status: string;
  tags: string;
  participant_names: string | null;
}

/**
 * One CSV line straight from an export row (the same cells as toCsvRow, without building a Session). Ids, times,
 * numbers and statuses are written as they are: they can hold no quote, comma, newline or formula lead.
 */
export function csvLineOf(r: CsvSourceRow): string {
  const tags = r.tags === '[]' ? '' : csvCell((parseTagList(r.tags) ?? []).join('; '));
  return (
    `${r.id},${csvCell(r.title)},${r.status},${r.platform},${csvCell(r.coach_id)},${csvCell(r.client)},` +
    `${csvCell(r.participant_names ?? '')},${r.recorded_at},${r.created_at},${r.duration ?? ''},${r.size},` +
    `${r.upload_state},${r.transcript_status},${r.analysis_status},${tags}\r\n`
  );
}

function parseTagList(text: string): string[] | null {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : null;
  } catch {
    return null;
  }
}
