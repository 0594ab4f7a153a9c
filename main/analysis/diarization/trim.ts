/**
 * Pure: talk is where the voice is. The speech detector holds a segment open past the last word (its hangover, and a
 * room's tail), and a speaker with many short turns collects more of that padding than one with few long turns, so
 * the shares drift by points while who-spoke-when is right. Each speaker span's edges are trimmed to the first and
 * last frame that is nearer the recording's speech level than its room level (midpoint in dB between the median
 * energy of the non-speech frames and that of the speech frames): the two-class boundary of the recording itself.
 */
import type { Interval } from '../chunks/intervals.js';
import { HOP_S, type CepstralFeatures } from './cepstra.js';

const median = (v: number[]): number => {
  if (v.length === 0) return NaN;
  const s = [...v].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
};

/** The energy (dB) halfway between the room (non-speech frames) and the speech frames; NaN when one is missing. */
export function speechThresholdDb(features: CepstralFeatures, speechFrames: readonly number[]): number {
  const isSpeech = new Uint8Array(features.frames);
  for (const f of speechFrames) isSpeech[f] = 1;
  const room: number[] = [];
  const speech: number[] = [];
  for (let f = 0; f < features.frames; f++) (isSpeech[f] ? speech : room).push(features.energyDb[f] as number);
  return (median(room) + median(speech)) / 2;
}

/** Spans with quiet edge frames removed (a span with no frame above the threshold is kept as it was). */
export function trimQuietEdges(spans: readonly Interval[], features: CepstralFeatures, threshold: number): Interval[] {
  if (Number.isNaN(threshold)) return [...spans];
  const frameOf = (t: number): number => Math.floor(t / HOP_S);
  const loud = (f: number): boolean => f >= 0 && f < features.frames && (features.energyDb[f] as number) >= threshold;
  return spans.map(([s, e]) => {
    let a = Math.max(0, frameOf(s));
    let b = Math.min(features.frames - 1, frameOf(e) - 1);
    while (a <= b && !loud(a)) a++;
    while (b >= a && !loud(b)) b--;
    if (a > b) return [s, e] as Interval;
    return [Math.max(s, a * HOP_S), Math.min(e, (b + 1) * HOP_S + 0.012)] as Interval;
  });
}
