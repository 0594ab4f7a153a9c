/** Storage figures (docs/api.md "Trash and storage"): from maintained counters, disk space from the OS. */
import { z } from 'zod';
import { operation } from './operation.js';

export const storageReport = z.object({
  library_bytes: z.number(),
  sessions: z.number(),
  by_status: z.record(z.string(), z.object({ sessions: z.number(), bytes: z.number() })),
  trash_bytes: z.number(),
  trash_sessions: z.number(),
  offloaded_sessions: z.number(),
  s3: z.object({ bytes: z.number(), objects: z.number(), synced_sessions: z.number() }).nullable(),
  disk: z.object({ free: z.number(), total: z.number() }),
  quota_bytes: z.number().nullable(),
  /** Set when the library nears or passes the quota (90 % and above). */
  quota_warning: z.string().nullable(),
});
export type StorageReport = z.infer<typeof storageReport>;

export const storageContract = {
  get: operation({
    method: 'GET',
    path: '/api/v1/storage',
    summary: 'Library size by status, trash, S3 and free disk space',
    access: 'user',
    input: z.strictObject({}),
    output: storageReport,
  }),
  setQuota: operation({
    method: 'PUT',
    path: '/api/v1/storage/quota',
    summary: 'Set (bytes) or clear (null) the library quota the storage view warns about',
    access: 'admin',
    input: z.strictObject({ quota_bytes: z.number().int().min(0).nullable() }),
    output: storageReport,
  }),
};
