/**
 * 0019 — "Verify backups" runs, kept in history.
 *
 * One row per run: when it ran, how many objects it checked and found sound, and its findings (missing, changed,
 * unverifiable objects, each with its session and key) as one JSON document, read back whole by the history view.
 * The job that fills a row is the queue's; `job_id` links the two while the run is under way.
 */
import type { Migration } from './migration.js';

export const migration0019: Migration = {
  version: 19,
  name: 'verify-runs',
  up: `
CREATE TABLE verify_runs (
  id            TEXT PRIMARY KEY,
  job_id        TEXT,
  sample_rehash INTEGER NOT NULL DEFAULT 0,
  trigger       TEXT NOT NULL DEFAULT 'manual' CHECK (trigger IN ('manual','schedule','cli')),
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  checked       INTEGER NOT NULL DEFAULT 0,
  ok            INTEGER NOT NULL DEFAULT 0,
  findings      TEXT NOT NULL DEFAULT '{"missing":[],"changed":[],"unverifiable":[]}',
  error         TEXT
);
CREATE INDEX verify_runs_started ON verify_runs(started_at DESC);
`,
};
