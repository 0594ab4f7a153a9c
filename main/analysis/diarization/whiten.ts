/**
 * Pure: window points re-expressed so that what varies inside one turn weighs nothing special. Two windows next to
 * each other in one stretch of speech are (nearly always) one speaker: their differences are how a voice varies with
 * what it says (phonemes, the pitch falling through a sentence), not who it is. The points are whitened by the
 * covariance of those differences (shrunk towards its mean variance when there are few pairs), so distances count
 * differences between voices in units of a voice's own variation inside a turn (the within-speaker normalisation of
 * LDA/WCCN, estimated on the recording itself, with no labels).
 */
import type { Points } from './cluster.js';

/** Lower-triangular Cholesky factor of a symmetric positive definite d × d matrix. */
function cholesky(s: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = s[i * d + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * d + k] as number) * (l[j * d + k] as number);
      l[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / (l[j * d + j] as number);
    }
  }
  return l;
}

/** The within-turn covariance of `pairs` (window indices known to be one speaker), shrunk towards its mean variance. */
export function withinCovariance(p: Points, pairs: readonly (readonly [number, number])[]): Float64Array {
  const { dim } = p;
  const s = new Float64Array(dim * dim);
  const diff = new Float64Array(dim);
  for (const [a, b] of pairs) {
    for (let d = 0; d < dim; d++) diff[d] = (p.x[a * dim + d] as number) - (p.x[b * dim + d] as number);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j <= i; j++)
        s[i * dim + j] = (s[i * dim + j] as number) + (diff[i] as number) * (diff[j] as number);
    }
  }
  const m = Math.max(1, pairs.length);
  let trace = 0;
  for (let i = 0; i < dim; i++) trace += (s[i * dim + i] as number) / (2 * m);
  const mean = Math.max(trace / dim, 1e-9);
  // Shrinkage: with few pairs the estimate is mostly noise; with many it is the data's own.
  const alpha = dim / (dim + pairs.length);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      const v = (1 - alpha) * ((s[i * dim + j] as number) / (2 * m)) + (i === j ? alpha * mean : 0);
      s[i * dim + j] = s[j * dim + i] = v;
    }
  }
  return s;
}

/** Points whitened by the within-turn covariance of `pairs` (L⁻¹·x, L the Cholesky factor). */
export function whitenWithin(p: Points, pairs: readonly (readonly [number, number])[]): Points {
  const { n, dim } = p;
  if (pairs.length === 0) return p;
  const cov = withinCovariance(p, pairs);
  const l = cholesky(cov, dim);
  const x = new Float64Array(n * dim);
  for (let w = 0; w < n; w++) {
    for (let i = 0; i < dim; i++) {
      let sum = p.x[w * dim + i] as number;
      for (let k = 0; k < i; k++) sum -= (l[i * dim + k] as number) * (x[w * dim + k] as number);
      x[w * dim + i] = sum / (l[i * dim + i] as number);
    }
  }
  return { x, n, dim };
}
