/** CSV lines for the server's streamed export: straight from SQL rows (cells as in shared/contract/session-csv.ts). */
import { csvCell } from '../../../shared/contract/session-csv.js';

export { csvCell, SESSION_CSV_HEADER, toCsvRow } from '../../../shared/contract/session-csv.js';

/**
 * The columns an export batch reads, in the order of the raw rows `csvLineOf` takes: the CSV's own (participant
 * names as kept on the row, migration 0015) and so every sort key. Read as arrays (`.raw()`), not objects: no per-row object, no key
 * lookups (issue 12: ≥100k rows/s).
 */
export const CSV_SELECT =
  'id, title, status, platform, coach_id, client, participant_names, recorded_at, created_at, duration, size, ' +
  'upload_state, transcript_status, analysis_status, tags, coach_share, seq';

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
  coach_share: number | null,
  seq: number,
];

/** The sort keys of an export row, for the next batch's keyset cursor. */
export function csvSortKeys(r: CsvSourceRow): {
  recorded_at: string;
  title: string;
  duration: number | null;
  size: number;
  created_at: string;
  coach_share: number | null;
} {
  return { title: r[1], recorded_at: r[7], created_at: r[8], duration: r[9], size: r[10], coach_share: r[15] };
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
