/**
 * Pure: the adaptive energy gate. The noise floor is estimated per track (a low percentile of its frame levels), a
 * frame is speech when it rises a margin above that floor; two thresholds (hysteresis) let a region that clearly
 * started keep its quieter onset and tail. No fixed dBFS threshold, so a room's noise is never "speech".
 */
import type { SpeechFeatures } from './frame-features.js';

export interface GateOptions {
  /** Frames this far above the floor start a speech region. */
  onMarginDb: number;
  /** A started region grows (both ways) over frames at least this far above the floor. */
  offMarginDb: number;
  /** Percentile of frame levels taken as the noise floor (speech rarely fills more than 70% of a track). */
  floorPercentile: number;
  /** Never gate below this level: a digitally silent track's floor is not −120 dBFS. */
  absoluteMinDb: number;
}

export const DEFAULT_GATE: GateOptions = {
  onMarginDb: 12,
  offMarginDb: 5,
  floorPercentile: 0.1,
  absoluteMinDb: -62,
};

export function percentile(values: Float32Array, p: number): number {
  if (values.length === 0) return -120;
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(p * (sorted.length - 1))))] ?? -120;
}

/** Frame activity 0/1 from one level series with a floor estimated from the series itself. */
export function gateLevels(
  level: Float32Array,
  o: GateOptions = DEFAULT_GATE,
): { active: Uint8Array; floorDb: number } {
  const floorDb = percentile(level, o.floorPercentile);
  const on = Math.max(floorDb + o.onMarginDb, o.absoluteMinDb);
  const off = Math.max(floorDb + o.offMarginDb, o.absoluteMinDb - (o.onMarginDb - o.offMarginDb));
  return { active: hysteresis(level, on, off), floorDb };
}

/** Regions of frames ≥ off that contain at least one frame ≥ on. */
export function hysteresis(level: Float32Array, on: number, off: number): Uint8Array {
  const active = new Uint8Array(level.length);
  let i = 0;
  while (i < level.length) {
    if ((level[i] ?? -Infinity) < off) {
      i++;
      continue;
    }
    let j = i;
    let started = false;
    while (j < level.length && (level[j] ?? -Infinity) >= off) {
      if ((level[j] ?? -Infinity) >= on) started = true;
      j++;
    }
    if (started) active.fill(1, i, j);
    i = j;
  }
  return active;
}

/** The fast estimate: the gate on the speech-band level alone. */
export function fastActivity(f: SpeechFeatures, o: GateOptions = DEFAULT_GATE): Uint8Array {
  return gateLevels(f.levelDb, o).active;
}
