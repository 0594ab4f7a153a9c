/**
 * Stage 1: audio. One decode pass of the recording's audio (speech, loudness, waveform) plus a light speech-only
 * pass per participant track, run in parallel. Fast, so its results are published before video analysis ends.
 * Speech: by default an adaptive detector on per-10 ms features of the same decode (speech/detect-speech.ts): a
 * quick broadband estimate, then the refined one (per-band noise floors, bleed between participant tracks removed,
 * clicks and thuds dropped). A caller-given `noiseDb` keeps the fixed-threshold silencedetect path it asks for.
 */
import type { MediaTools } from '../platform/ffmpeg-locate.js';
import { runAudioPass, type AudioPassResult } from './analyzers/audio-pass.js';
import {
  DEFAULT_SPEECH_OPTIONS,
  speechFromSegments,
  speechFromSilences,
  type SpeechData,
  type SpeechOptions,
} from './analyzers/speech-metrics.js';
import {
  segmentsFromTranscript,
  speakerMetrics,
  type LabelledSegment,
  type SpeakersData,
  type SpeakerSegments,
} from './analyzers/speaker-metrics.js';
import type { WaveformData } from './analyzers/waveform.js';
import { clipIntervals, type Interval } from './chunks/intervals.js';
import { mapLimit } from './parallel.js';
import { detectSpeech } from './speech/detect-speech.js';
import { diarizePcm } from './diarization/index.js';
import type { MediaInfo } from './probe.js';

export interface ParticipantTrack {
  name: string;
  path: string;
}

export interface Stage1Input {
  tools: MediaTools;
  path: string;
  media: MediaInfo;
  participants?: readonly ParticipantTrack[];
  transcript?: readonly LabelledSegment[];
  speechOptions?: SpeechOptions;
  noiseDb?: number;
  /** false: no diarization of a lone mixed track (default: on). */
  diarize?: boolean;
  parallel?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
  onSpawn?: (pid: number) => void;
}

export interface Stage1Result {
  speech: SpeechData | null;
  speakers: SpeakersData | null;
  loudness: { integrated_lufs: number; range_lu: number } | null;
  waveform: WaveformData | null;
  decodedS: number | null;
  decodeErrors: string[];
  /**
   * The mixed track's PCM, kept when nothing else says who spoke (no participant tracks, no labelled transcript):
   * diarization runs on it after the first estimate is out (see diarizeStage1). Never part of `data`.
   */
  mixedPcm: Int16Array | null;
}

/** Past this length diarization is skipped rather than holding the PCM in memory (57.6 MB an hour). */
export const DIARIZE_MAX_S = 4 * 3600;

const decodedEnd = (pass: AudioPassResult, durationS: number): number => Math.min(durationS, pass.decodedS);

/** With a fixed level: speech = what silencedetect did not call silence, over what was actually decoded. */
function fixedLevelSegments(pass: AudioPassResult, durationS: number, options: SpeechOptions): Interval[] {
  const end = decodedEnd(pass, durationS);
  return speechFromSilences(clipIntervals(pass.silences, 0, end), end, options).segments;
}

/** Speech segments of each pass; `crossTrack` when the passes are one meeting's participant tracks. */
function segmentsOf(
  passes: readonly AudioPassResult[],
  input: Stage1Input,
  options: SpeechOptions,
  crossTrack: boolean,
): Interval[][] {
  const durationS = input.media.duration;
  if (input.noiseDb !== undefined) return passes.map((p) => fixedLevelSegments(p, durationS, options));
  const tracks = passes.map((p) => ({ features: p.speechFeatures, endS: decodedEnd(p, durationS) }));
  return detectSpeech(tracks, 'refined', crossTrack, options);
}

/** A missing tail (truncated file) is neither speech nor measured, but it still counts as silence in the total. */
function speechOf(segments: readonly Interval[], durationS: number): SpeechData {
  const speech = speechFromSegments(segments, durationS);
  return { ...speech, silence_time_s: Math.round((durationS - speech.talk_time_s) * 1000) / 1000 };
}

export async function runStage1(input: Stage1Input): Promise<Stage1Result> {
  const { media, tools, signal } = input;
  const options = input.speechOptions ?? DEFAULT_SPEECH_OPTIONS;
  const participants = input.participants ?? [];
  const hasMainAudio = media.audio_streams > 0;
  const wantsDiarization =
    hasMainAudio &&
    participants.length === 0 &&
    !(input.transcript && input.transcript.length > 0) &&
    input.noiseDb === undefined &&
    media.duration <= DIARIZE_MAX_S &&
    input.diarize !== false;
  type Job = { kind: 'main' } | { kind: 'participant'; track: ParticipantTrack };
  const jobs: Job[] = [
    ...(hasMainAudio ? [{ kind: 'main' as const }] : []),
    ...participants.map((track) => ({ kind: 'participant' as const, track })),
  ];
  const fractions = jobs.map(() => 0);
  const report = (): void =>
    input.onProgress?.(
      fractions.reduce((a, b) => a + b, 0) / Math.max(1, jobs.length),
      'Analyzing audio: estimating talk time',
    );
  const results = await mapLimit(
    jobs,
    input.parallel ?? 2,
    (job, jobSignal) => {
      const i = jobs.indexOf(job);
      return runAudioPass({
        ffmpeg: tools.ffmpeg,
        path: job.kind === 'main' ? input.path : job.track.path,
        durationS: media.duration,
        speechOnly: job.kind === 'participant',
        keepPcm: job.kind === 'main' && wantsDiarization,
        noiseDb: input.noiseDb,
        signal: jobSignal,
        onSpawn: input.onSpawn,
        onProgress: (f) => {
          fractions[i] = f;
          report();
        },
      });
    },
    signal,
  );

  input.onProgress?.(1, 'Refining speech detection');
  const main = hasMainAudio ? results[0] : undefined;
  const speech = main ? speechOf(segmentsOf([main], input, options, false)[0] ?? [], media.duration) : null;
  let speakerSegments: SpeakerSegments[] = [];
  let source: SpeakersData['source'] = 'participant_audio';
  if (participants.length > 0) {
    const segments = segmentsOf(results.slice(hasMainAudio ? 1 : 0), input, options, true);
    speakerSegments = participants.map((track, i) => ({ speaker: track.name, segments: segments[i] ?? [] }));
  } else if (input.transcript && input.transcript.length > 0) {
    // Who: the transcript's labels. How long: the speech the audio has inside each cue (cue edges are not talk).
    const cues = segmentsFromTranscript(input.transcript);
    speakerSegments = speech ? refineByAudio(cues, speech.segments) : cues;
    source = 'transcript';
  }
  return {
    speech,
    speakers: speakerSegments.length > 0 ? speakerMetrics(speakerSegments, media.duration, source) : null,
    loudness: main?.loudness ?? null,
    waveform: main?.waveform ?? null,
    decodedS: main ? Math.round(main.decodedS * 1000) / 1000 : null,
    decodeErrors: main?.decodeErrors ?? [],
    mixedPcm: wantsDiarization ? (main?.pcm ?? null) : null,
  };
}

/** Each speaker's cues intersected with the detected speech of the recording. */
export function refineByAudio(cues: readonly SpeakerSegments[], speech: readonly Interval[]): SpeakerSegments[] {
  return cues.map(({ speaker, segments }) => ({
    speaker,
    segments: segments.flatMap(([s, e]) => clipIntervals(speech, s, e)),
  }));
}

/** Stage 1 with speakers found by diarization of its mixed track (unchanged when it has no PCM or no speech). */
export function diarizeStage1(s1: Stage1Result, durationS: number): Stage1Result {
  if (!s1.mixedPcm || !s1.speech) return { ...s1, mixedPcm: null };
  const found = diarizePcm(s1.mixedPcm, s1.speech.segments);
  const speakers =
    found && found.speakers.length > 0
      ? speakerMetrics(found.speakers, durationS, 'diarization', found.confidence)
      : s1.speakers;
  return { ...s1, speakers, mixedPcm: null };
}
