/**
 * 0033 — an upload's pause is a state of its own (issue 22: an upload's state lives in one place).
 *
 * Before, a paused upload was stored as `queued` with the marker `error = 'paused'` (no migration was needed for
 * the CHECK), so every reader of `uploads.state` had to know the marker too. Now `state = 'paused'`, `error` NULL.
 *
 * SQLite cannot change a CHECK in place, so `uploads` is rebuilt, and `upload_parts` with it: a DROP of `uploads`
 * with foreign keys on deletes its rows first, which would cascade to the finished parts (the resume state). So the
 * parts are copied into a new table that references the new `uploads`, the old parts table is dropped (nothing
 * references it), then the old `uploads` (its children gone), and the new tables take the old names (a RENAME
 * rewrites the references to them). Indexes are made again; the partial index of unfinished uploads now covers
 * `paused` too (a paused upload keeps its session busy and its multipart upload on the store, as before).
 */
import type { Migration } from './migration.js';

export const migration0033: Migration = {
  version: 33,
  name: 'upload-paused-state',
  up: `
CREATE TABLE uploads_v33 (
  id                   TEXT PRIMARY KEY,
  session_id           TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  file_id              INTEGER REFERENCES session_files(id) ON DELETE CASCADE,
  bucket               TEXT NOT NULL,
  s3_key               TEXT NOT NULL,
  multipart_upload_id  TEXT,
  state                TEXT NOT NULL CHECK (state IN ('queued','uploading','paused','synced','failed','cancelled')),
  bytes_total          INTEGER NOT NULL DEFAULT 0,
  bytes_sent           INTEGER NOT NULL DEFAULT 0,
  part_size            INTEGER,
  attempts             INTEGER NOT NULL DEFAULT 0,
  error                TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  completed_at         TEXT,
  file_name            TEXT,
  expires_at           TEXT
);
INSERT INTO uploads_v33 (rowid, id, session_id, file_id, bucket, s3_key, multipart_upload_id, state, bytes_total,
  bytes_sent, part_size, attempts, error, created_at, updated_at, completed_at, file_name, expires_at)
SELECT rowid, id, session_id, file_id, bucket, s3_key, multipart_upload_id,
  CASE WHEN state = 'queued' AND error = 'paused' THEN 'paused' ELSE state END,
  bytes_total, bytes_sent, part_size, attempts,
  CASE WHEN state = 'queued' AND error = 'paused' THEN NULL ELSE error END,
  created_at, updated_at, completed_at, file_name, expires_at
FROM uploads;
CREATE TABLE upload_parts_v33 (
  upload_id    TEXT NOT NULL REFERENCES uploads_v33(id) ON DELETE CASCADE,
  part_number  INTEGER NOT NULL,
  etag         TEXT NOT NULL,
  size         INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;
INSERT INTO upload_parts_v33 (upload_id, part_number, etag, size)
SELECT upload_id, part_number, etag, size FROM upload_parts;
DROP TABLE upload_parts;
DROP TABLE uploads;
ALTER TABLE uploads_v33 RENAME TO uploads;
ALTER TABLE upload_parts_v33 RENAME TO upload_parts;
CREATE INDEX uploads_session ON uploads(session_id);
CREATE INDEX uploads_state ON uploads(state) WHERE state IN ('queued','uploading','paused');
`,
};
