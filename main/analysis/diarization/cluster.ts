/**
 * Pure: clustering of speech windows into speakers. Each window (≈1.5 s of speech) is a point (its mean cepstra,
 * their spread, its pitch); Ward's agglomerative clustering builds the whole tree once (nearest-neighbour chain,
 * O(n²) time and one n² distance matrix), and the number of speakers is the cut of that tree with the best Bayesian
 * information criterion: each cluster a diagonal Gaussian over the windows, penalised by ½·(parameters)·log(n).
 * Windows, not frames, are the samples: 1.5 s apart they are nearly independent, which BIC assumes.
 */
import { eigengapCount } from './eigengap.js';
import { neighbourCount } from './neighbour-count.js';
import { columnMoments } from './moments.js';

export interface Points {
  /** n × dim, row-major. */
  x: Float64Array;
  n: number;
  dim: number;
}

export interface Merge {
  a: number;
  b: number;
  height: number;
}

const sq = (p: Points, i: number, j: number): number => {
  let s = 0;
  for (let d = 0; d < p.dim; d++) s += ((p.x[i * p.dim + d] as number) - (p.x[j * p.dim + d] as number)) ** 2;
  return s;
};

/** Ward linkage by the nearest-neighbour chain; merges sorted by height (Ward is reducible, so this is exact). */
export function wardMerges(p: Points): Merge[] {
  const n = p.n;
  if (n < 2) return [];
  const dist = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dist[i * n + j] = dist[j * n + i] = sq(p, i, j);
  const size = new Float64Array(n).fill(1);
  const alive = new Uint8Array(n).fill(1);
  const merges: Merge[] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) chain.push(alive.indexOf(1));
    const top = chain[chain.length - 1] as number;
    const prev = chain.length > 1 ? (chain[chain.length - 2] as number) : -1;
    let best = -1;
    let bestD = Infinity;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === top) continue;
      const d = dist[top * n + k] as number;
      if (d < bestD || (d === bestD && k === prev)) {
        bestD = d;
        best = k;
      }
    }
    if (best !== prev) {
      chain.push(best);
      continue;
    }
    chain.pop();
    chain.pop();
    // Merge `best` into `top` (Lance–Williams update for Ward on squared distances).
    const [a, b] = [top, best];
    const na = size[a] as number;
    const nb = size[b] as number;
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === a || k === b) continue;
      const nk = size[k] as number;
      const d =
        ((na + nk) * (dist[a * n + k] as number) + (nb + nk) * (dist[b * n + k] as number) - nk * bestD) /
        (na + nb + nk);
      dist[a * n + k] = dist[k * n + a] = d;
    }
    size[a] = na + nb;
    alive[b] = 0;
    remaining--;
    merges.push({ a, b, height: bestD });
  }
  return merges.sort((x, y) => x.height - y.height);
}

/** Cluster labels 0…k−1 (in order of first appearance) after applying all but the last k−1 merges. */
export function cutTree(n: number, merges: readonly Merge[], k: number): Int32Array {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  for (const m of merges.slice(0, Math.max(0, n - k))) parent[find(m.b)] = find(m.a);
  const ids = new Map<number, number>();
  return Int32Array.from({ length: n }, (_, i) => {
    const root = find(i);
    if (!ids.has(root)) ids.set(root, ids.size);
    return ids.get(root) as number;
  });
}

/** BIC of a partition: per cluster a diagonal Gaussian (variance floored), minus ½·params·log n. */
export function partitionBic(p: Points, labels: Int32Array, k: number, maxSamples = Infinity): number {
  const { n, dim } = p;
  let logL = 0;
  for (let c = 0; c < k; c++) {
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (labels[i] === c) members.push(i);
    const m = members.length;
    if (m === 0) continue;
    logL += m * Math.log(m / n);
    for (let d = 0; d < dim; d++) {
      const variance = Math.max(columnMoments(p.x, dim, d, members).variance, 1e-2);
      logL -= (m / 2) * (Math.log(2 * Math.PI * variance) + 1);
    }
  }
  const params = k * 2 * dim + (k - 1);
  // Windows of one conversation are not independent draws (the same voice, the same sentences, the same room):
  // past `maxSamples` windows more data stops counting as more evidence, or any voice's variety becomes "speakers".
  const effective = Math.min(n, maxSamples);
  return (logL * effective) / n - 0.5 * params * Math.log(effective);
}

/** Mean silhouette of a labelling (−1…1): how much closer each point is to its own cluster than to the next. */
export function silhouette(p: Points, labels: Int32Array, k: number, maxPoints = 1500): number {
  if (k < 2) return 0;
  const step = Math.max(1, Math.ceil(p.n / maxPoints));
  const idx: number[] = [];
  for (let i = 0; i < p.n; i += step) idx.push(i);
  let total = 0;
  let counted = 0;
  for (const i of idx) {
    const sum = new Float64Array(k);
    const cnt = new Float64Array(k);
    for (const j of idx) {
      if (j === i) continue;
      const c = labels[j] as number;
      sum[c] = (sum[c] as number) + Math.sqrt(sq(p, i, j));
      cnt[c] = (cnt[c] as number) + 1;
    }
    const own = labels[i] as number;
    if (!cnt[own]) continue;
    const a = (sum[own] as number) / (cnt[own] as number);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && cnt[c]) b = Math.min(b, (sum[c] as number) / (cnt[c] as number));
    if (!Number.isFinite(b)) continue;
    total += (b - a) / Math.max(a, b, 1e-9);
    counted++;
  }
  return counted ? total / counted : 0;
}

/** The tree's cut with the best BIC among `minK`…`maxK` clusters (never more clusters than points). */
export function chooseClusters(
  p: Points,
  minK = 2,
  maxK = 4,
  by: 'bic' | 'silhouette' | 'eigengap' | 'neighbours' = 'bic',
  maxSamples = Infinity,
): { k: number; labels: Int32Array; bic: Map<number, number> } {
  const merges = wardMerges(p);
  if (by === 'neighbours') {
    const { k, eigenvalues } = neighbourCount(p, minK, maxK);
    return { k, labels: cutTree(p.n, merges, k), bic: new Map(eigenvalues.map((e, i) => [i + 1, e])) };
  }
  if (by === 'eigengap') {
    const { k, eigenvalues } = eigengapCount(p, minK, maxK);
    return { k, labels: cutTree(p.n, merges, k), bic: new Map(eigenvalues.map((e, i) => [i + 1, e])) };
  }
  const bic = new Map<number, number>();
  let best = { k: Math.min(minK, p.n), labels: cutTree(p.n, merges, Math.min(minK, p.n)) };
  let bestBic = -Infinity;
  for (let k = 1; k <= Math.min(maxK, p.n); k++) {
    const labels = cutTree(p.n, merges, k);
    const value = by === 'bic' ? partitionBic(p, labels, k, maxSamples) : silhouette(p, labels, k);
    bic.set(k, value);
    if (k >= minK && value > bestBic) {
      bestBic = value;
      best = { k, labels };
    }
  }
  return { ...best, bic };
}
