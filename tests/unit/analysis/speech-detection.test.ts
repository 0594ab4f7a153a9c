import { describe, expect, it } from 'vitest';
import { gateLevels, hysteresis } from '../../../main/analysis/speech/adaptive-gate.js';
import { bandActivity } from '../../../main/analysis/speech/band-gate.js';
import { detectSpeech } from '../../../main/analysis/speech/detect-speech.js';
import {
  SPEECH_RATE_HZ,
  SpeechFeatureAccumulator,
  type SpeechFeatures,
} from '../../../main/analysis/speech/frame-features.js';
import { DEFAULT_SEGMENT_OPTIONS, segmentsFromActivity } from '../../../main/analysis/speech/segments.js';

/** Seeded uniform noise in −1…1. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

/** A buzzy "voice" (harmonics of `f0`) inside the given spans, over white noise at `noiseDb` RMS. */
function signal(
  durationS: number,
  spans: [number, number][],
  voiceDb: number,
  noiseDb: number,
  f0 = 140,
): Float32Array {
  const r = rng(3);
  const n = Math.round(durationS * SPEECH_RATE_HZ);
  const x = new Float32Array(n);
  const noiseAmp = 10 ** (noiseDb / 20) * Math.sqrt(3);
  const voiceAmp = 10 ** (voiceDb / 20) * Math.SQRT2;
  for (let i = 0; i < n; i++) {
    const t = i / SPEECH_RATE_HZ;
    const on = spans.some(([s, e]) => t >= s && t < e);
    let v = 0;
    if (on) for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * f0 * h * t) / h;
    x[i] = r() * noiseAmp + (on ? (voiceAmp * v) / 1.5 : 0);
  }
  return x;
}

function featuresOf(x: Float32Array): SpeechFeatures {
  const acc = new SpeechFeatureAccumulator();
  acc.pushSamples(x);
  return acc.finish();
}

const round2 = (segs: readonly (readonly [number, number])[]): [number, number][] =>
  segs.map(([s, e]) => [Math.round(s * 100) / 100, Math.round(e * 100) / 100]);

describe('hysteresis', () => {
  it('keeps regions above the lower threshold that reach the upper one, with their quiet edges', () => {
    const level = Float32Array.from([0, 6, 13, 6, 0, 6, 6, 0, 14, 0]);
    expect(Array.from(hysteresis(level, 12, 5))).toEqual([0, 1, 1, 1, 0, 0, 0, 0, 1, 0]);
  });
});

describe('adaptive gate', () => {
  it('sets its threshold from the track’s own noise floor, not a fixed level', () => {
    // −46 dBFS room noise with speech frames at −24: a fixed −50 dB gate would call every frame speech.
    const level = new Float32Array(1000).fill(-46);
    level.fill(-24, 300, 500);
    const { active, floorDb } = gateLevels(level);
    expect(floorDb).toBe(-46);
    expect(active.indexOf(1)).toBe(300);
    expect(active.lastIndexOf(1)).toBe(499);
  });

  it('never gates below the absolute minimum on digital silence', () => {
    const level = new Float32Array(500).fill(-120);
    level.fill(-70, 100, 200); // faint, below −62 dBFS
    expect(gateLevels(level).active.includes(1)).toBe(false);
  });
});

describe('features and the band gate on a synthetic voice in noise', () => {
  const spans: [number, number][] = [
    [1, 2.5],
    [4, 5],
  ];

  it('finds the voice within two frames at 12 dB SNR', () => {
    const f = featuresOf(signal(6, spans, -30, -42));
    expect(f.frames).toBe(600);
    const segs = segmentsFromActivity(bandActivity(f), f.voicing);
    expect(segs).toHaveLength(2);
    segs.forEach(([s, e], i) => {
      expect(Math.abs(s - (spans[i]?.[0] ?? 0))).toBeLessThanOrEqual(0.03);
      expect(Math.abs(e - (spans[i]?.[1] ?? 0))).toBeLessThanOrEqual(0.03);
    });
  });

  it('scores a voice as periodic and noise as not', () => {
    const f = featuresOf(signal(6, spans, -30, -60));
    expect(f.voicing[150]).toBeGreaterThan(0.8); // 1.5 s: inside the voice
    expect(f.voicing[320]).toBeLessThan(0.6); // 3.2 s: noise only
  });
});

describe('segments from activity', () => {
  const activity = (frames: number, runs: [number, number][]): Uint8Array => {
    const a = new Uint8Array(frames);
    for (const [s, e] of runs) a.fill(1, s, e);
    return a;
  };
  const voicedIn = (frames: number, runs: [number, number][]): Float32Array => {
    const v = new Float32Array(frames).fill(0.2);
    for (const [s, e] of runs) v.fill(0.9, s, e);
    return v;
  };

  it('bridges short pauses and trims voiceless runs at the edges only', () => {
    // A click (voiceless) 0.2 s before a sentence, a voiceless fricative inside it, and one alone later.
    const act = activity(1000, [
      [80, 83],
      [100, 200],
      [210, 230],
      [240, 300],
      [600, 620],
    ]);
    const voicing = voicedIn(1000, [
      [100, 200],
      [240, 300],
    ]);
    expect(round2(segmentsFromActivity(act, voicing))).toEqual([[1, 3]]);
    // Without the voicing check (the fast estimate) the click and the lone burst count.
    expect(round2(segmentsFromActivity(act, voicing, { ...DEFAULT_SEGMENT_OPTIONS, minVoicedS: 0 }))).toEqual([
      [0.8, 3],
      [6, 6.2],
    ]);
  });
});

describe('bleed between participant tracks', () => {
  it('refined detection removes bleed that the fast estimate counts for both', () => {
    // The same voice in its own track and, 20 dB down, in the other participant's (quiet room, −65 dBFS).
    const tracks = [signal(4, [[1, 3]], -24, -65), signal(4, [[1, 3]], -44, -65)].map((x) => ({
      features: featuresOf(x),
      endS: 4,
    }));
    const [fastA, fastB] = detectSpeech(tracks, 'fast', true);
    const [refA, refB] = detectSpeech(tracks, 'refined', true);
    expect(fastA).toHaveLength(1);
    expect(fastB).toHaveLength(1);
    expect(refA).toHaveLength(1);
    expect(refB).toEqual([]);
  });
});
