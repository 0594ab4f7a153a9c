/**
 * Pure: who spoke when in one mixed track, from the detector's speech segments and the track's cepstral features.
 *  1. cepstra normalised over the speech (mean and variance: the room and the microphone cancel out);
 *  2. speech cut into ≈1.5 s windows, each a point (mean and spread of its cepstra, its pitch);
 *  3. Ward clustering of the windows, the number of speakers (2–4) chosen by the eigengap of the windows' normalised
 *     affinity (eigengap.ts; BIC, cluster.ts, the p-nearest-neighbour graph, neighbour-count.ts, and the turn test,
 *     turn-split.ts, stay as options);
 *  4. re-segmentation: per-speaker GMMs and a Viterbi pass with a switch penalty, twice (resegment.ts);
 *  5. each speaker span's quiet edges (the detector's hangover) trimmed (trim.ts).
 * See docs/architecture-notes.md ("Diarization") for the choices and the measured accuracy.
 */
import type { Interval } from '../chunks/intervals.js';
import { CEPSTRA, cepstraOf, HOP_S, noiseFloorOf, type CepstralFeatures } from './cepstra.js';
import { chooseClusters, silhouette, wardMerges, type Points } from './cluster.js';
import { splitByTurns } from './turn-split.js';
import { columnMoments } from './moments.js';
import { speechThresholdDb, trimQuietEdges } from './trim.js';
import { frameLogLik, trainModel, viterbi, type FrameSet } from './resegment.js';

export interface DiarizeOptions {
  minSpeakers: number;
  maxSpeakers: number;
  /** Target window length for clustering (seconds of speech). */
  windowS: number;
  /** Windows shorter than this are left to the re-segmentation. */
  minWindowS: number;
  /** Nats per change of speaker inside a stretch of speech. */
  switchPenalty: number;
  passes: number;
  /** At most this many windows are clustered (longer recordings get longer windows). */
  maxWindows: number;
  /** Weight of the pitch dimension in a window's point (the cepstral dimensions weigh 1 each). */
  pitchWeight: number;
  /** Include each cepstrum's spread within the window. */
  spread: boolean;
  /** How the number of speakers is chosen. */
  countBy: 'bic' | 'silhouette' | 'eigengap' | 'neighbours' | 'turns';
  /** Windows counted as independent evidence when choosing the number of speakers (see partitionBic). */
  bicSamples: number;
  /** Subtract each mel band's noise floor (measured on the non-speech frames) before the cepstra. */
  noiseFloor: boolean;
  /** Trim each span's edges where the frames are nearer the room's level than the speech's (trim.ts). */
  trimEdges: boolean;
}

export const DEFAULT_DIARIZE: DiarizeOptions = {
  minSpeakers: 2,
  maxSpeakers: 4,
  windowS: 1.5,
  minWindowS: 0.5,
  switchPenalty: 40,
  passes: 2,
  maxWindows: 2500,
  pitchWeight: 3,
  spread: true,
  countBy: 'eigengap',
  bicSamples: 60,
  noiseFloor: false,
  trimEdges: true,
};

export interface DiarizationResult {
  /** Per speaker (in order of first speech), their spans. */
  speakers: Interval[][];
  /** 0–1: how well separated the speakers' windows are (mean silhouette, scaled). */
  confidence: number;
  /** BIC of each candidate number of speakers (for the notes and tests). */
  bic: Record<number, number>;
}

const frameCentre = (f: number): number => f * HOP_S + 0.016;

/** Speech frames (indices into the features) and, per speech frame, its segment. */
function speechFrames(features: CepstralFeatures, segments: readonly Interval[]): { frames: number[]; seg: number[] } {
  const frames: number[] = [];
  const seg: number[] = [];
  segments.forEach(([s, e], k) => {
    const first = Math.max(0, Math.ceil((s - 0.016) / HOP_S));
    for (let f = first; f < features.frames && frameCentre(f) < e; f++) {
      frames.push(f);
      seg.push(k);
    }
  });
  return { frames, seg };
}

/** Cepstra of the speech frames, each dimension normalised to mean 0, variance 1 over the speech. */
function normalised(features: CepstralFeatures, frames: readonly number[], noise: boolean): FrameSet {
  const dim = CEPSTRA;
  const isSpeech = new Uint8Array(features.frames);
  for (const f of frames) isSpeech[f] = 1;
  const x = cepstraOf(features, frames, noise ? noiseFloorOf(features, isSpeech) : null);
  const f0 = new Float32Array(frames.length);
  for (let d = 0; d < dim; d++) {
    const { mean, variance } = columnMoments(x, dim, d, { from: 0, to: frames.length });
    const sd = Math.sqrt(Math.max(variance, 1e-9));
    for (let i = 0; i < frames.length; i++) x[i * dim + d] = ((x[i * dim + d] as number) - mean) / sd;
  }
  frames.forEach((f, i) => (f0[i] = features.logF0[f] as number));
  return { x, dim, f0, frames: frames.length };
}

/** Windows of consecutive speech frames inside one segment: [first, end) indices into the speech frames. */
function windowsOf(seg: readonly number[], windowFrames: number): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < seg.length) {
    let j = i;
    while (j < seg.length && seg[j] === seg[i]) j++;
    const pieces = Math.max(1, Math.round((j - i) / windowFrames));
    for (let p = 0; p < pieces; p++) {
      out.push([i + Math.floor(((j - i) * p) / pieces), i + Math.floor(((j - i) * (p + 1)) / pieces)]);
    }
    i = j;
  }
  return out;
}

/** One point per window: mean and spread of each cepstrum, mean log pitch; then each dimension standardised. */
function embed(set: FrameSet, windows: readonly [number, number][], o: DiarizeOptions): Points {
  const dim = 2 * set.dim + 1;
  const x = new Float64Array(windows.length * dim);
  const pitches: number[] = [];
  windows.forEach(([a, b], w) => {
    for (let d = 0; d < set.dim; d++) {
      const { mean, variance } = columnMoments(set.x, set.dim, d, { from: a, to: b });
      x[w * dim + d] = mean;
      x[w * dim + set.dim + d] = Math.sqrt(variance);
    }
    const voiced = Array.from(set.f0.subarray(a, b)).filter((v) => !Number.isNaN(v));
    const pitch = voiced.length >= 3 ? voiced.sort((p, q) => p - q)[voiced.length >> 1]! : NaN;
    x[w * dim + dim - 1] = pitch;
    if (!Number.isNaN(pitch)) pitches.push(pitch);
  });
  const typical = pitches.length ? pitches.sort((p, q) => p - q)[pitches.length >> 1]! : 7;
  for (let w = 0; w < windows.length; w++) if (Number.isNaN(x[w * dim + dim - 1])) x[w * dim + dim - 1] = typical;
  for (let d = 0; d < dim; d++) {
    const { mean, variance } = columnMoments(x, dim, d, { from: 0, to: windows.length });
    const sd = Math.sqrt(Math.max(variance, 1e-9));
    const weight = d === dim - 1 ? o.pitchWeight : d >= set.dim && !o.spread ? 0 : 1;
    for (let w = 0; w < windows.length; w++) x[w * dim + d] = (weight * ((x[w * dim + d] as number) - mean)) / sd;
  }
  return { x, n: windows.length, dim };
}

/** Speech frames → per-speaker spans: a run of one label ends halfway to the next frame, clipped to its segment. */
function spansOf(
  path: Int32Array,
  frames: readonly number[],
  seg: readonly number[],
  segments: readonly Interval[],
  k: number,
): Interval[][] {
  const out: Interval[][] = Array.from({ length: k }, () => []);
  let i = 0;
  while (i < path.length) {
    let j = i;
    while (j < path.length && path[j] === path[i] && seg[j] === seg[i]) j++;
    const [s, e] = segments[seg[i] as number] as Interval;
    const startsSegment = i === 0 || seg[i - 1] !== seg[i];
    const endsSegment = j === path.length || seg[j] !== seg[i];
    const from = startsSegment ? s : frameCentre(frames[i] as number) - HOP_S / 2;
    const to = endsSegment ? e : frameCentre(frames[j - 1] as number) + HOP_S / 2;
    out[path[i] as number]?.push([Math.max(s, from), Math.min(e, to)]);
    i = j;
  }
  return out;
}

export function diarize(
  features: CepstralFeatures,
  segments: readonly Interval[],
  options: DiarizeOptions = DEFAULT_DIARIZE,
): DiarizationResult | null {
  const { frames, seg } = speechFrames(features, segments);
  if (frames.length < 50) return null;
  const set = normalised(features, frames, options.noiseFloor);
  const speechS = frames.length * HOP_S;
  const windowS = Math.max(options.windowS, speechS / options.maxWindows);
  const minFrames = Math.round(options.minWindowS / HOP_S);
  const windows = windowsOf(seg, Math.round(windowS / HOP_S)).filter(([a, b]) => b - a >= minFrames);
  if (windows.length < 4) return null;
  const points = embed(set, windows, options);
  const chosen =
    options.countBy === 'turns'
      ? {
          ...splitByTurns(
            points.n,
            wardMerges(points),
            turnPairs(seg, windows),
            options.minSpeakers,
            options.maxSpeakers,
          ),
          bic: new Map<number, number>(),
        }
      : chooseClusters(points, options.minSpeakers, options.maxSpeakers, options.countBy, options.bicSamples);
  let k = chosen.k;
  // Frames inherit their window's cluster; frames of dropped short windows start unlabelled (-1).
  let labels: Int32Array = new Int32Array(frames.length).fill(-1);
  windows.forEach(([a, b], w) => labels.fill(chosen.labels[w] as number, a, b));
  const gapBefore = Uint8Array.from(seg, (s, i) => (i > 0 && seg[i - 1] !== s ? 1 : 0));
  const all = frames.map((_, i) => i);
  for (let pass = 0; pass < options.passes; pass++) {
    const members: number[][] = Array.from({ length: k }, () => []);
    labels.forEach((l, i) => l >= 0 && members[l]?.push(i));
    const kept = members.map((m, c) => ({ m, c })).filter(({ m }) => m.length >= 25);
    if (kept.length === 0) break;
    const models = kept.map(({ m }) => trainModel(set, m));
    const path = viterbi(frameLogLik(set, all, models), models.length, options.switchPenalty, gapBefore);
    labels = path;
    k = models.length;
  }
  // Renumber by first appearance, drop speakers left with nothing.
  const order: number[] = [];
  labels.forEach((l) => {
    if (l >= 0 && !order.includes(l)) order.push(l);
  });
  const renumbered = Int32Array.from(labels, (l) => Math.max(0, order.indexOf(l)));
  const spans = spansOf(renumbered, frames, seg, segments, order.length);
  const threshold = options.trimEdges ? speechThresholdDb(features, frames) : NaN;
  const speakers = spans.map((sp) => trimQuietEdges(sp, features, threshold));
  const windowLabels = Int32Array.from(windows, ([a, b]) => majority(renumbered.subarray(a, b), order.length));
  const s = silhouette(points, windowLabels, order.length);
  return {
    speakers,
    confidence: Math.round(Math.min(1, Math.max(0, 2 * s)) * 100) / 100,
    bic: Object.fromEntries(chosen.bic),
  };
}

function majority(labels: Int32Array, k: number): number {
  const counts = new Int32Array(Math.max(1, k));
  for (const l of labels) counts[l] = (counts[l] as number) + 1;
  let best = 0;
  for (let c = 1; c < k; c++) if ((counts[c] as number) > (counts[best] as number)) best = c;
  return best;
}

/** Consecutive windows inside one stretch of speech (one speaker, nearly always). */
function turnPairs(seg: readonly number[], windows: readonly [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (let w = 0; w + 1 < windows.length; w++) {
    if (seg[windows[w]![0]] === seg[windows[w + 1]![0]]) out.push([w, w + 1]);
  }
  return out;
}
