/**
 * Offload ("safe to free", docs/api.md "Trash and storage"): give up the local copy of a recording verified in S3, and
 * bring it back. The session stays listed, searchable and playable (its media streams from S3 meanwhile).
 */
import { z } from 'zod';
import { queryInt, sessionId } from './fields.js';
import { operation } from './operation.js';
import { session } from './session-schema.js';

const OFFLOAD_ERRORS = {
  409: 'S3 is not configured, or the recording is not verified in S3 (the reason is named)',
} as const;

export const offloadCandidate = session.extend({
  /** Local bytes an offload of this session frees (its recording). */
  bytes: z.number(),
  key: z.string(),
});
export type OffloadCandidate = z.infer<typeof offloadCandidate>;

export const offloadResult = z.object({
  session_id: z.string(),
  state: z.literal('offloaded'),
  bytes_freed: z.number(),
  key: z.string(),
});

export const offloadContract = {
  candidates: operation({
    method: 'GET',
    path: '/api/v1/storage/offload-candidates',
    summary: 'Sessions whose local recording is backed up and verified in S3, oldest first, with the bytes freed',
    access: 'user',
    errors: { 409: 'S3 is not configured' },
    input: z.strictObject({ older_than_days: queryInt(0, 36_500).optional() }),
    output: z.object({ items: z.array(offloadCandidate), bytes: z.number() }),
  }),
  offload: operation({
    method: 'POST',
    path: '/api/v1/sessions/{id}/offload',
    summary: 'Free the local copy of a recording verified in S3 (HEAD: size and sha256); it then streams from S3',
    access: 'user',
    errors: OFFLOAD_ERRORS,
    input: z.strictObject({ id: sessionId }),
    output: offloadResult,
  }),
  restoreLocal: operation({
    method: 'POST',
    path: '/api/v1/sessions/{id}/restore-local',
    summary: 'Download an offloaded recording back into the library (resumable, sha256-checked); 202 with the job',
    access: 'user',
    errors: { 409: 'S3 is not configured' },
    input: z.strictObject({ id: sessionId }),
    output: z.object({ job_id: z.string().nullable(), message: z.string().optional() }),
    status: 202,
    statusOf: (result) => ((result as { job_id: string | null }).job_id === null ? 200 : 202),
  }),
};
