/**
 * 0016 — files restored from the bucket, and restore runs.
 *
 * `offloads.origin`: a restored session's files were never on this computer; they are held in S3 exactly like an
 * offloaded recording (played through a presigned GET, `restore-local` downloads them), so they get an `offloads`
 * row too, with origin `restore` instead of `offload` — the API says `local_copy: "remote"` for them instead of
 * `"offloaded"`. Nothing else distinguishes them (the same code plays, downloads and deletes both).
 *
 * `restore_runs`: one row per "Restore my library from S3" job (the job id is the run's id), with its counts, so a
 * restart resumes the same run and the first-run screen can show its progress after a reload.
 */
import type { Migration } from './migration.js';

export const migration0016: Migration = {
  version: 16,
  name: 'restored-files',
  up: `
ALTER TABLE offloads ADD COLUMN origin TEXT NOT NULL DEFAULT 'offload' CHECK (origin IN ('offload','restore'));
CREATE TABLE restore_runs (
  job_id       TEXT PRIMARY KEY,
  state        TEXT NOT NULL CHECK (state IN ('running','completed','failed')),
  total        INTEGER NOT NULL DEFAULT 0,
  done         INTEGER NOT NULL DEFAULT 0,
  restored     INTEGER NOT NULL DEFAULT 0,
  skipped      INTEGER NOT NULL DEFAULT 0,
  errors       TEXT NOT NULL DEFAULT '[]',
  started_at   TEXT NOT NULL,
  finished_at  TEXT
);
`,
};
