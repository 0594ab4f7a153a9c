/**
 * "Verify backups" (docs/api.md, "S3 backup"): an admin run that HEADs every object the library references, checks size
 * and sha256 metadata, re-hashes a sample by download, and keeps its findings per session in history.
 */
import { z } from 'zod';
import { operation } from './operation.js';

const VERIFY_ERRORS = {
  409: 'S3 is not configured, or a verify run is already under way',
  503: 'The S3 store cannot be reached or is busy; try again later',
} as const;

export const verifyFinding = z.object({
  session_id: z.string(),
  title: z.string(),
  key: z.string(),
  /** What was found, in plain words (sizes, which check failed). */
  detail: z.string(),
});
export type VerifyFinding = z.infer<typeof verifyFinding>;

export const verifyRun = z.object({
  run_id: z.string(),
  job_id: z.string().nullable(),
  trigger: z.enum(['manual', 'schedule', 'cli']),
  sample_rehash: z.number(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  /** Objects looked at so far (all of them once finished). */
  checked: z.number(),
  /** Objects whose size and sha256 match the library's record (and re-hash, when sampled). */
  ok: z.number(),
  rehashed: z.number(),
  missing: z.array(verifyFinding),
  changed: z.array(verifyFinding),
  unverifiable: z.array(verifyFinding),
  /** Why the run stopped early (the store went down), else null. */
  error: z.string().nullable(),
});
export type VerifyRun = z.infer<typeof verifyRun>;

/** "Verify backups" on a schedule: off by default (`every_days` 0); runs as the `s3.verify` job, kept in history. */
export const verifySchedule = z.object({
  /** Days between scheduled runs; 0: no schedule. */
  every_days: z.number().int().min(0).max(365),
  sample_rehash: z.number().int().min(0).max(100),
  /** When the next scheduled run starts (null while off). */
  next_run_at: z.string().nullable(),
  /** When the latest scheduled run started, or null. */
  last_run_at: z.string().nullable(),
});
export type VerifySchedule = z.infer<typeof verifySchedule>;

export const verifyContract = {
  verify: operation({
    method: 'POST',
    path: '/api/v1/recordings/verify',
    summary: 'Verify backups: HEAD every object the library references, re-hash a sample; runs as a job',
    access: 'admin',
    errors: VERIFY_ERRORS,
    input: z.strictObject({ sample_rehash: z.number().int().min(0).max(100).default(0) }),
    output: z.object({ job_id: z.string(), run_id: z.string() }),
    status: 202,
  }),
  verifyRuns: operation({
    method: 'GET',
    path: '/api/v1/recordings/verify',
    summary: 'Verify-backups runs, newest first (kept in history)',
    access: 'admin',
    errors: VERIFY_ERRORS,
    input: z.strictObject({}),
    output: z.object({ items: z.array(verifyRun) }),
  }),
  verifySchedule: operation({
    method: 'GET',
    path: '/api/v1/recordings/verify/schedule',
    summary: 'The verify-backups schedule and its next run',
    access: 'admin',
    input: z.strictObject({}),
    output: verifySchedule,
  }),
  setVerifySchedule: operation({
    method: 'PUT',
    path: '/api/v1/recordings/verify/schedule',
    summary: 'Sets the verify-backups schedule (every_days 0 turns it off); answers it with its next run',
    access: 'admin',
    input: z.strictObject({
      every_days: z.number().int().min(0).max(365),
      sample_rehash: z.number().int().min(0).max(100).default(0),
    }),
    output: verifySchedule,
  }),
};
