/**
 * Stage 1 for one audio track: ONE decode, split into silencedetect + ebur128 (loudness) and a low-rate PCM
 * branch for waveform peaks and speech features. Silences are detected with a tiny minimum duration and filtered afterwards, so the
 * result does not depend on where a decode starts or stops (exact chunk merging).
 */
import { runProcess } from '../ffmpeg/run-ffmpeg.js';
import type { Interval } from '../chunks/intervals.js';
import { LoudnessCollector, isDecodeErrorLine, silenceCollector } from './log-parsers.js';
import { PeakAccumulator, peakCountFor, type WaveformData } from './waveform.js';
import { SPEECH_RATE_HZ, SpeechFeatureAccumulator, type SpeechFeatures } from '../speech/frame-features.js';

export interface AudioPassOptions {
  ffmpeg: string;
  path: string;
  /** Which audio stream of the file (0 = first). */
  audioIndex?: number;
  durationS: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  /** Below this level a sample counts as silent. */
  noiseDb?: number;
  /** Skip loudness and waveform (per-participant tracks only need speech detection). */
  speechOnly?: boolean;
  onSpawn?: (pid: number) => void;
  /** Keep the decoded PCM (8 kHz s16 mono: 57.6 MB an hour) for diarization after the first estimate. */
  keepPcm?: boolean;
}

export interface AudioPassResult {
  silences: Interval[];
  loudness: { integrated_lufs: number; range_lu: number } | null;
  waveform: WaveformData | null;
  /** Per-10 ms speech features of the same decode (the adaptive speech detection works on these). */
  speechFeatures: SpeechFeatures;
  /** How much audio was actually decoded (less than the duration when the file is truncated). */
  decodedS: number;
  decodeErrors: string[];
  /** The decoded PCM at WAVEFORM_RATE_HZ when `keepPcm` was asked for. */
  pcm: Int16Array | null;
}

/** The one PCM branch feeds both the waveform and the speech features, so it runs at the speech rate. */
export const WAVEFORM_RATE_HZ = SPEECH_RATE_HZ;
/** Detection granularity; the speech analysis drops silences shorter than its own minimum afterwards. */
const DETECT_MIN_SILENCE_S = 0.05;

export function audioPassArgs(o: AudioPassOptions): string[] {
  const noise = `${o.noiseDb ?? -50}dB`;
  const input = `[0:a:${o.audioIndex ?? 0}]`;
  const detect = `silencedetect=n=${noise}:d=${DETECT_MIN_SILENCE_S}`;
  const args = ['-hide_banner', '-nostdin', '-v', 'info', '-vn', '-sn', '-dn', '-i', o.path];
  if (o.speechOnly) {
    // The PCM branch still runs (at a trivial rate) because its sample count tells how far decoding got.
    args.push('-filter_complex', `${input}asplit=2[m][w];[m]${detect},anullsink;[w]${pcmBranch()}[wave]`);
  } else {
    const graph = `${input}asplit=2[m][w];[m]${detect},ebur128=framelog=verbose,anullsink;[w]${pcmBranch()}[wave]`;
    args.push('-filter_complex', graph);
  }
  args.push('-map', '[wave]', '-f', 's16le', 'pipe:1');
  return args;
}

/** Downmix first; the default resampler keeps the speech band up to 4 kHz clean (the features need it). */
function pcmBranch(): string {
  return `aformat=channel_layouts=mono,aresample=${WAVEFORM_RATE_HZ},aformat=sample_fmts=s16`;
}

export async function runAudioPass(o: AudioPassOptions): Promise<AudioPassResult> {
  const silences = silenceCollector();
  const loudness = new LoudnessCollector();
  const decodeErrors: string[] = [];
  const features = new SpeechFeatureAccumulator();
  const kept: Buffer[] = [];
  const expectedSamples = Math.max(1, o.durationS * WAVEFORM_RATE_HZ);
  const peaks = new PeakAccumulator(
    WAVEFORM_RATE_HZ,
    Math.max(1, Math.ceil(expectedSamples / peakCountFor(o.durationS))),
  );
  await runProcess(o.ffmpeg, audioPassArgs(o), {
    signal: o.signal,
    durationS: o.durationS,
    onSpawn: o.onSpawn,
    onProgress: o.onProgress ? (p) => o.onProgress?.(p.fraction) : undefined,
    onStdout: (data) => {
      peaks.push(data);
      features.push(data);
      if (o.keepPcm) kept.push(Buffer.from(data));
    },
    onStderrLine: (line) => {
      silences.push(line);
      loudness.push(line);
      if (decodeErrors.length < 20 && isDecodeErrorLine(line)) decodeErrors.push(line.trim());
    },
  });
  const decodedS = peaks.decodedS;
  const waveform = peaks.finish();
  return {
    silences: silences.finish(decodedS),
    loudness: o.speechOnly ? null : loudness.result(),
    waveform: o.speechOnly ? null : waveform,
    speechFeatures: features.finish(),
    decodedS,
    decodeErrors,
    pcm: o.keepPcm ? pcmOf(kept) : null,
  };
}

function pcmOf(chunks: readonly Buffer[]): Int16Array {
  const all = Buffer.concat(chunks);
  const bytes = new Uint8Array(all.length & ~1);
  bytes.set(all.subarray(0, bytes.length));
  return new Int16Array(bytes.buffer); // s16le, and every platform Electron runs on is little-endian
}
