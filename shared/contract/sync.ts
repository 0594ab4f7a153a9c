/** S3 backup: settings, uploads, presigned links, bucket sync (docs/api.md "S3 sync"). */
import { z } from 'zod';
import { queryInt, sessionId } from './fields.js';
import { operation } from './operation.js';
import { verifyContract } from './verify.js';

export const UPLOAD_RECORD_STATES = ['queued', 'uploading', 'paused', 'completed', 'failed', 'cancelled'] as const;
export const S3_SETTING_SOURCES = ['env', 'settings', 'default'] as const;

const BUCKET_RULE = /^(?!xn--)(?!.*\.\.)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** What a coach may store (the secret goes to the OS keychain in the desktop app, never to the database). */
export const s3SettingsInput = z.strictObject({
  endpoint: z
    .string()
    .trim()
    .max(2048)
    .refine((v) => v === '' || /^https?:\/\/[^\s/]+(\/.*)?$/.test(v), { message: 'expected an http(s):// URL' })
    .nullable()
    .optional(),
  region: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,40}$/, 'expected a region such as eu-west-1')
    .optional(),
  bucket: z
    .string()
    .trim()
    .regex(BUCKET_RULE, 'expected an S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)')
    .optional(),
  prefix: z
    .string()
    .trim()
    .max(512)
    .refine((v) => !v.startsWith('/') && !v.includes('..'), { message: 'must not start with / or contain ..' })
    .optional(),
  force_path_style: z.boolean().optional(),
  sse: z.enum(['AES256', 'off']).optional(),
  /** Null: automatic, max(8 MiB, size / 9000). */
  part_size_mb: z.number().int('expected a whole number').min(5).max(5120).nullable().optional(),
  concurrency: z.number().int('expected a whole number').min(1).max(32).optional(),
  access_key_id: z.string().trim().max(128).nullable().optional(),
  secret_access_key: z.string().min(1).max(256).nullable().optional(),
  /** SDK flexible checksums: WHEN_REQUIRED suits S3-compatible stores that mishandle streamed checksums. */
  checksums: z.enum(['WHEN_REQUIRED', 'WHEN_SUPPORTED']).optional(),
  /** Back up new sessions automatically once they are ready. */
  auto_backup: z.boolean().optional(),
});
export type S3SettingsInput = z.infer<typeof s3SettingsInput>;

export const s3SettingsView = z.object({
  configured: z.boolean(),
  source: z.record(z.string(), z.enum(S3_SETTING_SOURCES)),
  endpoint: z.string().nullable(),
  region: z.string(),
  bucket: z.string().nullable(),
  prefix: z.string(),
  force_path_style: z.boolean(),
  sse: z.enum(['AES256', 'off']),
  part_size_mb: z.number().nullable(),
  concurrency: z.number(),
  access_key_id: z.string().nullable(),
  has_secret: z.boolean(),
  checksums: z.enum(['WHEN_REQUIRED', 'WHEN_SUPPORTED']),
  auto_backup: z.boolean(),
  can_store_secret: z
    .boolean()
    .optional()
    .describe(
      'false when this Filmroom cannot keep a secret (headless: no OS keychain); credentials then come from the ' +
        'environment or an AWS profile only',
    ),
});
export type S3SettingsView = z.infer<typeof s3SettingsView>;

export const uploadRecord = z.object({
  upload_id: z.string(),
  state: z.enum(UPLOAD_RECORD_STATES),
  file: z.string(),
  key: z.string(),
  bytes_total: z.number(),
  bytes_sent: z.number(),
  parts_total: z.number(),
  parts_done: z.number(),
  attempts: z.number(),
  error: z.string().nullable(),
  created_at: z.string(),
  finished_at: z.string().nullable(),
});
export type UploadRecord = z.infer<typeof uploadRecord>;
export const queuedUploadRecord = uploadRecord.extend({ session_id: z.string(), title: z.string() });
export type QueuedUploadRecord = z.infer<typeof queuedUploadRecord>;

const uploadId = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'not an upload id');

/** Every S3 route answers 409 while S3 is not configured (docs/api.md), and some for states that forbid the request. */
const S3_ERRORS = {
  409: 'S3 is not configured, the settings need fixing, or the upload is in a state that forbids this',
  503: 'The S3 store cannot be reached or is busy; try again later',
} as const;

export const syncContract = {
  getSettings: operation({
    method: 'GET',
    path: '/api/v1/settings/s3',
    summary: 'S3 settings and where each comes from (secrets are never returned)',
    access: 'admin',
    errors: S3_ERRORS,
    input: z.strictObject({}),
    output: s3SettingsView,
  }),
  updateSettings: operation({
    method: 'PUT',
    path: '/api/v1/settings/s3',
    summary: 'Store S3 settings (validated; the secret is kept by the OS keychain, never in the database)',
    access: 'admin',
    errors: S3_ERRORS,
    input: s3SettingsInput,
    output: s3SettingsView,
  }),
  testConnection: operation({
    method: 'POST',
    path: '/api/v1/settings/s3/test',
    summary:
      'Put, head and delete a probe object: is the bucket reachable and writable? With settings in the body, ' +
      'those candidate settings (over the stored ones) are tested and nothing is saved',
    access: 'admin',
    errors: S3_ERRORS,
    input: s3SettingsInput,
    output: z.object({
      ok: z.boolean(),
      latency_ms: z.number().nullable(),
      /** What went wrong, in plain words with what to do. */
      error: z.string().nullable(),
      /** The store's or the SDK's own message behind `error` (for the details, and for support). */
      detail: z.string().nullable().optional(),
    }),
  }),
};

export const uploadsContract = {
  syncSession: operation({
    method: 'POST',
    path: '/api/v1/sessions/{id}/sync',
    summary: "Back up a session's files to S3 (resumable multipart); 200 with upload_id null when already synced",
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ id: sessionId }),
    output: z.object({ upload_id: z.string().nullable(), message: z.string().optional() }),
    status: 202,
    statusOf: (result) => ((result as { upload_id: string | null }).upload_id === null ? 200 : 202),
  }),
  sessionUploads: operation({
    method: 'GET',
    path: '/api/v1/sessions/{id}/uploads',
    summary: "A session's upload history, newest first",
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ id: sessionId }),
    output: z.object({ items: z.array(uploadRecord) }),
  }),
  list: operation({
    method: 'GET',
    path: '/api/v1/uploads',
    summary: 'The upload queue across sessions',
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ state: z.enum(UPLOAD_RECORD_STATES).optional() }),
    output: z.object({ items: z.array(queuedUploadRecord) }),
  }),
  pause: operation({
    method: 'POST',
    path: '/api/v1/uploads/{upload_id}/pause',
    summary: 'Pause one upload (finished parts are kept)',
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ upload_id: uploadId }),
    output: uploadRecord,
  }),
  resume: operation({
    method: 'POST',
    path: '/api/v1/uploads/{upload_id}/resume',
    summary: 'Resume a paused or failed upload',
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ upload_id: uploadId }),
    output: uploadRecord,
  }),
  cancel: operation({
    method: 'POST',
    path: '/api/v1/uploads/{upload_id}/cancel',
    summary: 'Cancel one upload; aborts its multipart upload on the store',
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ upload_id: uploadId }),
    output: uploadRecord,
  }),
};

export const recordingsContract = {
  ...verifyContract,
  presignedUploadUrl: operation({
    method: 'POST',
    path: '/api/v1/recordings/presigned-upload-url',
    summary: 'A presigned PUT URL for a direct upload by another tool',
    access: 'user',
    errors: { ...S3_ERRORS, 404: 'Unknown session_id (or another coach’s)' },
    input: z.strictObject({
      session_id: sessionId,
      filename: z
        .string()
        .trim()
        .min(1)
        .max(255)
        .regex(/^[^/\\]+$/, 'a file name without folders'),
      content_type: z.string().trim().min(1).max(255).default('application/octet-stream'),
    }),
    output: z.object({
      upload_id: z.string(),
      url: z.string(),
      key: z.string(),
      expires_in: z.number(),
      /** The headers the PUT must carry (they are signed into the link). */
      headers: z.record(z.string(), z.string()),
    }),
  }),
  confirmUpload: operation({
    method: 'POST',
    path: '/api/v1/recordings/confirm-upload/{upload_id}',
    summary: 'HEADs a presigned upload and records it on the session; 404 when the object is not there',
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ upload_id: uploadId }),
    output: uploadRecord.extend({ session_id: z.string() }),
  }),
  syncBucket: operation({
    method: 'POST',
    path: '/api/v1/recordings/sync-bucket',
    summary: 'Registers recordings in the bucket the library lacks; flags library files whose objects vanished',
    access: 'admin',
    errors: S3_ERRORS,
    input: z.strictObject({}),
    output: z.object({
      discovered: z.number(),
      updated: z.number(),
      missing: z.number(),
      missing_sessions: z
        .array(z.object({ id: z.string(), title: z.string() }))
        .describe('The sessions whose missing objects were flagged (a session with several counts once)'),
      errors: z.array(z.string()),
    }),
  }),
  download: operation({
    method: 'GET',
    path: '/api/v1/recordings/download/{session_id}',
    summary: 'A presigned GET URL of the recording (default 3600 s, at most 7 days)',
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ session_id: sessionId, expires_in: queryInt(1, 604800).default(3600) }),
    output: z.object({ url: z.string(), expires_in: z.number(), warning: z.string().optional() }),
  }),
  deleteRecording: operation({
    method: 'DELETE',
    path: '/api/v1/recordings/recording/{session_id}',
    summary: 'Removes the recording object from S3 and its reference; the local copy stays',
    access: 'user',
    errors: S3_ERRORS,
    input: z.strictObject({ session_id: sessionId }),
    output: z.object({ deleted: z.boolean(), key: z.string() }),
  }),
};
