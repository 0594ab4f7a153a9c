/**
 * Pure: re-segmentation. The clusters' frames train one diagonal Gaussian mixture per speaker (cepstra) plus one
 * Gaussian of log pitch; a Viterbi pass over the speech frames then assigns every frame to a speaker, paying a fixed
 * log-likelihood penalty per change of speaker. Window-level clustering fixes who; this fixes where a turn starts and
 * ends, and finds turns shorter than a window (a "yes", an "mm-hm").
 */

export interface FrameSet {
  /** frames × dim, row-major (normalised cepstra). */
  x: Float32Array;
  dim: number;
  /** log2 F0 per frame (NaN unvoiced). */
  f0: Float32Array;
  frames: number;
}

export interface SpeakerModel {
  weights: Float64Array;
  means: Float64Array;
  vars: Float64Array;
  f0Mean: number;
  f0Var: number;
  f0Voiced: number;
}

const VAR_FLOOR = 0.05;
const LOG2PI = Math.log(2 * Math.PI);

/** Per component: log weight − ½·(dim·log 2π + Σ log variance), and the inverse variances. */
interface Prepared {
  constant: Float64Array;
  inverse: Float64Array;
}

function prepare(m: SpeakerModel, dim: number): Prepared {
  const count = m.weights.length;
  const constant = new Float64Array(count);
  const inverse = new Float64Array(count * dim);
  for (let c = 0; c < count; c++) {
    let s = Math.log(m.weights[c] as number) - 0.5 * dim * LOG2PI;
    for (let d = 0; d < dim; d++) {
      const v = m.vars[c * dim + d] as number;
      s -= 0.5 * Math.log(v);
      inverse[c * dim + d] = 1 / v;
    }
    constant[c] = s;
  }
  return { constant, inverse };
}

function componentLogLik(m: SpeakerModel, p: Prepared, dim: number, c: number, x: Float32Array, off: number): number {
  let q = 0;
  const base = c * dim;
  for (let d = 0; d < dim; d++) {
    const diff = (x[off + d] as number) - (m.means[base + d] as number);
    q += diff * diff * (p.inverse[base + d] as number);
  }
  return (p.constant[c] as number) - 0.5 * q;
}

function logSumExp(a: Float64Array): number {
  let max = -Infinity;
  for (const v of a) max = Math.max(max, v);
  let s = 0;
  for (const v of a) s += Math.exp(v - max);
  return max + Math.log(s);
}

/** EM for a diagonal GMM on the given frames (deterministic start: evenly spaced frames as means). */
export function trainModel(set: FrameSet, frames: readonly number[], components = 8, iterations = 6): SpeakerModel {
  const { dim, x } = set;
  const step = Math.max(1, Math.floor(frames.length / 6000));
  const sample = frames.filter((_, i) => i % step === 0);
  const m = Math.max(1, Math.min(components, Math.floor(sample.length / 20)));
  const model: SpeakerModel = {
    weights: new Float64Array(m).fill(1 / m),
    means: new Float64Array(m * dim),
    vars: new Float64Array(m * dim).fill(1),
    ...pitchModel(set, frames),
  };
  for (let c = 0; c < m; c++) {
    const f = sample[Math.floor(((c + 0.5) * sample.length) / m)] ?? 0;
    for (let d = 0; d < dim; d++) model.means[c * dim + d] = x[f * dim + d] as number;
  }
  const post = new Float64Array(m);
  for (let it = 0; it < iterations && sample.length > 0; it++) {
    const prepared = prepare(model, dim);
    const nk = new Float64Array(m);
    const s1 = new Float64Array(m * dim);
    const s2 = new Float64Array(m * dim);
    for (const f of sample) {
      for (let c = 0; c < m; c++) post[c] = componentLogLik(model, prepared, dim, c, x, f * dim);
      const total = logSumExp(post);
      for (let c = 0; c < m; c++) {
        const g = Math.exp((post[c] as number) - total);
        nk[c] = (nk[c] as number) + g;
        for (let d = 0; d < dim; d++) {
          const v = x[f * dim + d] as number;
          s1[c * dim + d] = (s1[c * dim + d] as number) + g * v;
          s2[c * dim + d] = (s2[c * dim + d] as number) + g * v * v;
        }
      }
    }
    for (let c = 0; c < m; c++) {
      const n = Math.max(nk[c] as number, 1e-3);
      model.weights[c] = Math.max(n / sample.length, 1e-4);
      for (let d = 0; d < dim; d++) {
        const mean = (s1[c * dim + d] as number) / n;
        model.means[c * dim + d] = mean;
        model.vars[c * dim + d] = Math.max((s2[c * dim + d] as number) / n - mean * mean, VAR_FLOOR);
      }
    }
  }
  return model;
}

function pitchModel(set: FrameSet, frames: readonly number[]): Pick<SpeakerModel, 'f0Mean' | 'f0Var' | 'f0Voiced'> {
  let n = 0;
  let s = 0;
  let s2 = 0;
  for (const f of frames) {
    const v = set.f0[f] as number;
    if (Number.isNaN(v)) continue;
    n++;
    s += v;
    s2 += v * v;
  }
  const mean = n ? s / n : 7;
  return {
    f0Mean: mean,
    f0Var: Math.max(n ? s2 / n - mean * mean : 1, 0.01),
    f0Voiced: n / Math.max(1, frames.length),
  };
}

/** Per-frame log-likelihood of each model: frames × models, row-major. */
export function frameLogLik(set: FrameSet, frames: readonly number[], models: readonly SpeakerModel[]): Float64Array {
  const out = new Float64Array(frames.length * models.length);
  const prepared = models.map((m) => prepare(m, set.dim));
  const views = models.map((m) => new Float64Array(m.weights.length));
  frames.forEach((f, i) => {
    models.forEach((m, k) => {
      const view = views[k] as Float64Array;
      for (let c = 0; c < view.length; c++) {
        view[c] = componentLogLik(m, prepared[k] as Prepared, set.dim, c, set.x, f * set.dim);
      }
      let ll = logSumExp(view);
      const p = set.f0[f] as number;
      if (!Number.isNaN(p)) ll += -0.5 * (Math.log(2 * Math.PI * m.f0Var) + (p - m.f0Mean) ** 2 / m.f0Var);
      out[i * models.length + k] = ll;
    });
  });
  return out;
}

/**
 * Best state path: `ll` frames × k, a switch costs `penalty` nats, except across a gap between speech regions
 * (`gapBefore[i]` true), where a new speaker costs only a quarter of it.
 */
export function viterbi(ll: Float64Array, k: number, penalty: number, gapBefore: Uint8Array): Int32Array {
  const n = ll.length / k;
  const back = new Int32Array(n * k);
  let score = Float64Array.from({ length: k }, (_, s) => ll[s] as number);
  for (let i = 1; i < n; i++) {
    const cost = gapBefore[i] ? penalty / 4 : penalty;
    let bestPrev = 0;
    for (let s = 1; s < k; s++) if ((score[s] as number) > (score[bestPrev] as number)) bestPrev = s;
    const next = new Float64Array(k);
    for (let s = 0; s < k; s++) {
      const stay = score[s] as number;
      const move = (score[bestPrev] as number) - cost;
      const from = stay >= move || bestPrev === s ? s : bestPrev;
      next[s] = (from === s ? stay : move) + (ll[i * k + s] as number);
      back[i * k + s] = from;
    }
    score = next;
  }
  const path = new Int32Array(n);
  let s = 0;
  for (let j = 1; j < k; j++) if ((score[j] as number) > (score[s] as number)) s = j;
  for (let i = n - 1; i >= 0; i--) {
    path[i] = s;
    s = back[i * k + s] as number;
  }
  return path;
}
