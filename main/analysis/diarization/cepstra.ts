/**
 * Pure: speaker features of 8 kHz mono PCM, per 20 ms hop over a 32 ms Hamming window — mel cepstra c1…c12 (the
 * spectral envelope: vocal tract, formants) and the pitch of voiced frames (log F0, from the autocorrelation of the
 * same spectrum). 8 kHz is the rate of stage 1's decode, so diarization reuses that PCM instead of decoding again,
 * and a telephone-band recording is handled like any other. One 256-point real FFT (a 128-point complex one) and one
 * inverse per frame: about 1–2 s of CPU per hour.
 */
export const CEPSTRA_RATE_HZ = 8000;
export const HOP_S = 0.02;
const HOP = CEPSTRA_RATE_HZ * HOP_S;
const WIN = 256;
export const MEL_BANDS = 20;
export const CEPSTRA = 12;
const MEL_LO = 100;
const MEL_HI = 3800;
const MIN_LAG = Math.round(CEPSTRA_RATE_HZ / 400);
const MAX_LAG = Math.round(CEPSTRA_RATE_HZ / 70);
/** Normalised autocorrelation peak at which a frame counts as voiced. */
const VOICED_AT = 0.5;

export interface CepstralFeatures {
  /** Frames × MEL_BANDS mel-band powers, row-major: the cepstra are taken after the noise floor is known. */
  melPower: Float32Array;
  /** Per frame: log2(F0 Hz) of a voiced frame, NaN when unvoiced. */
  logF0: Float32Array;
  /** Per frame: log energy (dB), for weighting and gaps. */
  energyDb: Float32Array;
  frames: number;
}

/** In-place iterative radix-2 complex FFT of a fixed size (tables computed once). */
export class Fft {
  private readonly rev: Uint16Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(private readonly n: number) {
    this.rev = new Uint16Array(n);
    for (let i = 1, j = 0; i < n; i++) {
      let bit = n >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      this.rev[i] = j;
    }
    this.cos = Float64Array.from({ length: n / 2 }, (_, k) => Math.cos((2 * Math.PI * k) / n));
    this.sin = Float64Array.from({ length: n / 2 }, (_, k) => Math.sin((2 * Math.PI * k) / n));
  }

  run(re: Float64Array, im: Float64Array, inverse = false): void {
    const { n, rev, cos, sin } = this;
    for (let i = 1; i < n; i++) {
      const j = rev[i] as number;
      if (i < j) {
        const tr = re[i] as number;
        re[i] = re[j] as number;
        re[j] = tr;
        const ti = im[i] as number;
        im[i] = im[j] as number;
        im[j] = ti;
      }
    }
    const sign = inverse ? 1 : -1;
    for (let len = 2; len <= n; len <<= 1) {
      const half = len >> 1;
      const step = n / len;
      for (let i = 0; i < n; i += len) {
        for (let k = 0; k < half; k++) {
          const cr = cos[k * step] as number;
          const ci = sign * (sin[k * step] as number);
          const a = i + k;
          const b = a + half;
          const br = re[b] as number;
          const bi = im[b] as number;
          const xr = br * cr - bi * ci;
          const xi = br * ci + bi * cr;
          const ar = re[a] as number;
          const ai = im[a] as number;
          re[b] = ar - xr;
          im[b] = ai - xi;
          re[a] = ar + xr;
          im[a] = ai + xi;
        }
      }
    }
  }
}

const mel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
const hzOfMel = (m: number): number => 700 * (10 ** (m / 2595) - 1);

/** Triangular mel filters over the bins of a WIN-point spectrum: [firstBin, weights][] per band. */
function melBank(): { first: number; w: Float64Array }[] {
  const edges = Array.from({ length: MEL_BANDS + 2 }, (_, i) =>
    hzOfMel(mel(MEL_LO) + ((mel(MEL_HI) - mel(MEL_LO)) * i) / (MEL_BANDS + 1)),
  );
  const binHz = CEPSTRA_RATE_HZ / WIN;
  return Array.from({ length: MEL_BANDS }, (_, b) => {
    const [lo, mid, hi] = [edges[b] as number, edges[b + 1] as number, edges[b + 2] as number];
    const first = Math.ceil(lo / binHz);
    const last = Math.floor(hi / binHz);
    const w = new Float64Array(Math.max(1, last - first + 1));
    for (let k = first; k <= last; k++) {
      const f = k * binHz;
      w[k - first] = f <= mid ? (f - lo) / (mid - lo) : (hi - f) / (hi - mid);
    }
    return { first, w };
  });
}

export class CepstraAccumulator {
  private readonly window = Float64Array.from(
    { length: WIN },
    (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (WIN - 1)),
  );
  private readonly bank = melBank();
  private readonly fft = new Fft(WIN);
  /** The window's own autocorrelation (normalised): a windowed frame's correlation falls with the lag by this much. */
  private readonly windowCorr = Float64Array.from({ length: WIN }, (_, l) => {
    let s = 0;
    let s0 = 0;
    for (let i = 0; i < WIN; i++) {
      s0 += (this.window[i] as number) ** 2;
      if (i + l < WIN) s += (this.window[i] as number) * (this.window[i + l] as number);
    }
    return s / s0;
  });
  private readonly buf = new Float64Array(WIN);
  private filled = 0;
  private readonly re = new Float64Array(WIN);
  private readonly im = new Float64Array(WIN);
  private readonly power = new Float64Array(WIN / 2 + 1);
  private melPower = new Float32Array(MEL_BANDS * 4096);
  private logF0 = new Float32Array(4096);
  private energy = new Float32Array(4096);
  frames = 0;

  /** s16le samples at CEPSTRA_RATE_HZ. */
  pushPcm(pcm: Int16Array): void {
    for (let i = 0; i < pcm.length; i++) this.pushSample((pcm[i] as number) / 32768);
  }

  pushSamples(x: ArrayLike<number>): void {
    for (let i = 0; i < x.length; i++) this.pushSample(x[i] ?? 0);
  }

  private pushSample(v: number): void {
    this.buf[this.filled++] = v;
    if (this.filled === WIN) {
      this.frame();
      this.buf.copyWithin(0, HOP, WIN);
      this.filled = WIN - HOP;
    }
  }

  private grow(): void {
    if (this.frames < this.logF0.length) return;
    const doubled = (a: Float32Array): Float32Array<ArrayBuffer> => {
      const next = new Float32Array(a.length * 2);
      next.set(a);
      return next;
    };
    this.melPower = doubled(this.melPower);
    this.logF0 = doubled(this.logF0);
    this.energy = doubled(this.energy);
  }

  private frame(): void {
    this.grow();
    const { re, im, power } = this;
    let prev = 0;
    let e = 0;
    for (let i = 0; i < WIN; i++) {
      const x = this.buf[i] as number;
      re[i] = (x - 0.97 * prev) * (this.window[i] as number); // pre-emphasis
      prev = x;
      im[i] = 0;
      e += x * x;
    }
    this.fft.run(re, im);
    for (let k = 0; k <= WIN / 2; k++) power[k] = (re[k] as number) ** 2 + (im[k] as number) ** 2;
    const f = this.frames;
    this.bank.forEach(({ first, w }, b) => {
      let s = 1e-10;
      for (let k = 0; k < w.length; k++) s += (w[k] as number) * (power[first + k] as number);
      this.melPower[f * MEL_BANDS + b] = s;
    });
    this.energy[f] = 10 * Math.log10(e / WIN + 1e-12);
    this.logF0[f] = this.pitch();
    this.frames++;
  }

  /** Autocorrelation = inverse FFT of the (whitened-ish, 0–1 kHz weighted) power spectrum; peak over voice lags. */
  private pitch(): number {
    const { re, im, power } = this;
    for (let k = 0; k < WIN; k++) {
      const bin = k <= WIN / 2 ? k : WIN - k;
      const hz = (bin * CEPSTRA_RATE_HZ) / WIN;
      re[k] = hz < 1200 ? Math.sqrt(power[bin] as number) : 0; // |X|: a flatter spectrum, a sharper peak
      im[k] = 0;
    }
    this.fft.run(re, im, true);
    const r0 = re[0] as number;
    if (r0 <= 1e-9) return NaN;
    let best = 0;
    let lag = 0;
    for (let l = MIN_LAG; l <= Math.min(MAX_LAG, WIN / 2 - 1); l++) {
      const v = (re[l] as number) / r0 / (this.windowCorr[l] as number);
      if (v > best) {
        best = v;
        lag = l;
      }
    }
    return best >= VOICED_AT && lag > 0 ? Math.log2(CEPSTRA_RATE_HZ / lag) : NaN;
  }

  finish(): CepstralFeatures {
    return {
      melPower: this.melPower.slice(0, this.frames * MEL_BANDS),
      logF0: this.logF0.slice(0, this.frames),
      energyDb: this.energy.slice(0, this.frames),
      frames: this.frames,
    };
  }
}

const DCT = Array.from({ length: CEPSTRA }, (_, c) =>
  Float64Array.from({ length: MEL_BANDS }, (_, b) => Math.cos((Math.PI * (c + 1) * (b + 0.5)) / MEL_BANDS)),
);

/**
 * Cepstra c1…c12 of the given frames (frames × CEPSTRA, row-major). With a noise floor per band, each band counts
 * only as far as it rises above that floor (power − floor, never below half the floor): a band the noise owns is a
 * constant, not the noise's own fluctuation, so brown rumble or fan hum does not read as a voice's timbre.
 */
export function cepstraOf(
  features: CepstralFeatures,
  frames: readonly number[],
  noiseFloor: Float64Array | null,
): Float32Array {
  const out = new Float32Array(frames.length * CEPSTRA);
  const logMel = new Float64Array(MEL_BANDS);
  frames.forEach((f, i) => {
    for (let b = 0; b < MEL_BANDS; b++) {
      const p = features.melPower[f * MEL_BANDS + b] as number;
      const n = noiseFloor ? (noiseFloor[b] as number) : 0;
      logMel[b] = Math.log(noiseFloor ? Math.max(p - n, 0.5 * n, 1e-10) : p);
    }
    for (let c = 0; c < CEPSTRA; c++) {
      const row = DCT[c] as Float64Array;
      let s = 0;
      for (let b = 0; b < MEL_BANDS; b++) s += (row[b] as number) * (logMel[b] as number);
      out[i * CEPSTRA + c] = s;
    }
  });
  return out;
}

/** Per band, the median power over the frames that are not speech (null when there are too few to tell). */
export function noiseFloorOf(features: CepstralFeatures, isSpeech: Uint8Array, minFrames = 50): Float64Array | null {
  const quiet: number[] = [];
  for (let f = 0; f < features.frames; f++) if (!isSpeech[f]) quiet.push(f);
  if (quiet.length < minFrames) return null;
  const step = Math.max(1, Math.floor(quiet.length / 4000));
  const floor = new Float64Array(MEL_BANDS);
  const values: number[] = [];
  for (let b = 0; b < MEL_BANDS; b++) {
    values.length = 0;
    for (let i = 0; i < quiet.length; i += step)
      values.push(features.melPower[(quiet[i] as number) * MEL_BANDS + b] as number);
    values.sort((x, y) => x - y);
    floor[b] = values[values.length >> 1] as number;
  }
  return floor;
}
