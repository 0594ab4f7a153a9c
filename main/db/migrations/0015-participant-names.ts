/**
 * 0015 — participant names kept on the session row, as the CSV export writes them.
 *
 * The export (issue 12: ≥100k rows/s) joined each session's participants in a correlated subquery: a B-tree seek
 * and a sort per row, about 40% of its SQLite time at 1M sessions. `participant_names` holds the same text (names
 * in participant order, joined with '; '; NULL when there are none), written by the sessions repository wherever
 * it writes participants, like `participants_text` (which joins with spaces, for full-text search, and so cannot
 * be split back into names). No trigger lists this column, so filling it leaves search and counters untouched.
 */
import type { Migration } from './migration.js';

/** The column's value for one session, from its participant rows (also what tests compare the column with). */
export const PARTICIPANT_NAMES_SQL = (sessionId: string) =>
  `(SELECT group_concat(name, '; ' ORDER BY p.id) FROM participants p WHERE p.session_id = ${sessionId})`;

export const migration0015: Migration = {
  version: 15,
  name: 'participant-names',
  up: `
ALTER TABLE sessions ADD COLUMN participant_names TEXT;
UPDATE sessions SET participant_names = ${PARTICIPANT_NAMES_SQL('sessions.id')};
`,
};
