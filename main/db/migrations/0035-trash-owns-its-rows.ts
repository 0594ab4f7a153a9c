/**
 * 0035 — the trash keeps what its reads need (issue 22: no module reads another module's tables).
 *
 * The cleanup module's trash queries joined the library's `sessions` for two things: the coach a trashed session
 * belongs to (a coach's trash page and totals) and whether it is still in the trash or being deleted for good (a
 * session an older version marked `deleting` kept its trash row until its rows went). Both now live in the `trash`
 * row itself: `coach_id`, copied when the session goes to the trash, and `state` — `trashed` (listed, restorable)
 * or `purging` (a delete for good, an emptying of the trash or a cleanup run has started on it: not listed, not
 * restorable, finished at the next start if a crash stops it). Backfilled from `sessions`: a session left
 * `deleting` is `purging`; a trash row whose session is neither trashed nor being deleted was counted nowhere (the
 * trash list showed only trashed sessions) and is dropped, so the kept totals agree with the list.
 */
import type { Migration } from './migration.js';

export const migration0035: Migration = {
  version: 35,
  name: 'trash-owns-its-rows',
  up: `
ALTER TABLE trash ADD COLUMN coach_id TEXT NOT NULL DEFAULT '';
ALTER TABLE trash ADD COLUMN state TEXT NOT NULL DEFAULT 'trashed' CHECK (state IN ('trashed','purging'));
DELETE FROM trash WHERE NOT EXISTS (
  SELECT 1 FROM sessions s WHERE s.id = trash.session_id AND s.status IN ('trashed','deleting')
);
UPDATE trash SET
  coach_id = (SELECT s.coach_id FROM sessions s WHERE s.id = trash.session_id),
  state = CASE (SELECT s.status FROM sessions s WHERE s.id = trash.session_id) WHEN 'trashed' THEN 'trashed' ELSE 'purging' END;
CREATE INDEX trash_listed_by_coach ON trash(coach_id, deleted_at) WHERE state = 'trashed';
`,
};
