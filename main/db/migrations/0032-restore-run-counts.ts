/**
 * 0032 — a restore run's "restored" count kept with the sessions it counts (issue 18).
 *
 * The restore worker commits a batch of sessions on its own library connection; the job then records the batch's
 * progress in `restore_runs` on the work connection. Two commits: a kill -9 between them left sessions in the
 * library that the resumed run counted as "already there", not restored (1,480 of 1,500). Now the count is one row
 * per run here, bumped in the same library transaction that inserts the sessions, so it can never disagree with the
 * library; `restore_runs.restored` is only the job's copy of it. Counts of earlier runs are carried over.
 */
import type { Migration } from './migration.js';

export const migration0032: Migration = {
  version: 32,
  name: 'restore-run-counts',
  up: `
CREATE TABLE restore_run_counts (
  job_id    TEXT PRIMARY KEY,
  restored  INTEGER NOT NULL DEFAULT 0
);
INSERT INTO restore_run_counts (job_id, restored) SELECT job_id, restored FROM restore_runs WHERE restored > 0;
`,
};
