/**
 * Pure: the number of speakers from who is whose nearest neighbour, not from how far apart the groups are.
 * Each window links to its p nearest windows (a binary, symmetrised p-nearest-neighbour graph); the eigenvalues of
 * that graph's normalised adjacency near 1 count its loosely joined parts, and k is where λ_k − λ_{k+1} is largest.
 * p is chosen per recording as the one with the clearest gap for the fewest links (least p / gap: Park et al.'s
 * normalised maximum eigengap, 2019).
 *
 * Why not a Gaussian kernel of the distances (eigengap.ts): the distances between voices are a hierarchy (two
 * genders far apart, two voices of one gender close), so the kernel's largest gap is the top split and four voices
 * read as two. A link to the p nearest windows weighs the same whether the next voice is near or far: four voices
 * that are each their own nearest neighbours are four parts, at any scale.
 */
import { subsample, topEigenvaluesOf } from './eigengap.js';
import type { Points } from './cluster.js';

export interface NeighbourCount {
  k: number;
  /** The neighbours each window was linked to. */
  p: number;
  /** The top maxK + 1 eigenvalues of the chosen graph. */
  eigenvalues: number[];
}

/** Each window's nearest other windows, nearest first (at most `keep`). */
function nearest(q: Points, keep: number): Int32Array {
  const { n, dim } = q;
  const out = new Int32Array(n * keep);
  const d2 = new Float64Array(n);
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += ((q.x[i * dim + d] as number) - (q.x[j * dim + d] as number)) ** 2;
      d2[j] = j === i ? Infinity : s;
    }
    idx.sort((a, b) => (d2[a] as number) - (d2[b] as number));
    for (let r = 0; r < keep; r++) out[i * keep + r] = idx[r] as number;
  }
  return out;
}

/** Top eigenvalues of the normalised adjacency of the symmetrised p-nearest-neighbour graph. */
export function neighbourGraphEigenvalues(
  near: Int32Array,
  keep: number,
  n: number,
  p: number,
  count: number,
): number[] {
  // w_ij = (b_ij + b_ji) / 2, b_ij = 1 when j is among i's p nearest: stored as adjacency lists.
  const rows: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < p; r++) {
      const j = near[i * keep + r] as number;
      rows[i]!.set(j, (rows[i]!.get(j) ?? 0) + 0.5);
      rows[j]!.set(i, (rows[j]!.get(i) ?? 0) + 0.5);
    }
  }
  const deg = rows.map((row) => [...row.values()].reduce((a, b) => a + b, 0));
  const cols: Int32Array[] = [];
  const vals: Float64Array[] = [];
  rows.forEach((row, i) => {
    cols.push(Int32Array.from(row.keys()));
    vals.push(Float64Array.from(row, ([j, w]) => w / Math.sqrt((deg[i] as number) * (deg[j] as number))));
  });
  return topEigenvaluesOf(
    (v, out, b) => {
      for (let i = 0; i < n; i++) {
        const c = cols[i] as Int32Array;
        const w = vals[i] as Float64Array;
        for (let e = 0; e < c.length; e++) {
          const j = c[e] as number;
          const wij = w[e] as number;
          for (let k = 0; k < b; k++) out[i * b + k] = (out[i * b + k] as number) + wij * (v[j * b + k] as number);
        }
      }
    },
    n,
    count,
    150,
  );
}

/** k in minK…maxK by the eigengap of the p-nearest-neighbour graph, p chosen by the least p / gap. */
export function neighbourCount(p: Points, minK = 2, maxK = 4, maxPoints = 600, maxP = 30): NeighbourCount {
  const q = subsample(p, maxPoints);
  if (q.n <= maxK + 1) return { k: Math.min(minK, q.n), p: 0, eigenvalues: [] };
  const top = Math.max(2, Math.min(maxP, Math.floor(q.n / 4)));
  const near = nearest(q, top);
  let best: NeighbourCount & { ratio: number } = { k: minK, p: 0, eigenvalues: [], ratio: Infinity };
  for (let links = 2; links <= top; links++) {
    const eigenvalues = neighbourGraphEigenvalues(near, top, q.n, links, maxK + 1);
    let k = minK;
    let gap = -Infinity;
    for (let c = minK; c <= maxK; c++) {
      const g = (eigenvalues[c - 1] as number) - (eigenvalues[c] as number);
      if (g > gap) {
        gap = g;
        k = c;
      }
    }
    const ratio = links / Math.max(gap, 1e-9);
    if (ratio < best.ratio) best = { k, p: links, eigenvalues, ratio };
  }
  return { k: best.k, p: best.p, eigenvalues: best.eigenvalues };
}
