/**
 * Issue 23: talk is where the voice is. A speaker span that the detector held open past the voice (hangover, a
 * room's tail) is trimmed to the frames nearer the speech level than the room level; the voice itself is kept.
 */
import { describe, expect, it } from 'vitest';
import { HOP_S, MEL_BANDS, type CepstralFeatures } from '../../../main/analysis/diarization/cepstra.js';
import { speechThresholdDb, trimQuietEdges } from '../../../main/analysis/diarization/trim.js';

/** 10 s of frames: a room at −60 dB, voice at −20 dB over the given spans (seconds). */
function features(voice: [number, number][]): CepstralFeatures {
  const frames = Math.round(10 / HOP_S);
  const energyDb = new Float32Array(frames).fill(-60);
  for (const [s, e] of voice) energyDb.fill(-20, Math.round(s / HOP_S), Math.round(e / HOP_S));
  return { melPower: new Float32Array(frames * MEL_BANDS), logF0: new Float32Array(frames), energyDb, frames };
}
const frameRange = (s: number, e: number): number[] =>
  Array.from({ length: Math.round((e - s) / HOP_S) }, (_, i) => Math.round(s / HOP_S) + i);

describe('trimming quiet span edges', () => {
  it('the threshold is halfway between the room and the speech levels', () => {
    const f = features([[1, 3]]);
    expect(speechThresholdDb(f, frameRange(1, 3))).toBeCloseTo(-40, 6);
  });

  it('a span padded by 0.6 s of room on each side is cut back to the voice, within a frame', () => {
    const f = features([[2, 4]]);
    const threshold = speechThresholdDb(f, frameRange(1.4, 4.6));
    const [[s, e]] = trimQuietEdges([[1.4, 4.6]], f, threshold) as [[number, number]];
    expect(Math.abs(s - 2)).toBeLessThanOrEqual(HOP_S);
    expect(Math.abs(e - 4)).toBeLessThanOrEqual(2 * HOP_S);
  });

  it('a span that is all voice is unchanged, and one with no voice is kept as it was', () => {
    const f = features([[2, 4]]);
    expect(trimQuietEdges([[2.5, 3.5]], f, -40)).toEqual([[2.5, 3.5]]);
    expect(trimQuietEdges([[6, 7]], f, -40)).toEqual([[6, 7]]);
    expect(trimQuietEdges([[6, 7]], f, NaN)).toEqual([[6, 7]]);
  });
});
