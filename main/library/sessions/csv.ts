/** CSV lines for the server's streamed export: straight from SQL rows (cells as in shared/contract/session-csv.ts). */
import { csvCell } from '../../../shared/contract/session-csv.js';

export { csvCell, SESSION_CSV_HEADER, toCsvRow } from '../../../shared/contract/session-csv.js';

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
