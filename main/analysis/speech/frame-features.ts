/**
 * Per-10 ms features of a mono s16le PCM stream at SPEECH_RATE_HZ, streamed (an hour is never held in memory):
 * the level in the speech band, the level in four sub-bands, and a voicing score (how periodic the low band is at a
 * voice pitch). Everything is time-domain biquads and a short autocorrelation: about a second of CPU per hour.
 */
export const SPEECH_RATE_HZ = 8000;
export const FRAME_S = 0.01;
const HOP = SPEECH_RATE_HZ * FRAME_S;
/** Sub-bands (Hz): voice fundamental/first formant, formants, upper formants, fricatives. */
const BANDS: readonly [number, number][] = [
  [150, 500],
  [500, 1000],
  [1000, 2000],
  [2000, 3800],
];
export const BAND_COUNT = BANDS.length;
/** Voicing works on a 2 kHz copy of the band below 900 Hz: pitch lags 50–400 Hz over a 40 ms window. */
const DECIMATE = 4;
const LOW_RATE = SPEECH_RATE_HZ / DECIMATE;
const VOICE_WINDOW = Math.round(0.04 * LOW_RATE);
const MIN_LAG = Math.round(LOW_RATE / 400);
const MAX_LAG = Math.round(LOW_RATE / 50);
const FLOOR_POWER = 1e-12; // −120 dB: digital silence

export interface SpeechFeatures {
  /** Level (dBFS) of each 10 ms frame in 150–3800 Hz. */
  levelDb: Float32Array;
  /** bandDb[b][frame]: level of sub-band b. */
  bandDb: Float32Array[];
  /** 0–1: peak normalised autocorrelation at a voice pitch lag. */
  voicing: Float32Array;
  frames: number;
}

/** RBJ cookbook biquad in direct form I. */
class Biquad {
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;
  constructor(
    private readonly b0: number,
    private readonly b1: number,
    private readonly b2: number,
    private readonly a1: number,
    private readonly a2: number,
  ) {}

  static of(kind: 'lowpass' | 'highpass' | 'bandpass', freq: number, q: number, rate = SPEECH_RATE_HZ): Biquad {
    const w = (2 * Math.PI * freq) / rate;
    const alpha = Math.sin(w) / (2 * q);
    const cos = Math.cos(w);
    const a0 = 1 + alpha;
    let b: [number, number, number];
    if (kind === 'lowpass') b = [(1 - cos) / 2, 1 - cos, (1 - cos) / 2];
    else if (kind === 'highpass') b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
    else b = [alpha, 0, -alpha];
    return new Biquad(b[0] / a0, b[1] / a0, b[2] / a0, (-2 * cos) / a0, (1 - alpha) / a0);
  }

  step(x: number): number {
    const y = this.b0 * x + this.b1 * this.x1 + this.b2 * this.x2 - this.a1 * this.y1 - this.a2 * this.y2;
    this.x2 = this.x1;
    this.x1 = x;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

/** A bandpass as a highpass + lowpass pair (flat inside the band, unlike a single resonant biquad). */
function bandFilter([lo, hi]: [number, number]): { step(x: number): number } {
  const h = Biquad.of('highpass', lo, Math.SQRT1_2);
  const l = Biquad.of('lowpass', Math.min(hi, SPEECH_RATE_HZ * 0.48), Math.SQRT1_2);
  return { step: (x) => l.step(h.step(x)) };
}

class GrowableF32 {
  data = new Float32Array(4096);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

const db = (power: number): number => 10 * Math.log10(Math.max(FLOOR_POWER, power));

export class SpeechFeatureAccumulator {
  private readonly highpass = Biquad.of('highpass', 150, Math.SQRT1_2);
  private readonly lowpass = Biquad.of('lowpass', 3800, Math.SQRT1_2);
  private readonly bands = BANDS.map(bandFilter);
  private readonly voiceLow = [Biquad.of('lowpass', 900, 0.54), Biquad.of('lowpass', 900, 1.3)];
  private readonly level = new GrowableF32();
  private readonly bandLevels = BANDS.map(() => new GrowableF32());
  private readonly voicing = new GrowableF32();
  private readonly bandSums = new Float64Array(BANDS.length);
  /** Ring of the last VOICE_WINDOW + MAX_LAG decimated samples. */
  private readonly low = new Float64Array(VOICE_WINDOW + MAX_LAG);
  private lowCount = 0;
  private sum = 0;
  private inHop = 0;
  private carry: Buffer = Buffer.alloc(0);

  push(data: Buffer): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, data]) : data;
    const whole = bytes.length - (bytes.length % 2);
    for (let off = 0; off < whole; off += 2) this.add(bytes.readInt16LE(off) / 32768);
    this.carry = Buffer.from(bytes.subarray(whole));
  }

  /** Float samples at SPEECH_RATE_HZ (tests and benchmarks feed synthetic signals directly). */
  pushSamples(samples: ArrayLike<number>): void {
    for (let i = 0; i < samples.length; i++) this.add(samples[i] ?? 0);
  }

  private add(raw: number): void {
    const x = this.lowpass.step(this.highpass.step(raw));
    this.sum += x * x;
    for (let b = 0; b < this.bands.length; b++) {
      const y = this.bands[b]?.step(raw) ?? 0;
      this.bandSums[b] = (this.bandSums[b] ?? 0) + y * y;
    }
    const v = this.voiceLow.reduce((acc, f) => f.step(acc), x);
    if (this.inHop % DECIMATE === 0) this.pushLow(v);
    if (++this.inHop === HOP) this.closeFrame();
  }

  private pushLow(v: number): void {
    this.low.copyWithin(0, 1);
    this.low[this.low.length - 1] = v;
    this.lowCount++;
  }

  private closeFrame(): void {
    this.level.push(db(this.sum / HOP));
    this.bandLevels.forEach((g, b) => g.push(db((this.bandSums[b] ?? 0) / HOP)));
    this.voicing.push(this.lowCount >= this.low.length ? voicingOf(this.low) : 0);
    this.sum = 0;
    this.bandSums.fill(0);
    this.inHop = 0;
  }

  finish(): SpeechFeatures {
    return {
      levelDb: this.level.finish(),
      bandDb: this.bandLevels.map((g) => g.finish()),
      voicing: this.voicing.finish(),
      frames: this.level.length,
    };
  }
}

/** Peak normalised cross-correlation of the latest window with itself `lag` samples earlier, over voice lags. */
function voicingOf(buf: Float64Array): number {
  const n = buf.length;
  const start = n - VOICE_WINDOW;
  let e0 = 0;
  for (let i = start; i < n; i++) e0 += (buf[i] ?? 0) ** 2;
  if (e0 <= 1e-14) return 0;
  let best = 0;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    let c = 0;
    let e1 = 0;
    for (let i = start; i < n; i++) {
      const y = buf[i - lag] ?? 0;
      c += (buf[i] ?? 0) * y;
      e1 += y * y;
    }
    if (e1 > 0) best = Math.max(best, c / Math.sqrt(e0 * e1));
  }
  return best;
}
