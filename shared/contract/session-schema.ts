/** The session object of docs/api.md, as the library answers it. */
import { z } from 'zod';

export const SESSION_STATUSES = ['pending', 'importing', 'uploaded', 'processing', 'ready', 'failed'] as const;
export const sessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof sessionStatus>;

export const PLATFORMS = ['zoom', 'teams', 'meet', 'local', 'api'] as const;
export const platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof platform>;

export const UPLOAD_STATES = ['local_only', 'queued', 'uploading', 'synced', 'failed'] as const;
export const ANALYSIS_STATUSES = ['none', 'queued', 'processing', 'ready', 'failed', 'cancelled'] as const;
export const FILE_KINDS = [
  'recording',
  'audio',
  'participant_audio',
  'transcript',
  'chat',
  'playlist',
  'thumbnail',
  'waveform',
  'analysis',
  'other',
] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const participant = z.object({
  name: z.string().trim().min(1).max(200),
  role: z.enum(['coach', 'client', 'host', 'participant']).default('participant'),
});

export const sessionFile = z.object({
  kind: z.enum(FILE_KINDS),
  name: z.string(),
  size: z.number(),
  managed: z.boolean(),
  s3_key: z.string().nullable(),
  /** `offloaded`: held in S3 only (POST …/offload), playable from there; `restoring`: a restore-local job runs. */
  local_copy: z.enum(['present', 'offloaded', 'restoring', 'remote']).optional(),
});

export const transcriptSegment = z.object({
  start: z.number(),
  end: z.number(),
  speaker: z.string().nullable(),
  text: z.string(),
});

export const session = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum([...SESSION_STATUSES, 'expired']),
  status_detail: z.string().nullable(),
  platform,
  coach_id: z.string(),
  client: z.string(),
  participants: z.array(participant),
  recorded_at: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  duration: z.number().nullable(),
  size: z.number(),
  sha256: z.string().nullable(),
  upload_state: z.enum(UPLOAD_STATES),
  transcript_status: z.enum(['none', 'ready', 'failed']),
  analysis_status: z.enum(ANALYSIS_STATUSES),
  analysis_progress: z.number(),
  notes: z.string(),
  tags: z.array(z.string()),
  expires_at: z.string().nullable(),
  synthetic: z.boolean(),
  coach_share: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .optional()
    .describe(
      "the coach's share of all speakers' talk time, 0–1 (the speaker named like the coach participant, else the " +
        'first speaker), as the latest analysis and the speaker edits give it; null without speakers',
    ),
  files: z.array(sessionFile).optional(),
  transcript: z.array(transcriptSegment).optional(),
  analysis: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type Session = z.infer<typeof session>;
export type SessionFile = z.infer<typeof sessionFile>;
export type Participant = z.infer<typeof participant>;
