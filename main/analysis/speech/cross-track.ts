/**
 * Pure: bleed between per-participant tracks, decided by evidence rather than by a level margin. A voice picked up by
 * another participant's microphone is the same signal, a little later and filtered: in every sub-band its level in
 * the other track follows its level in its own track at a constant offset (the transfer from one microphone to the
 * other, 6 dB down in a small room, 40 dB down over headsets). So, for each ordered pair of tracks (source A, other
 * B):
 *  1. predict B's band levels from A's: A's level at the same moment or up to LAG_FRAMES earlier (delay, and the
 *     room's tail in B's microphone), plus the transfer offset of each band;
 *  2. the offset is measured on the recording itself: the median of B − A over the frames where both are active and
 *     A is the louder (mostly A's voice heard by both microphones);
 *  3. a frame of B is A's bleed when no band of B rises more than EXCESS_DB above that prediction (plus
 *     B's own noise floor in that band): nothing in B that
 *     A's voice does not explain. B's own voice while A talks (crosstalk) has its own spectrum and envelope, so some
 *     band rises well above the prediction and the frame stays B's speech (overlap).
 * Holds for any separation: the test is "explained by A", not "quieter than A by so much".
 */
import { percentile } from './adaptive-gate.js';
import { BAND_COUNT, type SpeechFeatures } from './frame-features.js';

/** How far back (10 ms frames) A's level may explain B's: acoustic delay and the start of the room's tail. */
export const LAG_FRAMES = 6;
/** B rising this much above A's prediction in some band = B's own sound. */
export const EXCESS_DB = 4;
/** Fewer co-active frames than this: no transfer can be measured, no bleed is decided. */
const MIN_EVIDENCE_FRAMES = 30;

export interface TrackActivity {
  features: SpeechFeatures;
  active: Uint8Array;
}

function bands(f: SpeechFeatures): Float32Array[] {
  return f.bandDb.length === BAND_COUNT ? f.bandDb : [f.levelDb];
}

/** Per band: the running maximum of A's level over the last LAG_FRAMES frames (inclusive). */
function laggedMax(level: Float32Array, frames: number): Float32Array {
  const out = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let m = -Infinity;
    for (let l = 0; l <= LAG_FRAMES && l <= i; l++) m = Math.max(m, level[i - l] ?? -120);
    out[i] = m;
  }
  return out;
}

const dbToPower = (db: number): number => 10 ** (db / 10);

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  return values[values.length >> 1] ?? 0;
}

/**
 * Frames of `b` that are bleed of `a` (1), given both tracks' original activity. Null when there is too little
 * co-activity to measure the transfer, or when A is not the louder side of it (then A cannot be the source).
 */
export function bleedOf(a: TrackActivity, b: TrackActivity, frames: number): Uint8Array | null {
  const aBands = bands(a.features);
  const bBands = bands(b.features);
  const predicted = aBands.map((lv) => laggedMax(lv, frames));
  const both: number[] = [];
  for (let i = 0; i < frames; i++) {
    if (a.active[i] && b.active[i] && (a.features.levelDb[i] ?? -120) > (b.features.levelDb[i] ?? -120)) both.push(i);
  }
  if (both.length < MIN_EVIDENCE_FRAMES) return null;
  const offset = bBands.map((lv, k) => median(both.map((i) => (lv[i] ?? -120) - (predicted[k]?.[i] ?? -120))));
  const meanOffset = offset.reduce((s, v) => s + v, 0) / offset.length;
  if (!(meanOffset < 0)) return null;
  // B's own noise floor per band: where A's voice arrives below it, B's level there is the room, not bleed.
  const floors = bBands.map((lv) => dbToPower(percentile(lv, 0.1)));
  const out = new Uint8Array(frames);
  for (let i = 0; i < frames; i++) {
    if (!a.active[i] || !b.active[i]) continue;
    let excess = -Infinity;
    for (let k = 0; k < bBands.length; k++) {
      const bleed = dbToPower((predicted[k]?.[i] ?? -120) + (offset[k] ?? 0));
      const expected = 10 * Math.log10(bleed + (floors[k] ?? 0));
      excess = Math.max(excess, (bBands[k]?.[i] ?? -120) - expected);
    }
    if (excess < EXCESS_DB) out[i] = 1;
  }
  return out;
}

/** Clears, in place, each track's frames that are bleed of another track. Returns how many frames were cleared. */
export function suppressBleed(tracks: readonly TrackActivity[]): number {
  if (tracks.length < 2) return 0;
  const frames = Math.min(...tracks.map((t) => t.active.length));
  // Decide from the original activity, so clearing one track never changes another's verdict.
  const before = tracks.map((t) => ({ features: t.features, active: t.active.slice() }));
  let cleared = 0;
  before.forEach((b, j) => {
    before.forEach((a, i) => {
      if (i === j) return;
      const bleed = bleedOf(a, b, frames);
      if (!bleed) return;
      const target = tracks[j] as TrackActivity;
      for (let f = 0; f < frames; f++) {
        if (bleed[f] && target.active[f]) {
          target.active[f] = 0;
          cleared++;
        }
      }
    });
  });
  return cleared;
}
