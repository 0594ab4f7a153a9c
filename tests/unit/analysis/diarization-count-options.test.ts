/**
 * Issue 23: the two count options kept beside the default eigengap (docs/architecture-notes.md has their numbers).
 * The turn test: a split whose halves hold different turns is two speakers; halves that alternate inside turns are
 * one voice's variety. The p-nearest-neighbour graph: voices that are their own nearest neighbours are counted
 * whatever the distances between them (a far pair of near pairs is four, not two).
 */
import { describe, expect, it } from 'vitest';
import { type Points } from '../../../main/analysis/diarization/cluster.js';
import { neighbourCount } from '../../../main/analysis/diarization/neighbour-count.js';
import { turnZ } from '../../../main/analysis/diarization/turn-split.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('turn test', () => {
  // 20 turns of 3 windows: windows 3t, 3t+1, 3t+2; within-turn pairs (3t, 3t+1), (3t+1, 3t+2).
  const pairs: [number, number][] = [];
  for (let t = 0; t < 20; t++) pairs.push([3 * t, 3 * t + 1], [3 * t + 1, 3 * t + 2]);
  const all = Array.from({ length: 60 }, (_, i) => i);

  it('halves made of whole turns (two speakers) pass', () => {
    const left = all.filter((i) => Math.floor(i / 3) % 2 === 0);
    const right = all.filter((i) => Math.floor(i / 3) % 2 === 1);
    expect(turnZ(left, right, pairs)).toBeGreaterThan(1.645);
  });

  it('halves that alternate inside each turn (first window of a sentence against the rest) fail', () => {
    const left = all.filter((i) => i % 3 === 0);
    const right = all.filter((i) => i % 3 !== 0);
    expect(turnZ(left, right, pairs)).toBeLessThan(1.645);
  });
});

describe('count by the p-nearest-neighbour graph', () => {
  /** Two far groups (genders), each of two near voices: distances between groups ≫ between voices of a group. */
  function hierarchy(perVoice: number, seed: number): Points {
    const r = rng(seed);
    const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
    const dim = 6;
    const n = 4 * perVoice;
    const x = new Float64Array(n * dim);
    for (let i = 0; i < n; i++) {
      const v = i % 4;
      x[i * dim] = v < 2 ? -30 : 30;
      x[i * dim + 1] = v % 2 === 0 ? -3 : 3;
      for (let d = 0; d < dim; d++) x[i * dim + d] = (x[i * dim + d] as number) + 0.5 * gauss();
    }
    return { x, n, dim };
  }

  for (const perVoice of [15, 30]) {
    it(`four voices in two far pairs are four (${perVoice} windows each)`, () => {
      expect(neighbourCount(hierarchy(perVoice, perVoice)).k).toBe(4);
    }, 30_000);
  }
});
