import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clipIntervals,
  complementIntervals,
  dropShorter,
  mergeChunkCuts,
  mergeChunkIntervals,
  normalizeIntervals,
  totalLength,
  type Interval,
} from '../../../main/analysis/chunks/intervals.js';
import { decodeWindow, isKeyframeTime, planChunks, snapToKeyframes } from '../../../main/analysis/chunks/plan.js';

const DURATION = 100;

/** Disjoint, sorted intervals inside [0, DURATION] on a millisecond grid (like ffmpeg's reports). */
const intervalSet = fc.uniqueArray(fc.integer({ min: 0, max: DURATION * 1000 }), { maxLength: 30 }).map((points) => {
  const sorted = [...points].sort((a, b) => a - b);
  const out: Interval[] = [];
  for (let i = 0; i + 1 < sorted.length; i += 2) out.push([(sorted[i] ?? 0) / 1000, (sorted[i + 1] ?? 0) / 1000]);
  return out;
});

const chunkCount = fc.integer({ min: 1, max: 12 });

/** What a chunk's detector reports: everything overlapping its padded window, clipped to that window. */
function observe(truth: readonly Interval[], window: { start: number; end: number }): Interval[] {
  return clipIntervals(truth, window.start, window.end);
}

describe('normalizeIntervals', () => {
  it('merges overlapping and touching intervals and drops empty ones', () => {
    expect(
      normalizeIntervals([
        [5, 6],
        [1, 2],
        [2, 3],
        [2.5, 4],
        [7, 7],
      ]),
    ).toEqual([
      [1, 4],
      [5, 6],
    ]);
  });
});

describe('complementIntervals', () => {
  it('gives the gaps inside the range', () => {
    expect(
      complementIntervals(
        [
          [1, 2],
          [4, 5],
        ],
        0,
        6,
      ),
    ).toEqual([
      [0, 1],
      [2, 4],
      [5, 6],
    ]);
    expect(complementIntervals([], 0, 3)).toEqual([[0, 3]]);
  });
  it('property: an interval set and its complement tile the range', () => {
    fc.assert(
      fc.property(intervalSet, (set) => {
        const comp = complementIntervals(set, 0, DURATION);
        expect(totalLength(set) + totalLength(comp)).toBeCloseTo(DURATION, 6);
      }),
    );
  });
});

describe('mergeChunkIntervals', () => {
  it('a silence spanning a boundary is one silence', () => {
    const merged = mergeChunkIntervals([
      {
        start: 0,
        end: 10,
        intervals: [
          [2, 3],
          [8, 11],
        ],
      },
      {
        start: 10,
        end: 20,
        intervals: [
          [8, 12.5],
          [15, 16],
        ],
      },
    ]);
    expect(merged).toEqual([
      [2, 3],
      [8, 12.5],
      [15, 16],
    ]);
  });

  it('property: chunked observation with any padding merges back to the truth exactly', () => {
    fc.assert(
      fc.property(intervalSet, chunkCount, fc.integer({ min: 0, max: 3 }), (truth, n, pad) => {
        const plan = planChunks(DURATION, { chunkS: DURATION / n });
        const chunks = plan.map((c) => ({ ...c, intervals: observe(truth, decodeWindow(c, pad, DURATION)) }));
        expect(mergeChunkIntervals(chunks)).toEqual(normalizeIntervals(truth));
      }),
    );
  });

  it('property: minimum-length filtering after the merge equals filtering the truth', () => {
    fc.assert(
      fc.property(intervalSet, chunkCount, fc.double({ min: 0, max: 5, noNaN: true }), (truth, n, minS) => {
        const plan = planChunks(DURATION, { chunkS: DURATION / n });
        const chunks = plan.map((c) => ({ ...c, intervals: observe(truth, decodeWindow(c, 1, DURATION)) }));
        expect(dropShorter(mergeChunkIntervals(chunks), minS)).toEqual(dropShorter(normalizeIntervals(truth), minS));
      }),
    );
  });
});

describe('mergeChunkCuts', () => {
  it('a cut on a boundary seen by both chunks is reported once', () => {
    const cuts = mergeChunkCuts([
      { start: 0, end: 10, cuts: [3, 10] },
      { start: 10, end: 20, cuts: [10, 14] },
    ]);
    expect(cuts).toEqual([3, 10, 14]);
  });

  it('property: cuts observed through padded windows merge to the truth without duplicates', () => {
    const cutSet = fc
      .uniqueArray(fc.integer({ min: 0, max: DURATION * 1000 - 1 }), { maxLength: 40 })
      .map((ms) => [...ms].sort((a, b) => a - b).map((x) => x / 1000));
    fc.assert(
      fc.property(cutSet, chunkCount, fc.integer({ min: 0, max: 3 }), (truth, n, pad) => {
        const plan = planChunks(DURATION, { chunkS: DURATION / n });
        const chunks = plan.map((c) => {
          const w = decodeWindow(c, pad, DURATION);
          return { ...c, cuts: truth.filter((t) => (t > w.start || w.start === 0) && t <= w.end) };
        });
        expect(mergeChunkCuts(chunks)).toEqual(truth.filter((t, i) => i === 0 || t - (truth[i - 1] ?? -1) >= 1e-3));
      }),
    );
  });
});

describe('planChunks', () => {
  it('property: chunks tile [0, duration) without gaps or overlaps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 20_000, noNaN: true }),
        fc.double({ min: 20, max: 900, noNaN: true }),
        (d, chunkS) => {
          const plan = planChunks(d, { chunkS });
          expect(plan[0]?.start).toBe(0);
          expect(plan.at(-1)?.end).toBe(d);
          plan.forEach((c, i) => {
            expect(c.idx).toBe(i);
            expect(c.end).toBeGreaterThan(c.start);
            if (i > 0) expect(c.start).toBe(plan[i - 1]?.end);
          });
          expect(plan.length).toBe(Math.min(1000, Math.max(1, Math.ceil(d / chunkS - 1e-9))));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps short recordings in one chunk and clamps the decode window', () => {
    expect(planChunks(500, { chunkS: 300, minChunkS: 600 })).toEqual([{ idx: 0, start: 0, end: 500 }]);
    expect(decodeWindow({ start: 0, end: 10 }, 1, 12)).toEqual({ start: 0, end: 11 });
    expect(decodeWindow({ start: 10, end: 12 }, 1, 12)).toEqual({ start: 9, end: 12 });
  });
});

describe('snapToKeyframes', () => {
  it('moves inner boundaries to the nearest keyframe and drops collapsed chunks', () => {
    const plan = planChunks(12, { chunkS: 2.5 }); // 2.4, 4.8, 7.2, 9.6
    expect(snapToKeyframes(plan, [0, 3, 6, 9])).toEqual([
      { idx: 0, start: 0, end: 3 },
      { idx: 1, start: 3, end: 6 },
      { idx: 2, start: 6, end: 9 },
      { idx: 3, start: 9, end: 12 },
    ]);
    expect(snapToKeyframes(plan, [0])).toEqual([{ idx: 0, start: 0, end: 12 }]);
    expect(isKeyframeTime(6.0004, [0, 3, 6, 9])).toBe(true);
    expect(isKeyframeTime(6.1, [0, 3, 6, 9])).toBe(false);
  });

  it('property: a snapped plan still tiles [0, duration) and every inner boundary is a keyframe', () => {
    const keyframeSet = fc
      .uniqueArray(fc.integer({ min: 1, max: DURATION * 1000 - 1 }), { maxLength: 20 })
      .map((ms) => [0, ...ms.map((x) => x / 1000).sort((a, b) => a - b)]);
    fc.assert(
      fc.property(keyframeSet, chunkCount, (keyframes, n) => {
        const plan = snapToKeyframes(planChunks(DURATION, { chunkS: DURATION / n }), keyframes);
        expect(plan[0]?.start).toBe(0);
        expect(plan.at(-1)?.end).toBe(DURATION);
        plan.forEach((c, i) => {
          expect(c.idx).toBe(i);
          expect(c.end).toBeGreaterThan(c.start);
          if (i > 0) {
            expect(c.start).toBe(plan[i - 1]?.end);
            expect(keyframes).toContain(c.start);
          }
        });
      }),
    );
  });

  it('property: cuts merge exactly when keyframe-aligned chunks decode without pre-roll', () => {
    const cutSet = fc
      .uniqueArray(fc.integer({ min: 1, max: DURATION * 1000 - 1 }), { maxLength: 30 })
      .map((ms) => [...ms].sort((a, b) => a - b).map((x) => x / 1000));
    fc.assert(
      fc.property(cutSet, chunkCount, (truth, n) => {
        // Worst case: every cut is a keyframe and boundaries land on cuts.
        const keyframes = [0, ...truth];
        const plan = snapToKeyframes(planChunks(DURATION, { chunkS: DURATION / n }), keyframes);
        const chunks = plan.map((c) => {
          const w = decodeWindow(c, 0.5, DURATION, isKeyframeTime(c.start, keyframes));
          // A decoder cannot call its very first frame a cut: nothing to compare it with.
          return { ...c, cuts: truth.filter((t) => t > w.start && t <= w.end) };
        });
        expect(mergeChunkCuts(chunks)).toEqual(truth.filter((t, i) => i === 0 || t - (truth[i - 1] ?? -1) >= 1e-3));
      }),
    );
  });
});
