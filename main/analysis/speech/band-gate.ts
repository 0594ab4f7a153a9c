/**
 * Pure: the refined gate. Each sub-band gets its own noise floor, and a frame's score is its best band's rise above
 * that band's floor. Coloured noise (pink, brown, a fan's hum) fills some bands and leaves others clear, so speech
 * that sinks into the broadband level still stands out where the noise is thin (fricatives above 2 kHz, voice
 * harmonics between hums).
 */
import { hysteresis, percentile, type GateOptions } from './adaptive-gate.js';
import type { SpeechFeatures } from './frame-features.js';

export interface BandGateOptions extends GateOptions {
  /** How a frame's band scores combine: 'max' or the mean of the two best. */
  combine: 'max' | 'top2';
}

export const DEFAULT_BAND_GATE: BandGateOptions = {
  onMarginDb: 12,
  offMarginDb: 5,
  floorPercentile: 0.1,
  absoluteMinDb: -62,
  combine: 'max',
};

/** Per-frame score: dB above the noise floor in the band where the frame stands out most. */
export function bandScores(f: SpeechFeatures, o: BandGateOptions = DEFAULT_BAND_GATE): Float32Array {
  const floors = f.bandDb.map((band) => Math.max(percentile(band, o.floorPercentile), o.absoluteMinDb - o.onMarginDb));
  const score = new Float32Array(f.frames);
  const rises = new Float32Array(f.bandDb.length);
  for (let i = 0; i < f.frames; i++) {
    for (let b = 0; b < f.bandDb.length; b++) rises[b] = (f.bandDb[b]?.[i] ?? -120) - (floors[b] ?? 0);
    if (o.combine === 'max') score[i] = Math.max(...rises);
    else {
      const sorted = Array.from(rises).sort((a, b) => b - a);
      score[i] = ((sorted[0] ?? 0) + (sorted[1] ?? 0)) / 2;
    }
  }
  return score;
}

export function bandActivity(f: SpeechFeatures, o: BandGateOptions = DEFAULT_BAND_GATE): Uint8Array {
  return hysteresis(bandScores(f, o), o.onMarginDb, o.offMarginDb);
}
