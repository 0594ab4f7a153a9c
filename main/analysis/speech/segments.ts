/**
 * Pure: frame activity → speech segments. Pauses shorter than the minimum are bridged; then runs at either edge of a
 * segment that never sound like a voice (no periodic frames: keyboard clicks, a door, a burst of noise) are trimmed,
 * so a click next to a sentence cannot stretch it and a segment of clicks alone disappears; too-short segments go.
 */
import type { Interval } from '../chunks/intervals.js';
import { FRAME_S } from './frame-features.js';

export interface SegmentOptions {
  /** Pauses shorter than this are part of speech. */
  minSilenceS: number;
  /** Segments shorter than this are dropped. */
  minSpeechS: number;
  /** A raw region is speech only with at least this much voiced time (0 = no voicing check). */
  minVoicedS: number;
  /** A frame is voiced at this voicing score. */
  voicedAt: number;
}

export const DEFAULT_SEGMENT_OPTIONS: SegmentOptions = {
  minSilenceS: 0.5,
  minSpeechS: 0.1,
  minVoicedS: 0.06,
  voicedAt: 0.6,
};

/** [startFrame, endFrame) runs of active frames. */
export function runsOf(active: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  let i = 0;
  while (i < active.length) {
    if (!active[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j < active.length && active[j]) j++;
    runs.push([i, j]);
    i = j;
  }
  return runs;
}

function voicedFrames(voicing: Float32Array, [s, e]: [number, number], at: number): number {
  let n = 0;
  for (let i = s; i < e; i++) if ((voicing[i] ?? 0) >= at) n++;
  return n;
}

export function segmentsFromActivity(
  active: Uint8Array,
  voicing: Float32Array | null,
  o: SegmentOptions = DEFAULT_SEGMENT_OPTIONS,
  endS = active.length * FRAME_S,
): Interval[] {
  const minVoiced = Math.max(1, Math.round(o.minVoicedS / FRAME_S));
  const voiced = (run: [number, number]): boolean =>
    !voicing || o.minVoicedS <= 0 || voicedFrames(voicing, run, o.voicedAt) >= minVoiced;
  const groups: [number, number][][] = [];
  for (const run of runsOf(active)) {
    const group = groups[groups.length - 1];
    const lastEnd = group?.[group.length - 1]?.[1];
    if (group && lastEnd !== undefined && (run[0] - lastEnd) * FRAME_S < o.minSilenceS) group.push(run);
    else groups.push([run]);
  }
  const segments: Interval[] = [];
  for (const group of groups) {
    // Voiceless runs at a segment's edges (a click, a door, a breath) are trimmed; inside a sentence they stay.
    let first = 0;
    let last = group.length - 1;
    while (first <= last && !voiced(group[first] as [number, number])) first++;
    while (last >= first && !voiced(group[last] as [number, number])) last--;
    if (first > last) continue;
    const s = (group[first]?.[0] ?? 0) * FRAME_S;
    const e = Math.min(endS, (group[last]?.[1] ?? 0) * FRAME_S);
    if (e - s >= o.minSpeechS && e > s) segments.push([s, e]);
  }
  return segments;
}
