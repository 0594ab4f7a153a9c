import { describe, expect, it } from 'vitest';
import { refineByAudio } from '../../../main/analysis/stage1-audio.js';
import { chooseClusters, cutTree, wardMerges, type Points } from '../../../main/analysis/diarization/cluster.js';
import { viterbi } from '../../../main/analysis/diarization/resegment.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Gaussian blobs in `dim` dimensions, `perCluster` points around each centre. */
function blobs(centres: number[][], perCluster: number, spread: number, seed = 1): Points {
  const r = rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
  const dim = centres[0]!.length;
  const x = new Float64Array(centres.length * perCluster * dim);
  let i = 0;
  for (let p = 0; p < perCluster; p++)
    for (const c of centres) {
      for (let d = 0; d < dim; d++) x[i * dim + d] = c[d]! + spread * gauss();
      i++;
    }
  return { x, n: centres.length * perCluster, dim };
}

describe('Ward clustering and the number of speakers', () => {
  it('the tree cut at k recovers k well-separated groups', () => {
    const p = blobs(
      [
        [0, 0],
        [10, 0],
        [0, 10],
      ],
      20,
      1,
    );
    const labels = cutTree(p.n, wardMerges(p), 3);
    // Points were interleaved centre by centre: every third point shares a label.
    for (let i = 3; i < p.n; i++) expect(labels[i]).toBe(labels[i - 3]);
    expect(new Set(labels).size).toBe(3);
  });

  for (const k of [2, 3, 4]) {
    it(`BIC picks ${k} speakers for ${k} groups`, () => {
      const centres = [
        [0, 0, 0],
        [6, 0, 0],
        [0, 6, 0],
        [0, 0, 6],
      ].slice(0, k);
      expect(chooseClusters(blobs(centres, 40, 1, k), 2, 4).k).toBe(k);
    });
  }

  it('BIC does not split one voice into several when the spread is all one cloud', () => {
    // One group: the choice is clamped to the minimum of 2, and the BIC of 1 is the best of all.
    const chosen = chooseClusters(blobs([[0, 0, 0]], 120, 1), 2, 4);
    expect(chosen.k).toBe(2);
    const bic = chosen.bic;
    expect(bic.get(1)!).toBeGreaterThan(Math.max(bic.get(2)!, bic.get(3)!, bic.get(4)!));
  });
});

describe('Viterbi re-segmentation', () => {
  it('a switch penalty removes one-frame flickers but keeps a real turn', () => {
    // Two states; frames 0–49 favour 0, 50–99 favour 1, with single frames flipped by noise.
    const ll = new Float64Array(200);
    for (let i = 0; i < 100; i++) {
      const own = i < 50 ? 0 : 1;
      const flip = i % 17 === 5;
      ll[i * 2 + own] = flip ? -3 : 0;
      ll[i * 2 + (1 - own)] = flip ? 0 : -3;
    }
    const none = viterbi(ll, 2, 0, new Uint8Array(100));
    const some = viterbi(ll, 2, 10, new Uint8Array(100));
    expect(Array.from(none).filter((s, i) => s !== (i < 50 ? 0 : 1)).length).toBeGreaterThan(0);
    expect(Array.from(some)).toEqual(Array.from({ length: 100 }, (_, i) => (i < 50 ? 0 : 1)));
  });
});

describe('transcript talk time measured from the audio', () => {
  it('keeps the labels, drops the silence at the edges of each cue', () => {
    const cues = [
      { speaker: 'Dana', segments: [[0, 5] as const, [10, 14] as const] },
      { speaker: 'Sam', segments: [[5, 10] as const] },
    ];
    const speech = [[0.6, 4.2] as const, [5.5, 9.1] as const, [10.3, 12] as const];
    expect(refineByAudio(cues, speech)).toEqual([
      {
        speaker: 'Dana',
        segments: [
          [0.6, 4.2],
          [10.3, 12],
        ],
      },
      { speaker: 'Sam', segments: [[5.5, 9.1]] },
    ]);
  });
});
