/**
 * 0030 — a job's dedupe key (after Immich's `jobId`, issue 22): a job queued with a key while another job with the
 * same key is queued or running is not queued again; the queue answers the live job's id. So "make sure this upload
 * has a job" is one enqueue, and start-up no longer compares `uploads` against the jobs' payloads by hand.
 *
 * The key is unique among live jobs only (a partial index): a finished, failed or cancelled job keeps its key and a
 * new job with it may be queued. Upload jobs a previous version left queued or running get their upload's key
 * (`s3.upload:<upload id>`, what sync queues with), the oldest one per upload when a crash had left two.
 */
import type { Migration } from './migration.js';

export const migration0030: Migration = {
  version: 30,
  name: 'job-dedupe-key',
  up: `
ALTER TABLE jobs ADD COLUMN dedupe_key TEXT;
UPDATE jobs SET dedupe_key = 's3.upload:' || json_extract(payload, '$.uploadId')
WHERE rowid IN (
  SELECT MIN(rowid) FROM jobs
  WHERE type = 's3.upload' AND state IN ('queued','running') AND json_extract(payload, '$.uploadId') IS NOT NULL
  GROUP BY json_extract(payload, '$.uploadId'));
CREATE UNIQUE INDEX jobs_live_dedupe ON jobs(dedupe_key) WHERE dedupe_key IS NOT NULL AND state IN ('queued','running');
`,
};
