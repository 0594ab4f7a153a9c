/**
 * Issue 23: the number of speakers. The eigengap of the self-tuned affinity counts groups of windows whatever their
 * number (a 2-minute file and a 2-hour file of the same voices give the same count). With a fixed 3rd-neighbour
 * scale instead of 5 % of the windows, two voices with 100 or 1000 windows each were counted as 4.
 */
import { describe, expect, it } from 'vitest';
import { type Points } from '../../../main/analysis/diarization/cluster.js';
import {
  eigengapCount,
  normalisedAffinity,
  symmetricEigenvalues,
  topEigenvalues,
} from '../../../main/analysis/diarization/eigengap.js';
import { columnMoments } from '../../../main/analysis/diarization/moments.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `perGroup` windows of each of `k` voices, in turns of 3–22 windows (a conversation, in time order). A voice is not
 * one Gaussian: its windows fall in two modes (say, statements and questions), which BIC splits once there are
 * enough of them.
 */
function voices(k: number, perGroup: number, seed: number, dim = 8): Points {
  const r = rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const order: number[] = [];
  const left = Array<number>(k).fill(perGroup);
  while (order.length < k * perGroup) {
    const c = Math.floor(r() * k);
    const turn = Math.min(left[c]!, 3 + Math.floor(r() * 20));
    for (let j = 0; j < turn; j++) order.push(c);
    left[c] = left[c]! - turn;
  }
  const x = new Float64Array(order.length * dim);
  order.forEach((c, i) => {
    const mode = r() < 0.5 ? -1.2 : 1.2;
    for (let d = 0; d < dim; d++) x[i * dim + d] = (d === c ? 6 : 0) + (d === (c + 1) % dim ? mode : 0) + 0.7 * gauss();
  });
  return { x, n: order.length, dim };
}

describe('number of speakers by eigengap', () => {
  for (const k of [2, 3, 4]) {
    for (const perGroup of [20, 100, 600]) {
      it(`finds ${k} voices with ${perGroup} windows each (a short or a long recording)`, () => {
        expect(eigengapCount(voices(k, perGroup, k * 10 + perGroup)).k).toBe(k);
      });
    }
  }

  it('the normalised affinity has 1 as its largest eigenvalue, and one near 1 per separate group', () => {
    const p = voices(3, 15, 3);
    const top = topEigenvalues(normalisedAffinity(p), p.n, 5);
    expect(top[0]).toBeCloseTo(1, 6);
    expect(top[2]!).toBeGreaterThan(0.9);
    expect(top[3]!).toBeLessThan(0.9);
  });
});

describe('eigenvalue routines', () => {
  it('Jacobi finds the eigenvalues of a known symmetric matrix', () => {
    // [[2,1],[1,2]] has eigenvalues 3 and 1.
    expect(symmetricEigenvalues(Float64Array.from([2, 1, 1, 2]), 2).map((v) => +v.toFixed(9))).toEqual([3, 1]);
  });

  it('block power iteration agrees with Jacobi on a random symmetric matrix with eigenvalues in [−1, 1]', () => {
    const n = 12;
    const r = rng(5);
    const m = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) m[i * n + j] = m[j * n + i] = (r() - 0.5) / 4;
    const all = symmetricEigenvalues(m, n);
    const top = topEigenvalues(m, n, 3, 500);
    top.forEach((v, i) => expect(v).toBeCloseTo(all[i]!, 6));
  });
});

describe('columnMoments', () => {
  it('mean and population variance of a column over listed rows or a range', () => {
    const x = Float64Array.from([1, 10, 2, 20, 3, 30, 4, 40]); // 4 rows × 2
    expect(columnMoments(x, 2, 1, [0, 2])).toEqual({ n: 2, mean: 20, variance: 100 });
    const r = columnMoments(x, 2, 0, { from: 0, to: 4 });
    expect(r.mean).toBe(2.5);
    expect(r.variance).toBeCloseTo(1.25, 12);
    expect(columnMoments(x, 2, 0, [])).toEqual({ n: 0, mean: 0, variance: 0 });
  });
});
