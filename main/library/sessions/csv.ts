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

/**
 * The columns an export batch reads, in the order of the raw rows `csvLineOf` takes: the CSV's own (participant
 * names as kept on the row, migration 0015) and so every sort key. Read as arrays (`.raw()`), not objects: no per-row object, no key
 * lookups (issue 12: ≥100k rows/s).
 */
export const CSV_SELECT =
  'id, title, status, platform, coach_id, client, participant_names, recorded_at, created_at, duration, size, ' +
  'upload_state, transcript_status, analysis_status, tags';

/** One export row as SQLite returns it for CSV_SELECT. */
export type CsvSourceRow = [
  id: string,
  title: string,
  status: string,
  platform: string,
  coach_id: string,
  client: string,
  participant_names: string | null,
  recorded_at: string,
  created_at: string,
  duration: number | null,
  size: number,
  upload_state: string,
  transcript_status: string,
  analysis_status: string,
  tags: string,
];

/** The sort keys of an export row, for the next batch's keyset cursor. */
export function csvSortKeys(r: CsvSourceRow): {
  recorded_at: string;
  title: string;
  duration: number | null;
  size: number;
  created_at: string;
} {
  return { title: r[1], recorded_at: r[7], created_at: r[8], duration: r[9], size: r[10] };
}

/**
 * One CSV line straight from an export row (the same cells as toCsvRow, without building a Session). Ids, times,
 * numbers and statuses are written as they are: they can hold no quote, comma, newline or formula lead.
 */
export function csvLineOf(r: CsvSourceRow): string {
  const tags = r[14] === '[]' ? '' : csvCell((parseTagList(r[14]) ?? []).join('; '));
  return (
    `${r[0]},${csvCell(r[1])},${r[2]},${r[3]},${csvCell(r[4])},${csvCell(r[5])},${csvCell(r[6] ?? '')},` +
    `${r[7]},${r[8]},${r[9] ?? ''},${r[10]},${r[11]},${r[12]},${r[13]},${tags}\r\n`
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
