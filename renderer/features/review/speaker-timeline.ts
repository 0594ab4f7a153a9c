/**
 * Who spoke when, as the review draws it: one track per speaker with a stable colour (the same in the talk-time
 * bars, the lane and the waveform), a fast "who speaks at t" lookup for colouring waveform bars, pixel merging so
 * a 2-hour session draws in a few thousand rectangles, and hit testing for hover and click. Pure, unit-tested.
 */
import type { ReviewAnalysis } from './review-model.js';

/**
 * Okabe & Ito's colour-blind-safe palette (Color Universal Design), ordered so the first speakers differ most
 * in hue and lightness; black is replaced by a grey that reads on light and dark backgrounds. Beyond eight
 * speakers colours repeat (the lane's rows and labels still tell them apart).
 */
export const SPEAKER_PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#F0E442',
  '#8C8C8C',
] as const;

export type Span = readonly [start: number, end: number];

export interface SpeakerTrack {
  name: string;
  colour: string;
  /** Sorted, non-overlapping. */
  segments: Span[];
  talk_time_s: number;
  /** 0–1 of everyone's talk time. */
  share: number;
  turns: number;
}

export interface LabelledLine {
  start: number;
  end: number;
  speaker: string | null;
}

/** Colour by a speaker's place in `names` (the analysis order: first to speak, or the participant tracks' order). */
export function speakerColours(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of names) {
    if (!out.has(name)) out.set(name, SPEAKER_PALETTE[out.size % SPEAKER_PALETTE.length]!);
  }
  return out;
}

function normalize(spans: readonly Span[]): Span[] {
  const sorted = spans.filter(([s, e]) => Number.isFinite(s) && Number.isFinite(e) && e > s);
  sorted.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

const total = (spans: readonly Span[]) => spans.reduce((sum, [s, e]) => sum + (e - s), 0);

/**
 * The tracks to draw: the analysis' per-speaker segments; for an analysis without them (made before they were
 * published), the speaker-labelled transcript lines. Colours follow the analysis' speaker order, so a speaker keeps
 * the colour the talk-time bars give it.
 */
export function speakerTracks(analysis: ReviewAnalysis | null, lines: readonly LabelledLine[]): SpeakerTrack[] {
  const speakers = analysis?.speakers ?? [];
  const fromAnalysis = speakers.some((s) => s.segments.length > 0);
  const bySpeaker = new Map<string, Span[]>();
  if (fromAnalysis) {
    for (const s of speakers) bySpeaker.set(s.name, normalize(s.segments));
  } else {
    for (const line of lines) {
      if (!line.speaker) continue;
      bySpeaker.set(line.speaker, [...(bySpeaker.get(line.speaker) ?? []), [line.start, line.end]]);
    }
    for (const [name, spans] of bySpeaker) bySpeaker.set(name, normalize(spans));
  }
  const colours = speakerColours([...speakers.map((s) => s.name), ...bySpeaker.keys()]);
  const everyone = [...bySpeaker.values()].reduce((sum, spans) => sum + total(spans), 0);
  return [...bySpeaker].map(([name, segments]) => {
    const stats = speakers.find((s) => s.name === name);
    const talk = total(segments);
    return {
      name,
      colour: colours.get(name)!,
      segments,
      talk_time_s: stats?.talk_time_s ?? talk,
      share: stats?.share ?? (everyone > 0 ? talk / everyone : 0),
      turns: stats?.turns ?? segments.length,
    };
  });
}

/** Every track's spans in one start-ordered list, with the running maximum end for "who covers t" lookups. */
export interface SpeakerIndex {
  starts: Float64Array;
  ends: Float64Array;
  speaker: Int32Array;
  /** maxEnd[i] = the largest end among spans 0..i: a backwards scan stops once nothing earlier reaches t. */
  maxEnd: Float64Array;
}

export function indexSpeakers(tracks: readonly SpeakerTrack[]): SpeakerIndex {
  const all = tracks.flatMap((t, i) => t.segments.map(([s, e]) => ({ s, e, i })));
  all.sort((a, b) => a.s - b.s || a.e - b.e);
  const index: SpeakerIndex = {
    starts: new Float64Array(all.length),
    ends: new Float64Array(all.length),
    speaker: new Int32Array(all.length),
    maxEnd: new Float64Array(all.length),
  };
  let maxEnd = -Infinity;
  all.forEach(({ s, e, i }, k) => {
    index.starts[k] = s;
    index.ends[k] = e;
    index.speaker[k] = i;
    maxEnd = Math.max(maxEnd, e);
    index.maxEnd[k] = maxEnd;
  });
  return index;
}

/** The track speaking at `t` (when two overlap, the one who started last: the interruption shows), or -1. */
export function speakerAt(index: SpeakerIndex, t: number): number {
  let lo = 0;
  let hi = index.starts.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index.starts[mid]! <= t) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let k = last; k >= 0 && index.maxEnd[k]! >= t; k--) {
    if (index.ends[k]! >= t) return index.speaker[k]!;
  }
  return -1;
}

/**
 * Spans as pixel rectangles [x, width] on a `width`-pixel lane of `duration` seconds: spans closer than `joinPx`
 * merge and every rectangle is at least `minPx` wide, so 5,000 short turns draw as the few hundred a lane can show.
 */
export function pixelRuns(
  spans: readonly Span[],
  duration: number,
  width: number,
  joinPx = 1,
  minPx = 1,
): [x: number, w: number][] {
  if (!(duration > 0) || !(width > 0)) return [];
  const scale = width / duration;
  const out: [number, number][] = [];
  let runStart = NaN;
  let runEnd = NaN;
  const flush = () => {
    if (Number.isNaN(runStart)) return;
    out.push([runStart, Math.max(minPx, runEnd - runStart)]);
  };
  for (const [s, e] of spans) {
    const x0 = Math.max(0, Math.min(width, s * scale));
    const x1 = Math.max(0, Math.min(width, e * scale));
    if (!Number.isNaN(runEnd) && x0 <= runEnd + joinPx) runEnd = Math.max(runEnd, x1);
    else {
      flush();
      runStart = x0;
      runEnd = x1;
    }
  }
  flush();
  return out;
}

/** The span of `spans` under time `t`, or the nearest within `toleranceS` (a thin turn stays clickable); null. */
export function spanNear(spans: readonly Span[], t: number, toleranceS: number): Span | null {
  let lo = 0;
  let hi = spans.length - 1;
  let last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![0] <= t) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const before = last >= 0 ? spans[last]! : null;
  const after = spans[last + 1] ?? null;
  if (before && t <= before[1]) return before;
  const dBefore = before ? t - before[1] : Infinity;
  const dAfter = after ? after[0] - t : Infinity;
  const best = dBefore <= dAfter ? before : after;
  return best && Math.min(dBefore, dAfter) <= toleranceS ? best : null;
}

/** The next (+1) or previous (-1) turn start from `t`, across every speaker; null when there is none. */
export function adjacentTurn(
  tracks: readonly SpeakerTrack[],
  t: number,
  direction: 1 | -1,
): { track: number; span: Span } | null {
  let best: { track: number; span: Span } | null = null;
  const EPS = 0.05; // the playhead sits on a turn's start after a jump: the next press moves on
  tracks.forEach((track, i) => {
    for (const span of track.segments) {
      const ahead = direction === 1 ? span[0] > t + EPS : span[0] < t - EPS;
      if (!ahead) continue;
      const better = !best || (direction === 1 ? span[0] < best.span[0] : span[0] > best.span[0]);
      if (better) best = { track: i, span };
    }
  });
  return best;
}
