/**
 * Months in the coach's own time zone (IANA name, e.g. `Europe/Berlin`), from the UTC month counts: a local month
 * starts at local midnight on the 1st, a few hours before or after the UTC month, so each local count is the UTC
 * count plus the sessions recorded between the two starts of that month, less those between the two starts of the
 * next one (`shift`: a signed count over at most 14 hours, answered by the list's recorded-date index). Daylight
 * saving time is the zone's own at each month start. Pure but for the counting function it is given.
 */
import { zoneOffsetMs } from '../../platform/time-zone.js';

export interface MonthCount {
  month: string;
  count: number;
}

/** Sessions recorded in [from, to) (ISO instants), for the view's filters. */
export type CountBetween = (from: string, to: string) => number;

/** The instant local midnight of the 1st of `month` (`YYYY-MM`) happens in `zone`. */
export function localMonthStart(zone: string, month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, 1);
  // The offset at the guess, then at the instant found (a DST change near midnight moves it once).
  const first = wall - zoneOffsetMs(zone, wall);
  return wall - zoneOffsetMs(zone, first);
}

export function nextMonth(month: string, step = 1): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + step, 1));
  return d.toISOString().slice(0, 7);
}

/** The UTC month counts (newest first) regrouped by the months of `zone` (newest first, empty months left out). */
export function localMonths(utc: readonly MonthCount[], zone: string, between: CountBetween): MonthCount[] {
  const counts = new Map(utc.map((m) => [m.month, m.count]));
  const shifts = new Map<string, number>();
  /** Sessions between the local and the UTC start of `month`: in the local month, not the UTC one (or the reverse). */
  const shift = (month: string): number => {
    let value = shifts.get(month);
    if (value === undefined) {
      const local = localMonthStart(zone, month);
      const [y, m] = month.split('-').map(Number) as [number, number];
      const start = Date.UTC(y, m - 1, 1);
      const [a, b] = [new Date(Math.min(local, start)).toISOString(), new Date(Math.max(local, start)).toISOString()];
      value = local === start ? 0 : (local < start ? 1 : -1) * between(a, b);
      shifts.set(month, value);
    }
    return value;
  };
  const candidates = new Set<string>();
  for (const m of utc) {
    if (m.count === 0) continue;
    candidates.add(nextMonth(m.month, -1));
    candidates.add(m.month);
    candidates.add(nextMonth(m.month, 1));
  }
  const out: MonthCount[] = [];
  for (const month of [...candidates].sort().reverse()) {
    const count = (counts.get(month) ?? 0) + shift(month) - shift(nextMonth(month, 1));
    if (count > 0) out.push({ month, count });
  }
  return out;
}
