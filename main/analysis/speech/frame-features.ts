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
/**
 * Voicing works on a 2 kHz copy of the band below 900 Hz: pitch lags 70–400 Hz over a 40 ms window, every frame
 * (evaluating every other frame saved little CPU and lost short voiced onsets at the edge of sentences).
 */
const DECIMATE = 4;
const LOW_RATE = SPEECH_RATE_HZ / DECIMATE;
const VOICE_WINDOW = Math.round(0.04 * LOW_RATE);
const MIN_LAG = Math.round(LOW_RATE / 400);
const MAX_LAG = Math.round(LOW_RATE / 70);
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

/** RBJ cookbook biquad coefficients [b0, b1, b2, a1, a2] (normalised by a0). */
function biquad(kind: 'lowpass' | 'highpass', freq: number, q: number): Float64Array {
  const w = (2 * Math.PI * freq) / SPEECH_RATE_HZ;
  const alpha = Math.sin(w) / (2 * q);
  const cos = Math.cos(w);
  const a0 = 1 + alpha;
  const b = kind === 'lowpass' ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2] : [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
  return Float64Array.from([b[0] ?? 0, b[1] ?? 0, b[2] ?? 0, -2 * cos, 1 - alpha].map((c) => c / a0));
}

/**
 * A cascade of biquads run over a whole block at once (direct form I, state kept between blocks): one tight loop
 * per section is what keeps an hour of audio at a few seconds of CPU.
 */
class Cascade {
  private readonly state: Float64Array;
  constructor(private readonly sections: Float64Array[]) {
    this.state = new Float64Array(sections.length * 4);
  }

  run(input: Float64Array, output: Float64Array, n: number): void {
    let src = input;
    this.sections.forEach((c, k) => {
      const b0 = c[0] as number;
      const b1 = c[1] as number;
      const b2 = c[2] as number;
      const a1 = c[3] as number;
      const a2 = c[4] as number;
      const st = this.state;
      let x1 = st[4 * k] as number;
      let x2 = st[4 * k + 1] as number;
      let y1 = st[4 * k + 2] as number;
      let y2 = st[4 * k + 3] as number;
      for (let i = 0; i < n; i++) {
        const x = src[i] as number;
        const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
        x2 = x1;
        x1 = x;
        y2 = y1;
        y1 = y;
        output[i] = y;
      }
      st[4 * k] = x1;
      st[4 * k + 1] = x2;
      st[4 * k + 2] = y1;
      st[4 * k + 3] = y2;
      src = output;
    });
  }
}

/** A band as a highpass + lowpass pair (flat inside the band, unlike a single resonant biquad). */
const bandCascade = ([lo, hi]: [number, number]): Cascade =>
  new Cascade([
    biquad('highpass', lo, Math.SQRT1_2),
    biquad('lowpass', Math.min(hi, SPEECH_RATE_HZ * 0.48), Math.SQRT1_2),
  ]);

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

function sumSquares(x: Float64Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += (x[i] as number) * (x[i] as number);
  return s;
}

const db = (power: number): number => 10 * Math.log10(Math.max(FLOOR_POWER, power));
const BLOCK = 8192;
const HISTORY = VOICE_WINDOW + MAX_LAG;

export class SpeechFeatureAccumulator {
  private readonly speechBand = new Cascade([
    biquad('highpass', 150, Math.SQRT1_2),
    biquad('lowpass', 3800, Math.SQRT1_2),
  ]);
  private readonly bands = BANDS.map(bandCascade);
  private readonly voiceLow = new Cascade([biquad('lowpass', 900, 0.54), biquad('lowpass', 900, 1.3)]);
  private readonly level = new GrowableF32();
  private readonly bandLevels = BANDS.map(() => new GrowableF32());
  private readonly voicing = new GrowableF32();
  private readonly input = new Float64Array(BLOCK);
  private readonly speech = new Float64Array(BLOCK);
  private readonly bandOut = BANDS.map(() => new Float64Array(BLOCK));
  private readonly low = new Float64Array(BLOCK);
  /** Decimated low band: the last HISTORY samples are kept at the front between blocks. */
  private lowBuf = new Float64Array(HISTORY + BLOCK);
  private lowLen = 0;
  private sampleIndex = 0;
  private readonly sums = new Float64Array(1 + BANDS.length);
  private inHop = 0;
  private carry: Buffer = Buffer.alloc(0);

  push(data: Buffer): void {
    const bytes = this.carry.length ? Buffer.concat([this.carry, data]) : data;
    const whole = bytes.length - (bytes.length % 2);
    const aligned = bytes.byteOffset % 2 === 0 ? bytes : Buffer.from(bytes);
    const pcm = new Int16Array(aligned.buffer, aligned.byteOffset, whole / 2);
    for (let off = 0; off < pcm.length; off += BLOCK) {
      const n = Math.min(BLOCK, pcm.length - off);
      for (let i = 0; i < n; i++) this.input[i] = (pcm[off + i] as number) / 32768;
      this.block(n);
    }
    this.carry = Buffer.from(bytes.subarray(whole));
  }

  /** Float samples at SPEECH_RATE_HZ (tests and benchmarks feed synthetic signals directly). */
  pushSamples(samples: ArrayLike<number>): void {
    for (let off = 0; off < samples.length; off += BLOCK) {
      const n = Math.min(BLOCK, samples.length - off);
      for (let i = 0; i < n; i++) this.input[i] = samples[off + i] ?? 0;
      this.block(n);
    }
  }

  private block(n: number): void {
    this.speechBand.run(this.input, this.speech, n);
    this.bands.forEach((band, b) => band.run(this.input, this.bandOut[b] as Float64Array, n));
    this.voiceLow.run(this.speech, this.low, n);
    const sums = this.sums;
    let i = 0;
    while (i < n) {
      const end = Math.min(n, i + HOP - this.inHop);
      sums[0] = (sums[0] as number) + sumSquares(this.speech, i, end);
      for (let b = 0; b < BANDS.length; b++) {
        sums[b + 1] = (sums[b + 1] as number) + sumSquares(this.bandOut[b] as Float64Array, i, end);
      }
      for (let k = i; k < end; k++) {
        if (this.sampleIndex++ % DECIMATE === 0) this.lowBuf[this.lowLen++] = this.low[k] as number;
      }
      this.inHop += end - i;
      i = end;
      if (this.inHop === HOP) this.closeFrame();
    }
  }

  private closeFrame(): void {
    this.level.push(db((this.sums[0] as number) / HOP));
    this.bandLevels.forEach((g, b) => g.push(db((this.sums[b + 1] as number) / HOP)));
    this.voicing.push(this.lowLen >= HISTORY ? voicingOf(this.lowBuf, this.lowLen) : 0);
    this.sums.fill(0);
    this.inHop = 0;
    if (this.lowLen > this.lowBuf.length - 2 * HOP) {
      this.lowBuf.copyWithin(0, this.lowLen - HISTORY, this.lowLen);
      this.lowLen = HISTORY;
    }
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
function voicingOf(buf: Float64Array, end: number): number {
  const start = end - VOICE_WINDOW;
  // Energy of every window position from the oldest lag to now, by sliding: e(lag) needs no inner loop.
  let e0 = 0;
  for (let i = start; i < end; i++) e0 += (buf[i] as number) ** 2;
  if (e0 <= 1e-14) return 0;
  let e1 = 0;
  for (let i = start - MIN_LAG; i < end - MIN_LAG; i++) e1 += (buf[i] as number) ** 2;
  let best = 0;
  for (let lag = MIN_LAG; lag <= MAX_LAG; lag++) {
    if (lag > MIN_LAG) {
      const enter = buf[start - lag] as number;
      const leave = buf[end - lag] as number;
      e1 += enter * enter - leave * leave;
    }
    let c = 0;
    for (let i = start; i < end; i++) c += (buf[i] as number) * (buf[i - lag] as number);
    if (e1 > 1e-14) best = Math.max(best, c / Math.sqrt(e0 * e1));
  }
  return best;
}
