/** The analysis result (`data` in docs/api.md) and the per-chunk result persisted for resume. */
import type { AnalysisDataOut } from '../../shared/contract/analysis-data.js';
import type { Interval } from './chunks/intervals.js';
import type { MediaInfo } from './probe.js';
import type { SpeechData } from './analyzers/speech-metrics.js';
import type { SpeakersData } from './analyzers/speaker-metrics.js';
import type { WaveformData } from './analyzers/waveform.js';
import type { ThumbnailsData } from './analyzers/thumbnails.js';

export interface QualityData {
  no_audio: boolean;
  no_video: boolean;
  silent_audio: boolean;
  black_video: boolean;
  truncated: boolean;
  /** How far the audio decode really got (null without audio). */
  decoded_duration_s: number | null;
  black_segments: [number, number][];
  black_time_s: number;
  decode_errors: string[];
}

export interface AnalysisData {
  version: 1;
  /** 'audio' while only stage 1 is in (published early), 'complete' at the end. */
  stage: 'audio' | 'complete';
  media: MediaInfo;
  speech: SpeechData | null;
  speakers: SpeakersData | null;
  loudness: { integrated_lufs: number; range_lu: number } | null;
  scenes: { cuts: number[]; count: number } | null;
  thumbnails: ThumbnailsData | null;
  waveform: WaveformData | null;
  quality: QualityData;
}

/** What one video chunk found (absolute times, not yet clipped to the chunk's span). */
export interface VideoChunkResult {
  cuts: number[];
  black: Interval[];
  thumbnails: { index: number; t: number; file: string }[];
  decodeErrors: string[];
}

/**
 * Compile-time check: what the engine produces is what the catalogue publishes (shared/contract/analysis-data.ts).
 * A field added here without the schema, or retyped, fails the type check.
 */
export const analysisDataMatchesContract: (data: AnalysisData) => AnalysisDataOut = (data) => data;
