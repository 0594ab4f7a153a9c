/**
 * Pure: frame activity → speech segments. Raw regions that never sound like a voice (no periodic frames: keyboard
 * clicks, a door, a burst of noise) are dropped BEFORE pauses are bridged, so a click next to a sentence cannot
 * stretch it; then pauses shorter than the minimum are bridged and too-short segments dropped.
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
  const raw = runsOf(active).filter(
    (run) => !voicing || o.minVoicedS <= 0 || voicedFrames(voicing, run, o.voicedAt) >= minVoiced,
  );
  const bridged: [number, number][] = [];
  for (const [s, e] of raw) {
    const last = bridged[bridged.length - 1];
    if (last && (s - last[1]) * FRAME_S < o.minSilenceS) last[1] = e;
    else bridged.push([s, e]);
  }
  return bridged
    .map(([s, e]): Interval => [s * FRAME_S, Math.min(endS, e * FRAME_S)])
    .filter(([s, e]) => e - s >= o.minSpeechS && e > s);
}
