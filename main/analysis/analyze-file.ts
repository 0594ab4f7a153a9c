/**
 * analyzeFile: probe → stage 1 (audio, published early through onStage1) → stage 2 (video chunks) → `data`.
 * Used directly (CLI, tests, bench) and by the queue's analysis job handler.
 */
import { mkdir } from 'node:fs/promises';
import type { MediaTools } from '../platform/ffmpeg-locate.js';
import type { LabelledSegment } from './analyzers/speaker-metrics.js';
import type { SpeechOptions } from './analyzers/speech-metrics.js';
import { totalLength } from './chunks/intervals.js';
import { probeMedia, UnreadableMediaError, type MediaInfo } from './probe.js';
import { diarizeStage1, runStage1, type ParticipantTrack, type Stage1Result } from './stage1-audio.js';
import { runStage2, type Stage2Result, type VideoChunkStore } from './stage2-video.js';
import type { AnalysisData, QualityData } from './types.js';

export type AnalysisType = 'full' | 'audio' | 'video';

export interface AnalyzeOptions {
  tools: MediaTools;
  /** Where thumbnails, strip and poster are written (file names in `data` are relative to it). */
  outDir: string;
  analysisType?: AnalysisType;
  participants?: readonly ParticipantTrack[];
  transcript?: readonly LabelledSegment[];
  speechOptions?: SpeechOptions;
  noiseDb?: number;
  /** false: no diarization of a lone mixed track (default: on). */
  diarize?: boolean;
  chunkS?: number;
  padS?: number;
  /** ffmpeg processes at once (default 2: one per core on the reference machine). */
  parallel?: number;
  sceneThreshold?: number;
  chunks?: VideoChunkStore;
  signal?: AbortSignal;
  /** Overall progress 0–100 with a human message ("Analyzing segment 3/8"). */
  onProgress?: (percent: number, message: string) => void;
  /** Stage-1 (audio) results, as soon as they exist. */
  onStage1?: (data: AnalysisData) => void;
  onSpawn?: (pid: number) => void;
}

/** Share of the progress bar given to stage 1: audio decoding is far cheaper than video. */
const STAGE1_WEIGHT = 15;

export class NoUsableStreamError extends Error {
  constructor(path: string, detail: string) {
    super(`nothing to analyse in ${path}: ${detail}`);
    this.name = 'NoUsableStreamError';
  }
}

function quality(media: MediaInfo, s1: Stage1Result | null, s2: Stage2Result | null): QualityData {
  const decodeErrors = [...(s1?.decodeErrors ?? []), ...(s2?.decodeErrors ?? [])].slice(0, 20);
  const blackTime = s2 ? totalLength(s2.black) : 0;
  const videoLength = media.stream_durations.video ?? media.duration;
  const streamShort = [media.stream_durations.audio, media.stream_durations.video].some(
    (d) => d !== null && media.container_duration !== null && d < media.container_duration - 1,
  );
  const decodedShort = s1?.decodedS != null && s1.decodedS < media.duration - 0.5;
  return {
    no_audio: media.audio_streams === 0,
    no_video: media.video_streams === 0,
    silent_audio: s1?.speech != null && s1.speech.talk_time_s < 0.1,
    black_video: s2 !== null && videoLength > 0 && blackTime >= 0.95 * videoLength,
    truncated: decodedShort || streamShort || decodeErrors.length > 0,
    decoded_duration_s: s1?.decodedS ?? null,
    black_segments: (s2?.black ?? []).map(([s, e]) => [s, e]),
    black_time_s: Math.round(blackTime * 1000) / 1000,
    decode_errors: decodeErrors,
  };
}

function assemble(
  media: MediaInfo,
  s1: Stage1Result | null,
  s2: Stage2Result | null,
  stage: AnalysisData['stage'],
): AnalysisData {
  return {
    version: 1,
    stage,
    media,
    speech: s1?.speech ?? null,
    speakers: s1?.speakers ?? null,
    loudness: s1?.loudness ?? null,
    scenes: s2 ? { cuts: s2.cuts, count: s2.cuts.length } : null,
    thumbnails: s2?.thumbnails ?? null,
    waveform: s1?.waveform ?? null,
    quality: quality(media, s1, s2),
  };
}

export async function analyzeFile(path: string, options: AnalyzeOptions): Promise<AnalysisData> {
  const { tools, signal } = options;
  const type = options.analysisType ?? 'full';
  const progress = (pct: number, message: string): void => options.onProgress?.(Math.round(pct * 10) / 10, message);
  progress(0, 'Reading media information');
  const media = await probeMedia(path, { ffprobe: tools.ffprobe, signal });
  const wantsAudio = type !== 'video' && (media.audio_streams > 0 || (options.participants?.length ?? 0) > 0);
  const wantsVideo = type !== 'audio' && media.video_streams > 0;
  if (!wantsAudio && !wantsVideo) {
    throw new NoUsableStreamError(path, `no ${type === 'audio' ? 'audio' : 'video'} stream for a '${type}' analysis`);
  }
  const stage1Share = wantsVideo ? STAGE1_WEIGHT : 100;

  let s1: Stage1Result | null = null;
  if (wantsAudio) {
    s1 = await runStage1({
      ...options,
      path,
      media,
      onProgress: (f, message) => progress(f * stage1Share, message ?? 'Analyzing audio'),
    });
    if (media.audio_streams > 0 && s1.decodedS !== null && s1.decodedS <= 0 && media.video_streams === 0) {
      throw new UnreadableMediaError(path, s1.decodeErrors[0] ?? 'no audio could be decoded');
    }
    options.onStage1?.(assemble(media, s1, null, 'audio'));
    if (s1.mixedPcm) {
      // After the first estimate is out: who spoke when, from the mixed track alone (CPU only, no new decode).
      progress(stage1Share, 'Finding who spoke when');
      s1 = diarizeStage1(s1, media.duration);
      options.onStage1?.(assemble(media, s1, null, 'audio'));
    }
  }

  let s2: Stage2Result | null = null;
  if (wantsVideo) {
    await mkdir(options.outDir, { recursive: true });
    s2 = await runStage2({
      ...options,
      path,
      media,
      onProgress: (f, message) => progress(stage1Share + f * (100 - stage1Share), message),
    });
  }
  progress(100, 'Analysis complete');
  return assemble(media, s1, s2, 'complete');
}
