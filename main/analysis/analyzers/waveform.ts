/**
 * Waveform peaks for display from a low-rate mono s16le PCM stream: min/max per bucket, streamed (an hour of
 * audio is never held in memory). Output is a flat [min0, max0, min1, max1, …] array in -1…1.
 */

import type { WaveformSection } from '../../../shared/contract/analysis-data.js';

/** The catalogue's `waveform` section (flat min/max pairs). */
export type WaveformData = WaveformSection;

/** ~1000–4000 pairs whatever the length: about 4 per second, clamped. */
export function peakCountFor(durationS: number): number {
  return Math.min(4000, Math.max(1000, Math.round(durationS * 4)));
}

export class PeakAccumulator {
  private readonly peaks: number[] = [];
  private min = Infinity;
  private max = -Infinity;
  private inBucket = 0;
  private carry: Buffer = Buffer.alloc(0);
  private samples = 0;

  constructor(
    readonly sampleRate: number,
    readonly samplesPerPeak: number,
  ) {}

  /** Accepts arbitrary byte chunks (a 16-bit sample may straddle two chunks). */
  push(data: Buffer): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, data]) : data;
    const whole = bytes.length - (bytes.length % 2);
    for (let off = 0; off < whole; off += 2) this.add(bytes.readInt16LE(off) / 32768);
    this.carry = Buffer.from(bytes.subarray(whole));
  }

  private add(v: number): void {
    this.samples++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (++this.inBucket >= this.samplesPerPeak) this.closeBucket();
  }

  private closeBucket(): void {
    if (this.inBucket === 0) return;
    this.peaks.push(Math.round(this.min * 1000) / 1000, Math.round(this.max * 1000) / 1000);
    this.min = Infinity;
    this.max = -Infinity;
    this.inBucket = 0;
  }

  /** Seconds of audio seen so far (how far decoding really got: a truncated file stops early). */
  get decodedS(): number {
    return this.samples / this.sampleRate;
  }

  finish(): WaveformData {
    this.closeBucket();
    return {
      sample_rate_hz: this.sampleRate,
      seconds_per_peak: this.samplesPerPeak / this.sampleRate,
      peaks: this.peaks,
    };
  }
}
