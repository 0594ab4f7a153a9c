/**
 * Pure interval and cut-time arithmetic used to merge chunk results exactly. Every chunk reports what it saw in a
 * decode window slightly larger than its own span (pre/post-roll), clips to its own half-open span [start, end),
 * and the union of the clipped pieces re-joins anything that crossed a boundary: a silence spanning a boundary is
 * one silence, a cut on a boundary is reported by exactly one chunk.
 */

export type Interval = readonly [start: number, end: number];

/** Sorted, non-overlapping; intervals that overlap or touch (within `joinGapS`) become one. Empty ones vanish. */
export function normalizeIntervals(intervals: readonly Interval[], joinGapS = 1e-6): Interval[] {
  const sorted = intervals.filter(([s, e]) => e > s).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1] + joinGapS) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function clipIntervals(intervals: readonly Interval[], start: number, end: number): Interval[] {
  const out: Interval[] = [];
  for (const [s, e] of intervals) {
    const cs = Math.max(s, start);
    const ce = Math.min(e, end);
    if (ce > cs) out.push([cs, ce]);
  }
  return out;
}

/** Keeps intervals at least `minS` long (applied after merging, so pieces of a boundary-crossing one count together). */
export function dropShorter(intervals: readonly Interval[], minS: number): Interval[] {
  return intervals.filter(([s, e]) => e - s >= minS - 1e-9);
}

/** The gaps of `intervals` inside [start, end]: e.g. speech = complement of silence. */
export function complementIntervals(intervals: readonly Interval[], start: number, end: number): Interval[] {
  const out: Interval[] = [];
  let cursor = start;
  for (const [s, e] of normalizeIntervals(clipIntervals(intervals, start, end))) {
    if (s > cursor) out.push([cursor, s]);
    cursor = Math.max(cursor, e);
  }
  if (end > cursor) out.push([cursor, end]);
  return out;
}

export function totalLength(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, [s, e]) => sum + (e - s), 0);
}

export interface ChunkSpan {
  start: number;
  end: number;
}

/** Merge of per-chunk interval lists: each clipped to its chunk's span, then united. */
export function mergeChunkIntervals(
  chunks: readonly (ChunkSpan & { intervals: readonly Interval[] })[],
  joinGapS = 1e-6,
): Interval[] {
  return normalizeIntervals(
    chunks.flatMap((c) => clipIntervals(c.intervals, c.start, c.end)),
    joinGapS,
  );
}

/**
 * Merge of per-chunk cut times. Each chunk owns (start, end] (the first also its start): a cut on a boundary is
 * the first frame of the next chunk, which that chunk cannot judge when its decode starts right there (keyframe-
 * aligned chunks have no pre-roll), while the previous chunk sees it through its post-roll. Near-equal times
 * (< `epsS`) are one cut.
 */
export function mergeChunkCuts(chunks: readonly (ChunkSpan & { cuts: readonly number[] })[], epsS = 1e-3): number[] {
  const first = Math.min(...chunks.map((c) => c.start));
  const owns = (c: ChunkSpan, t: number): boolean => (t > c.start || (c.start === first && t === first)) && t <= c.end;
  const all = chunks.flatMap((c) => c.cuts.filter((t) => owns(c, t))).sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of all) {
    const last = out[out.length - 1];
    if (last === undefined || t - last >= epsS) out.push(t);
  }
  return out;
}
