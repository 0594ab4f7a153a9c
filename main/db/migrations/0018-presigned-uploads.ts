/**
 * 0018 — presigned uploads that expire, under keys of their own.
 *
 * A presigned PUT now gets a fresh key (never an existing object), so the name the other tool meant is kept apart:
 * `file_name` is the file name the session lists once the upload is confirmed. `expires_at` is when the PUT link
 * stops working: a never-confirmed presigned upload stops counting as the session's running work then (before,
 * it kept the session "busy" — offload refused, orphan scan skipped it — until a restart). NULL for multipart
 * uploads, which the upload job drives to an end.
 */
import type { Migration } from './migration.js';

export const migration0018: Migration = {
  version: 18,
  name: 'presigned-uploads',
  up: `
ALTER TABLE uploads ADD COLUMN file_name TEXT;
ALTER TABLE uploads ADD COLUMN expires_at TEXT;
`,
};
