/**
 * Zoom local folders (and Teams names without the `UTC` marker) carry the wall-clock time of the computer that
 * recorded them. Turning that into UTC needs the time zone of that computer: by default the process's own, or an
 * IANA zone / converter injected by the caller (tests, or a coach who recorded while travelling).
 */
import { zoneOffsetMs } from '../../platform/time-zone.js';
import type { WallTime } from './types.js';

/** Converts a local wall time to a UTC instant. */
export type LocalTimeToUtc = (wall: WallTime) => Date;

function wallAsUtcMs(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/**
 * A converter for an IANA time zone (default: the process's zone). A wall time that happens twice (autumn DST
 * change) resolves to the first occurrence; one that never happens (spring gap) is shifted forward, as clocks are.
 */
export function localTimeInZone(timeZone: string = Intl.DateTimeFormat().resolvedOptions().timeZone): LocalTimeToUtc {
  return (wall) => {
    const guess = wallAsUtcMs(wall);
    const first = guess - zoneOffsetMs(timeZone, guess);
    const second = guess - zoneOffsetMs(timeZone, first);
    // Two candidates differ only around a DST change; the earlier one is the first occurrence.
    const candidates = [first, second].filter((utc) => utc + zoneOffsetMs(timeZone, utc) === guess);
    return new Date(candidates.length > 0 ? Math.min(...candidates) : Math.max(first, second));
  };
}

/** A converter for a fixed offset from UTC in minutes (e.g. +60 for GMT+1). */
export function fixedOffset(offsetMinutes: number): LocalTimeToUtc {
  return (wall) => new Date(wallAsUtcMs(wall) - offsetMinutes * 60_000);
}

/** A wall time that is already UTC (Zoom cloud names, Teams `UTC` names). */
export function utcWallTime(wall: WallTime): Date {
  return new Date(wallAsUtcMs(wall));
}

/** True when the numbers form a real calendar date and time (rejects `2024-02-30 25.61.00`). */
export function isValidWallTime(w: WallTime): boolean {
  const d = new Date(wallAsUtcMs(w));
  return (
    d.getUTCFullYear() === w.year &&
    d.getUTCMonth() === w.month - 1 &&
    d.getUTCDate() === w.day &&
    d.getUTCHours() === w.hour &&
    d.getUTCMinutes() === w.minute &&
    d.getUTCSeconds() === w.second
  );
}

export function wallTime(
  year: string,
  month: string,
  day: string,
  hour: string,
  minute: string,
  second = '0',
): WallTime {
  return {
    year: Number(year),
    month: Number(month),
    day: Number(day),
    hour: Number(hour),
    minute: Number(minute),
    second: Number(second),
  };
}
