/** "Restore my library from S3" (issue 18): the library rebuilt from the bucket's signed manifests, as a job. */
import { z } from 'zod';
import { operation } from './operation.js';

export const restoreRun = z.object({
  job_id: z.string(),
  state: z.enum(['running', 'completed', 'failed']),
  /** Session folders found in the bucket, and how many are handled so far. */
  total: z.number(),
  done: z.number(),
  restored: z.number(),
  /** Already in the library, or deleted (a tombstone), or refused. */
  skipped: z.number(),
  /** Folders not imported, with the reason (an unsigned or mismatched manifest, an unreadable object…). */
  errors: z.array(z.string()),
  started_at: z.string(),
  finished_at: z.string().nullable(),
});
export type RestoreRun = z.infer<typeof restoreRun>;

export const restoreContract = {
  start: operation({
    method: 'POST',
    path: '/api/v1/recordings/restore',
    summary:
      'Rebuilds the library from the bucket’s manifests as a job (restore.progress events; resumable after a restart)',
    access: 'admin',
    errors: { 409: 'S3 is not configured' },
    input: z.strictObject({
      /** Also bring back sessions deleted after their backup (their tombstone is removed): an explicit choice. */
      include_deleted: z.boolean().default(false),
    }),
    output: z.object({ job_id: z.string() }),
    status: 202,
  }),
  latest: operation({
    method: 'GET',
    path: '/api/v1/recordings/restore',
    summary: 'The latest restore runs, newest first',
    access: 'admin',
    input: z.strictObject({}),
    output: z.object({ items: z.array(restoreRun) }),
  }),
};
