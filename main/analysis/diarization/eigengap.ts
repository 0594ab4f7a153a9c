/**
 * Pure: the number of speakers from the eigengap of a normalised affinity matrix (spectral clustering's count).
 * Affinity between two windows is a Gaussian of their distance with a local scale per window (Zelnik-Manor &
 * Perona's self-tuning), the distance to the neighbour that covers 5 % of the windows (at least the 3rd): the
 * kernel reaches the same share of the recording whatever its length, so the criterion looks at how the windows
 * group, not at how many there are. A fixed 3rd or 7th neighbour shrinks as windows grow in number and breaks one
 * voice into pieces (the unit tests show it), and BIC's evidence grows with n and splits one voice's variety into
 * "speakers". The eigenvalues of D^−½·A·D^−½ near 1 count the groups; k is where the drop
 * λ_k − λ_{k+1} is largest. At most `maxPoints` windows (evenly spaced) are used, and only the top eigenvalues are
 * computed (block power iteration, Rayleigh–Ritz).
 */
import type { Points } from './cluster.js';

/** The local scale reaches the neighbour covering this share of the windows (at least the 3rd). */
const NEIGHBOUR = 3;
const FRACTION = 0.05;

export function subsample(p: Points, maxPoints: number): Points {
  if (p.n <= maxPoints) return p;
  const x = new Float64Array(maxPoints * p.dim);
  for (let i = 0; i < maxPoints; i++) {
    const src = Math.floor((i * p.n) / maxPoints);
    x.set(p.x.subarray(src * p.dim, (src + 1) * p.dim), i * p.dim);
  }
  return { x, n: maxPoints, dim: p.dim };
}

/** The normalised affinity D^−½·A·D^−½ (n × n, symmetric, eigenvalues in [−1, 1], the largest 1). */
export function normalisedAffinity(p: Points): Float64Array {
  const { n, dim } = p;
  const d2 = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += ((p.x[i * dim + d] as number) - (p.x[j * dim + d] as number)) ** 2;
      d2[i * n + j] = d2[j * n + i] = s;
    }
  }
  const scale = new Float64Array(n);
  const neighbour = Math.max(NEIGHBOUR, Math.ceil(n * FRACTION));
  const row: number[] = [];
  for (let i = 0; i < n; i++) {
    row.length = 0;
    for (let j = 0; j < n; j++) if (j !== i) row.push(d2[i * n + j] as number);
    row.sort((a, b) => a - b);
    scale[i] = Math.sqrt(Math.max(row[Math.min(neighbour, row.length) - 1] ?? 1, 1e-9));
  }
  const a = new Float64Array(n * n);
  const deg = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const v = Math.exp(-(d2[i * n + j] as number) / ((scale[i] as number) * (scale[j] as number)));
      a[i * n + j] = v;
      deg[i] = (deg[i] as number) + v;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i * n + j] = (a[i * n + j] as number) / Math.sqrt(Math.max((deg[i] as number) * (deg[j] as number), 1e-300));
    }
  }
  return a;
}

/** Eigenvalues of a small symmetric matrix (cyclic Jacobi), descending. */
export function symmetricEigenvalues(m: Float64Array, n: number): number[] {
  const a = Float64Array.from(m);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += (a[i * n + j] as number) ** 2;
    if (off < 1e-20) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q] as number;
        if (Math.abs(apq) < 1e-30) continue;
        const theta = ((a[q * n + q] as number) - (a[p * n + p] as number)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p] as number;
          const akq = a[k * n + q] as number;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k] as number;
          const aqk = a[q * n + k] as number;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[i * n + i] as number).sort((x, y) => y - x);
}

/** The `count` largest eigenvalues of a symmetric n × n matrix (block power iteration + Rayleigh–Ritz). */
export function topEigenvalues(m: Float64Array, n: number, count: number, iterations = 60): number[] {
  return topEigenvaluesOf(
    (v, out, b) => {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const mij = m[i * n + j] as number;
          if (mij === 0) continue;
          for (let c = 0; c < b; c++) out[i * b + c] = (out[i * b + c] as number) + mij * (v[j * b + c] as number);
        }
      }
    },
    n,
    count,
    iterations,
  );
}

/**
 * The `count` largest eigenvalues of a symmetric operator with eigenvalues in [−1, 1], given as `apply(v, out, b)`
 * (out += M·v for an n × b block, row-major): block power iteration on M + I, then Rayleigh–Ritz.
 */
export function topEigenvaluesOf(
  apply: (v: Float64Array, out: Float64Array, b: number) => void,
  n: number,
  count: number,
  iterations = 60,
): number[] {
  const b = Math.min(n, count + 3);
  // Shift by +1 so every eigenvalue is ≥ 0 and the largest dominate.
  const mul = (v: Float64Array): Float64Array => {
    const out = Float64Array.from(v);
    apply(v, out, b);
    return out;
  };
  let v: Float64Array = Float64Array.from({ length: n * b }, (_, k) => (Math.sin(k * 12.9898 + 1) * 43758.5453) % 1);
  const orthonormalise = (x: Float64Array): void => {
    for (let c = 0; c < b; c++) {
      for (let c2 = 0; c2 < c; c2++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += (x[i * b + c] as number) * (x[i * b + c2] as number);
        for (let i = 0; i < n; i++) x[i * b + c] = (x[i * b + c] as number) - dot * (x[i * b + c2] as number);
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += (x[i * b + c] as number) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < n; i++) x[i * b + c] = (x[i * b + c] as number) / norm;
    }
  };
  orthonormalise(v);
  for (let it = 0; it < iterations; it++) {
    v = mul(v);
    orthonormalise(v);
  }
  const mv = mul(v);
  const small = new Float64Array(b * b);
  for (let c = 0; c < b; c++) {
    for (let c2 = 0; c2 < b; c2++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (v[i * b + c] as number) * (mv[i * b + c2] as number);
      small[c * b + c2] = s;
    }
  }
  for (let c = 0; c < b; c++) {
    for (let c2 = c + 1; c2 < b; c2++) {
      const avg = ((small[c * b + c2] as number) + (small[c2 * b + c] as number)) / 2;
      small[c * b + c2] = small[c2 * b + c] = avg;
    }
  }
  return symmetricEigenvalues(small, b)
    .slice(0, count)
    .map((e) => e - 1);
}

/** k in minK…maxK where the eigengap λ_k − λ_{k+1} of the normalised affinity is largest; with the eigenvalues. */
export function eigengapCount(p: Points, minK = 2, maxK = 4, maxPoints = 400): { k: number; eigenvalues: number[] } {
  const q = subsample(p, maxPoints);
  if (q.n <= maxK + 1) return { k: Math.min(minK, q.n), eigenvalues: [] };
  const eigenvalues = topEigenvalues(normalisedAffinity(q), q.n, maxK + 1);
  let k = minK;
  let best = -Infinity;
  for (let c = minK; c <= maxK; c++) {
    const gap = (eigenvalues[c - 1] as number) - (eigenvalues[c] as number);
    if (gap > best) {
      best = gap;
      k = c;
    }
  }
  return { k, eigenvalues };
}
