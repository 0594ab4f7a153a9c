/**
 * 0028 — deletes answer in the time of their rows (issue 21: a bulk delete of 10,000 sessions took 7.6 s quiet,
 * 14 s through the API, and held list requests for up to 846 ms).
 *
 * A delete used to mark each row `deleting` (an UPDATE that re-indexed the row in every search index), then remove
 * its storage session by session, then its rows. Now a delete removes its rows set-based, in short transactions,
 * and in the same transaction writes what the rows pointed at to `deletion_queue`: the session's file rows and its
 * S3 keys. A sweeper removes that storage (tombstone first, then objects, then local files) and drops the entry with
 * the audit line in one transaction. So after a kill -9 no row points at nothing (the rows went with the entry's
 * insert) and no file is orphaned (the entry survives until its storage is gone; start-up sweeps what is left).
 * Sync treats a queued session with S3 keys like a storage debt: deleted here, never brought back.
 */
import type { Migration } from './migration.js';

export const migration0028: Migration = {
  version: 28,
  name: 'deletion-queue',
  up: `
CREATE TABLE deletion_queue (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL UNIQUE,
  coach_id    TEXT NOT NULL,
  files       TEXT NOT NULL,             -- JSON array of the session_files rows: path, managed, size, s3_key
  object_keys TEXT NOT NULL,             -- JSON array: every S3 key the session owned or was handed
  actor       TEXT NOT NULL,
  reason      TEXT NOT NULL,
  queued_at   TEXT NOT NULL
);
`,
};
