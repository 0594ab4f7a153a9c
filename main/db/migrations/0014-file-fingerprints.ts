/**
 * 0014 — file fingerprints for the S3 backup.
 *
 * "Back up" must know each file's sha256 (the object's metadata, and the "unchanged, not sent twice" check), and
 * hashing a 2 GB recording again on every sync costs seconds before a byte is sent. A fingerprint is what the file
 * looked like when its sha256 was last taken: inode, size, mtime and ctime in nanoseconds (ctime cannot be set back by
 * user space, so a rewrite of the same size and mtime still changes it). The same stat → the same sha256; anything
 * else → hash again. One row per session file, dropped with the file.
 */
import type { Migration } from './migration.js';

export const migration0014: Migration = {
  version: 14,
  name: 'file-fingerprints',
  up: `
CREATE TABLE file_fingerprints (
  file_id      INTEGER PRIMARY KEY REFERENCES session_files(id) ON DELETE CASCADE,
  sha256       TEXT NOT NULL,
  size         INTEGER NOT NULL,
  ino          TEXT NOT NULL,
  mtime_ns     TEXT NOT NULL,
  ctime_ns     TEXT NOT NULL,
  recorded_at  TEXT NOT NULL
) WITHOUT ROWID;
`,
};
