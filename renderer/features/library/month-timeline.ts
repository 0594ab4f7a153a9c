/**
 * The month scrubber's arithmetic, pure so it is unit-tested: where each month of the list starts (its first row's
 * index, from the server's counts per month in list order), which month holds a row, and how a month is named.
 * Months are those of `recorded_at` in the coach's time zone (the server counts them for the zone it is given);
 * a month's name is its `YYYY-MM` label, so it is formatted as a UTC date.
 */
export interface MonthCount {
  month: string;
  count: number;
}

export interface TimelineMonth extends MonthCount {
  /** Index of the month's first row in the list. */
  start: number;
}

/** The months in list order (newest first unless `ascending`) with the index of each one's first row. */
export function timeline(newestFirst: readonly MonthCount[], ascending: boolean): TimelineMonth[] {
  const ordered = ascending ? [...newestFirst].reverse() : newestFirst;
  let start = 0;
  return ordered.map((m) => {
    const out = { ...m, start };
    start += m.count;
    return out;
  });
}

/** The month holding row `index` (the last month for rows past the counted ones), or -1 when there are none. */
export function monthAt(months: readonly TimelineMonth[], index: number): number {
  if (months.length === 0) return -1;
  let lo = 0;
  let hi = months.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (months[mid]!.start <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The next month in list order whose year differs from month `from`'s (PageDown), or the last/first one. */
export function otherYear(months: readonly TimelineMonth[], from: number, step: 1 | -1): number {
  const year = months[from]?.month.slice(0, 4);
  let i = from + step;
  while (i >= 0 && i < months.length && months[i]!.month.slice(0, 4) === year) i += step;
  if (step === 1) return Math.min(i, months.length - 1);
  // Going up lands on the first month (in list order) of the year above.
  if (i < 0) return 0;
  const above = months[i]!.month.slice(0, 4);
  while (i > 0 && months[i - 1]!.month.slice(0, 4) === above) i -= 1;
  return i;
}

const LONG = new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const SHORT = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });

function utcDate(month: string): Date {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1, 1));
}

/** "March 2026". */
export function monthLabel(month: string): string {
  return LONG.format(utcDate(month));
}

/** "Mar". */
export function shortMonth(month: string): string {
  return SHORT.format(utcDate(month));
}
