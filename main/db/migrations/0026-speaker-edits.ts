/**
 * 0026 — speakers a coach renamed or merged in the review view, and the coach's share of talk time on the
 * session row for the library's sort and filter (issue 23).
 *
 * `speaker_edits` is the coach's edit log, replayed in `id` order on top of every analysis result before it is
 * stored (main/analysis/speakers/): a rename names the speaker whose talk lies mostly inside `target` (that
 * speaker's segments when the edit was made); a merge folds the speaker aligned with `source` into the one
 * aligned with `target`. So a re-analysis keeps the edits wherever its speakers still align in time, and drops
 * (without error) an edit no new speaker matches.
 *
 * `sessions.coach_share` (0–1, NULL without speakers) is written with each stored result: the share of the speaker
 * named like the session's coach participant, else of the first speaker. Its list index carries the filter
 * columns like the other `sessions_listed_*` indexes (0002), so a sorted or range-filtered view reads in order.
 * The backfill takes the stored results as they are (exact, case-insensitive coach name match, else the first).
 */
import type { Migration } from './migration.js';

const FILTER_COLUMNS = 'status, platform, coach_id, client, recorded_at';

export const migration0026: Migration = {
  version: 26,
  name: 'speaker-edits',
  up: `
CREATE TABLE speaker_edits (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('rename','merge')),
  name        TEXT CHECK ((kind = 'rename') = (name IS NOT NULL)),
  target      TEXT NOT NULL,
  source      TEXT CHECK ((kind = 'merge') = (source IS NOT NULL)),
  created_at  TEXT NOT NULL
);
CREATE INDEX speaker_edits_session ON speaker_edits(session_id, id);

ALTER TABLE sessions ADD COLUMN coach_share REAL;
UPDATE sessions SET coach_share = (
  SELECT COALESCE(
    (SELECT json_extract(p.value, '$.share') FROM json_each(a.data, '$.speakers.per_speaker') p
      WHERE lower(trim(json_extract(p.value, '$.name'))) IN
        (SELECT lower(trim(name)) FROM participants WHERE session_id = a.session_id AND role = 'coach')
      LIMIT 1),
    json_extract(a.data, '$.speakers.per_speaker[0].share'))
  FROM analyses a WHERE a.session_id = sessions.id)
WHERE id IN (SELECT session_id FROM analyses);
CREATE INDEX sessions_listed_coach_share ON sessions(IFNULL(coach_share, -1), id, ${FILTER_COLUMNS}) WHERE listed = 1;
`,
};
