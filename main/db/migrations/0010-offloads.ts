/**
 * 0010 — offloaded recordings ("safe to free").
 *
 * A row here means the file row's local copy was given up because the same bytes are verified in S3 (HEAD: size and
 * our sha256 metadata). The file row itself keeps its library path, so `restore-local` knows where the copy goes
 * back, and its `s3_key`, so nothing in S3 counts as an orphan. The state makes every step kill -9 safe:
 * `offloading` (verified, committed before the unlink: start-up finishes the unlink), `offloaded`, `restoring`
 * (a restore-local job is downloading to `<path>.restore-part`; the file row is only cleared of this row after the
 * verified copy has been renamed into place). Rows go with their file row and their session.
 */
import type { Migration } from './migration.js';

export const migration0010: Migration = {
  version: 10,
  name: 'offloads',
  up: `
CREATE TABLE offloads (
  file_id       INTEGER PRIMARY KEY REFERENCES session_files(id) ON DELETE CASCADE,
  session_id    TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  state         TEXT NOT NULL CHECK (state IN ('offloading','offloaded','restoring')),
  bytes         INTEGER NOT NULL DEFAULT 0,
  error         TEXT,
  offloaded_at  TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX offloads_session ON offloads(session_id);
`,
};
