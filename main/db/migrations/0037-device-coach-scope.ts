/**
 * 0037 — devices scoped by coach, recordings kept by days, manifests re-read (issue 20, second slice):
 *
 * - `device_self.coach_id`: the one coach this device syncs (null: every coach's, the practice lead's device).
 * - `device_outbox.coach_id`: the coach of the change's session, taken when the change is recorded (a delete's row is
 *   gone by the push), so a push writes one object per coach under `.sync/{coach}/{device}/`. Null for changes
 *   recorded before this migration: the push asks the library, and writes under the session's coach or `default`.
 * - `device_parked.coach`: the coach folder a parked change was read from (null: the old layout without one); when
 *   its session arrives it must belong to that coach, or the change is refused.
 * - `device_cursors`: how far this device has read each folder of another device — `{coach}/{device}` in the new
 *   layout, `{device}` in the old one (the old cursors are carried over, so nothing is read twice after the upgrade).
 * - `device_fetched`: sessions whose recording the keep-local policy downloaded (`local`; only those are given back to
 *   the bucket when they grow older than the policy's days) or gave back (`dropped`: fetched again if the days grow).
 */
import type { Migration } from './migration.js';

export const migration0037: Migration = {
  version: 37,
  name: 'device-coach-scope',
  up: `
    ALTER TABLE device_self ADD COLUMN coach_id TEXT;
    ALTER TABLE device_outbox ADD COLUMN coach_id TEXT;
    ALTER TABLE device_parked ADD COLUMN coach TEXT;
    CREATE TABLE device_cursors (
      folder TEXT PRIMARY KEY,
      device_id TEXT NOT NULL,
      cursor TEXT NOT NULL DEFAULT ''
    ) WITHOUT ROWID;
    INSERT INTO device_cursors (folder, device_id, cursor)
      SELECT device_id, device_id, cursor FROM device_peers WHERE cursor <> '';
    CREATE TABLE device_fetched (
      session_id TEXT PRIMARY KEY,
      state TEXT NOT NULL CHECK (state IN ('local', 'dropped')),
      at TEXT NOT NULL
    ) WITHOUT ROWID;
  `,
};
