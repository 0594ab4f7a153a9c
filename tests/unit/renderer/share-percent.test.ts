import { describe, expect, it } from 'vitest';
import { percentages } from '../../../renderer/features/review/share-percent.js';

describe('talk share percentages', () => {
  it('add up to 100 where rounding each alone gives 101', () => {
    const shares = [0.335, 0.335, 0.33];
    expect(shares.map((s) => Math.round(s * 100)).reduce((a, b) => a + b)).toBe(101);
    const p = percentages(shares);
    expect(p.reduce((a, b) => a + b)).toBe(100);
    expect(p).toEqual([34, 33, 33]);
  });

  it('add up to 100 where rounding each alone gives 99', () => {
    const p = percentages([1 / 3, 1 / 3, 1 / 3]);
    expect(p.reduce((a, b) => a + b)).toBe(100);
  });

  it('keeps a partial total and ignores junk', () => {
    expect(percentages([0.5, 0.2])).toEqual([50, 20]);
    expect(percentages([Number.NaN, 1])).toEqual([0, 100]);
    expect(percentages([])).toEqual([]);
  });
});
