/** Pure: the mean and variance of one column of a row-major matrix, over some of its rows. */

export interface Moments {
  n: number;
  mean: number;
  /** Population variance (never negative; 0 for no rows). */
  variance: number;
}

/** Rows from…to−1. */
export interface RowRange {
  from: number;
  to: number;
}

/**
 * Column `d` of `x` (rows of `dim` values) over `rows`: a list of row indices or a range. The one place diarization
 * sums moments (per-file normalisation, window points, cluster Gaussians).
 */
export function columnMoments(
  x: ArrayLike<number>,
  dim: number,
  d: number,
  rows: readonly number[] | RowRange,
): Moments {
  let s = 0;
  let s2 = 0;
  const list = Array.isArray(rows) ? (rows as readonly number[]) : null;
  const from = list ? 0 : (rows as RowRange).from;
  const to = list ? list.length : (rows as RowRange).to;
  for (let r = from; r < to; r++) {
    const v = x[(list ? (list[r] as number) : r) * dim + d] as number;
    s += v;
    s2 += v * v;
  }
  const n = Math.max(0, to - from);
  const mean = n ? s / n : 0;
  return { n, mean, variance: n ? Math.max(s2 / n - mean * mean, 0) : 0 };
}
