/**
 * Analysis of library sessions (`/sessions/{id}/analyze|analysis`), the async video API for other tools
 * (`/video/*`, field names fixed by docs/api.md — hence `sessionId`), markers/notes and the transcript of the review view.
 */
import { z } from 'zod';
import { sessionId, sessionIdList } from './fields.js';
import { operation } from './operation.js';

export const ANALYSIS_TYPES = ['full', 'audio', 'video'] as const;

import { analysisData } from './analysis-data.js';

export { analysisData, type AnalysisDataOut } from './analysis-data.js';

export const VIDEO_STATUSES = ['queued', 'processing', 'completed', 'failed', 'cancelled', 'expired'] as const;

const byId = z.strictObject({ id: sessionId });
const speakerName = z.string().trim().min(1).max(100);
const bySessionId = z.strictObject({ sessionId });

export const analysisResult = z.object({
  session_id: z.string(),
  status: z.enum(['none', 'queued', 'processing', 'ready', 'failed', 'cancelled']),
  progress: z.number(),
  message: z.string(),
  error: z.string().nullable(),
  job_id: z.string().nullable(),
  data: analysisData.nullable(),
});
export type AnalysisResult = z.infer<typeof analysisResult>;

export const videoStatus = z.object({
  sessionId: z.string(),
  status: z.enum(VIDEO_STATUSES),
  progress: z.number(),
  message: z.string(),
  expires_at: z.string().nullable(),
});

export const marker = z.object({
  id: z.number(),
  t: z.number().nullable(),
  kind: z.enum(['marker', 'note', 'chat', 'chapter']),
  author: z.string().nullable(),
  text: z.string(),
  created_at: z.string(),
});
export type Marker = z.infer<typeof marker>;

export const analysisContract = {
  analyze: operation({
    method: 'POST',
    path: '/api/v1/sessions/{id}/analyze',
    errors: { 409: 'The recording is not in the library yet, or there is none', 503: 'ffmpeg is missing' },
    summary: 'Queue analysis of a session',
    access: 'user',
    input: z.strictObject({ id: sessionId, analysis_type: z.enum(ANALYSIS_TYPES).default('full') }),
    output: z.object({ job_id: z.string() }),
    status: 202,
  }),
  result: operation({
    method: 'GET',
    path: '/api/v1/sessions/{id}/analysis',
    summary: 'The latest analysis of a session: status, progress and data (stage-1 audio data as soon as it exists)',
    access: 'user',
    input: byId,
    output: analysisResult,
  }),
  cancel: operation({
    method: 'POST',
    path: '/api/v1/sessions/{id}/analysis/cancel',
    summary: 'Cancel the running analysis of a session (its ffmpeg processes are gone when this answers)',
    access: 'user',
    input: byId,
    output: analysisResult,
  }),
  mediaUrl: operation({
    method: 'GET',
    path: '/api/v1/sessions/{id}/media-url',
    summary: 'A signed URL of the recording (for players, which cannot send a bearer token)',
    access: 'user',
    input: byId,
    output: z.object({ url: z.string(), expires_in: z.number(), artifacts_url: z.string() }),
  }),
  renameSpeaker: operation({
    method: 'PATCH',
    path: '/api/v1/sessions/{id}/speakers/{speaker}',
    errors: { 409: 'No speakers to edit yet, or another speaker already has that name (merge them instead)' },
    summary:
      'Rename a speaker of the latest analysis (every segment, the totals): kept as an edit, applied again to a ' +
      're-analysis wherever its speakers still align in time',
    access: 'user',
    input: z.strictObject({
      id: sessionId,
      speaker: speakerName.describe("the speaker's current name, as in speakers.per_speaker[].name"),
      name: speakerName.describe('the new name'),
    }),
    output: analysisResult,
  }),
  mergeSpeakers: operation({
    method: 'POST',
    path: '/api/v1/sessions/{id}/speakers/merge',
    errors: { 409: 'No speakers to edit yet' },
    summary:
      "Merge one speaker into another: both speakers' segments become one speaker's (time both spoke counted " +
      'once), totals recomputed; kept as an edit like a rename',
    access: 'user',
    input: z
      .strictObject({
        id: sessionId,
        from: speakerName.describe('the speaker merged away'),
        into: speakerName.describe('the speaker that keeps its name and gets both speakers’ segments'),
      })
      .refine((v) => v.from !== v.into, { message: 'a speaker cannot be merged into itself', path: ['into'] }),
    output: analysisResult,
  }),
  posters: operation({
    method: 'GET',
    path: '/api/v1/sessions/posters',
    summary:
      "Signed poster-frame URLs of many sessions at once (the library grid's thumbnails); ids the caller cannot " +
      'see are left out, sessions without a poster answer null',
    access: 'user',
    input: z.strictObject({ ids: sessionIdList(200) }),
    output: z.object({
      items: z.array(z.object({ id: z.string(), poster_url: z.string().nullable() })),
      expires_in: z.number(),
    }),
  }),
};

export const reviewContract = {
  transcript: operation({
    method: 'GET',
    path: '/api/v1/sessions/{id}/transcript',
    summary: 'Transcript segments of a session',
    access: 'user',
    input: byId,
    output: z.object({
      segments: z.array(
        z.object({ start: z.number(), end: z.number(), speaker: z.string().nullable(), text: z.string() }),
      ),
    }),
  }),
  markers: operation({
    method: 'GET',
    path: '/api/v1/sessions/{id}/markers',
    summary: 'Markers, notes and chat lines of a session, in time order',
    access: 'user',
    input: byId,
    output: z.object({ items: z.array(marker) }),
  }),
  addMarker: operation({
    method: 'POST',
    path: '/api/v1/sessions/{id}/markers',
    summary: 'Add a marker or a note at a time of the recording',
    access: 'user',
    input: z.strictObject({
      id: sessionId,
      t: z.number().min(0).nullable().default(null),
      kind: z.enum(['marker', 'note']).default('note'),
      text: z.string().trim().min(1).max(10_000),
    }),
    output: marker,
  }),
  removeMarker: operation({
    method: 'DELETE',
    path: '/api/v1/sessions/{id}/markers/{marker_id}',
    summary: 'Remove a marker or note',
    access: 'user',
    input: z.strictObject({
      id: sessionId,
      marker_id: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().positive()),
    }),
    output: z.null(),
    status: 204,
  }),
};

/**
 * Analysis tuning a tool may send with `/video/upload` as `params` (a JSON object). Known keys are checked and
 * applied; other keys (meant for other tools, say `language`) are accepted and named as ignored in the answer's
 * message, so a caller sees what had no effect.
 */
export const analysisParams = z.looseObject({
  silence_threshold_db: z
    .number()
    .min(-90)
    .max(-10)
    .optional()
    .describe('Audio quieter than this counts as silence (default -50 dB)'),
  min_pause_s: z.number().min(0.1).max(10).optional().describe('Shorter pauses are part of speech (default 0.5 s)'),
  min_speech_s: z.number().min(0).max(5).optional().describe('Shorter sounds are noise, not speech (default 0.1 s)'),
  scene_threshold: z
    .number()
    .min(1)
    .max(100)
    .optional()
    .describe('Scene-change score (ffmpeg scdet, 0–100) above which a frame is a cut (default 10)'),
});
export type AnalysisParams = z.output<typeof analysisParams>;
export const KNOWN_ANALYSIS_PARAMS = Object.keys(analysisParams.shape);

export const videoContract = {
  upload: operation({
    method: 'POST',
    path: '/api/v1/video/upload',
    errors: { 408: 'The upload stalled', 503: 'ffmpeg is missing' },
    summary: 'Send a video for analysis (multipart `video`); answers within 500 ms of the body arriving',
    access: 'user',
    input: z.strictObject({
      analysis_type: z.enum(ANALYSIS_TYPES).default('full'),
      params: z
        .string()
        .max(10_000)
        .transform((text, ctx): unknown => {
          try {
            const parsed: unknown = JSON.parse(text);
            if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed;
          } catch {
            // reported below
          }
          ctx.addIssue({ code: 'custom', message: 'expected a JSON object' });
          return z.NEVER;
        })
        .pipe(analysisParams)
        .optional()
        .describe(`JSON object; known keys: ${KNOWN_ANALYSIS_PARAMS.join(', ')}`),
    }),
    output: z.object({
      sessionId: z.string(),
      status: z.literal('queued'),
      message: z.string(),
      expires_at: z.string(),
    }),
    status: 202,
    multipartFile: 'video',
  }),
  status: operation({
    method: 'GET',
    path: '/api/v1/video/status/{sessionId}',
    summary: 'Status and progress of an analysis sent with /video/upload',
    access: 'user',
    input: bySessionId,
    output: videoStatus,
  }),
  results: operation({
    method: 'GET',
    path: '/api/v1/video/results/{sessionId}',
    errors: { 409: 'Analysis failed' },
    summary: 'The analysis data (400 while not ready, 409 when it failed, 404 when unknown)',
    access: 'user',
    input: bySessionId,
    output: z.object({
      sessionId: z.string(),
      status: z.literal('completed'),
      data: analysisData,
      expires_at: z.string().nullable(),
    }),
  }),
  cancel: operation({
    method: 'POST',
    path: '/api/v1/video/cancel/{sessionId}',
    errors: { 409: 'The analysis has already ended' },
    summary: 'Cancel an analysis; its ffmpeg processes are gone when this answers',
    access: 'user',
    input: bySessionId,
    output: z.object({
      sessionId: z.string(),
      status: z.literal('cancelled'),
      message: z.string(),
      expires_at: z.string().nullable(),
    }),
  }),
  cleanup: operation({
    method: 'DELETE',
    path: '/api/v1/video/cleanup/{sessionId}',
    summary: 'Cancel, then delete the files and rows of an analysis session',
    access: 'user',
    input: bySessionId,
    output: z.object({ message: z.string() }),
  }),
};
