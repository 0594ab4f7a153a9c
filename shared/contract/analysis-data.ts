/**
 * The analysis result (`data` of docs/api.md), typed section by section so `openapi.json` documents every field tool
 * authors read. The analysis engine's types (main/analysis/types.ts) are inferred from these schemas, and `tests/integration/analysis/analysis-schema.test.ts` validates real results against them. Objects
 * list every field: a later version may add fields (and their schema), never remove or retype these.
 */
import { z } from 'zod';

const seconds = z.number().describe('seconds');
const span = z.tuple([seconds, seconds]).describe('[start, end] in seconds');

export const mediaSection = z
  .object({
    duration: seconds.describe('duration of the recording, seconds'),
    container: z.string().describe('container format(s) as ffprobe names them, e.g. "mov,mp4,m4a,3gp,3g2,mj2"'),
    video_codec: z.string().nullable(),
    audio_codec: z.string().nullable(),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
    fps: z.number().nullable(),
    bitrate: z.number().nullable().describe('bits per second'),
    video_streams: z.number().int(),
    audio_streams: z.number().int(),
    keyframe_interval_s: z.number().nullable().describe('largest gap between video keyframes seen; null without video'),
    container_duration: z.number().nullable(),
    stream_durations: z.object({ video: z.number().nullable(), audio: z.number().nullable() }),
  })
  .describe('What the file is (ffprobe)');

export const speechSection = z
  .object({
    segments: z.array(span).describe('speech spans of the whole recording (any speaker)'),
    talk_time_s: seconds,
    silence_time_s: seconds,
    longest_monologue_s: seconds,
  })
  .nullable()
  .describe('When anyone speaks; null without audio');

export const speakersSection = z
  .object({
    source: z
      .enum(['participant_audio', 'transcript', 'diarization'])
      .describe(
        "where speaker identities come from: per-person tracks, a speaker-labelled transcript, or 'diarization' (detected from the mixed audio alone)",
      ),
    confidence: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'how sure the attribution is, 0–1: 1 for per-person tracks and transcript labels; for diarization, how well the voices separate',
      ),
    per_speaker: z.array(
      z.object({
        name: z.string(),
        talk_time_s: seconds,
        share: z.number().min(0).max(1).describe("fraction of all speakers' talk time; shares add up to 1"),
        turns: z.number().int(),
        longest_monologue_s: seconds,
        segments: z
          .array(span)
          .describe('when this speaker spoke: sorted, non-overlapping spans (a "who spoke when" timeline)'),
      }),
    ),
    talk_ratio: z
      .number()
      .nullable()
      .describe("first speaker's talk time / everyone else's; null if others are silent"),
    switches: z.number().int(),
    switches_per_minute: z.number(),
    overlap: z.object({ count: z.number().int(), total_s: seconds }),
    response_gaps: z.object({ count: z.number().int(), mean_s: seconds, median_s: seconds, max_s: seconds }),
  })
  .nullable()
  .describe(
    'Per speaker, from per-participant tracks, a speaker-labelled transcript, or diarization of the mixed track; null without speech',
  );

export const loudnessSection = z
  .object({ integrated_lufs: z.number(), range_lu: z.number() })
  .nullable()
  .describe('EBU R128 integrated loudness and loudness range; null without audio');

export const scenesSection = z
  .object({ cuts: z.array(seconds).describe('scene-change times'), count: z.number().int() })
  .nullable()
  .describe('Scene changes; null for audio-only analyses and until stage 2 completes');

export const thumbnailsSection = z
  .object({
    poster: z.string().nullable().describe('file name of the poster frame (see media-url artifacts_url)'),
    strip: z.string().nullable().describe('file name of the timeline strip image'),
    frames: z.array(z.object({ t: seconds, file: z.string() })),
  })
  .nullable();

export const waveformSection = z
  .object({
    sample_rate_hz: z.number(),
    seconds_per_peak: z.number(),
    peaks: z.array(z.number()).describe('flat [min, max, min, max, …] pairs, -1..1'),
  })
  .nullable()
  .describe('Peaks for drawing the waveform; null without audio');

export const qualitySection = z
  .object({
    no_audio: z.boolean(),
    no_video: z.boolean(),
    silent_audio: z.boolean(),
    black_video: z.boolean(),
    truncated: z.boolean(),
    decoded_duration_s: z.number().nullable(),
    black_segments: z.array(span),
    black_time_s: seconds,
    decode_errors: z.array(z.string()),
  })
  .describe('Flags a reviewer should know about');

export const analysisData = z.object({
  version: z.literal(1),
  stage: z.enum(['audio', 'complete']).describe("'audio' while only stage 1 is in (published early), then 'complete'"),
  media: mediaSection,
  speech: speechSection,
  speakers: speakersSection,
  loudness: loudnessSection,
  scenes: scenesSection,
  thumbnails: thumbnailsSection,
  waveform: waveformSection,
  quality: qualitySection,
});
export type AnalysisDataOut = z.infer<typeof analysisData>;

/** The sections as the engine builds them (main/analysis types are these, not copies of them). */
export type MediaSection = z.infer<typeof mediaSection>;
export type SpeechSection = NonNullable<z.infer<typeof speechSection>>;
export type SpeakersSection = NonNullable<z.infer<typeof speakersSection>>;
export type ThumbnailsSection = NonNullable<z.infer<typeof thumbnailsSection>>;
export type WaveformSection = NonNullable<z.infer<typeof waveformSection>>;
export type QualitySection = z.infer<typeof qualitySection>;
