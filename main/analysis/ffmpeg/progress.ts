/**
 * Pure parsing of ffmpeg progress output (after Kap's converters/process.ts): kept free of I/O so it is unit-tested
 * on captured text. Understands both `-progress` key=value blocks and the `time=HH:MM:SS.xx` stats line on stderr.
 */

export interface ProgressUpdate {
  /** Position reached in the output timeline, seconds. */
  timeS: number;
  /** timeS / durationS clamped to [0, 1]; 0 when the duration is unknown. */
  fraction: number;
  /** ffmpeg reported `progress=end`. */
  done: boolean;
}

const CLOCK = /(-?\d+):(\d{2}):(\d{2}(?:\.\d+)?)/;

/** `HH:MM:SS.frac` → seconds, or undefined for N/A and garbage. */
export function parseClock(text: string): number | undefined {
  const m = CLOCK.exec(text);
  if (!m) return undefined;
  const [, h, mi, s] = m;
  const seconds = Number(h) * 3600 + Number(mi) * 60 + Number(s);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function timeFromLine(line: string): number | undefined {
  const kv = /^\s*(out_time_us|out_time_ms|out_time)=(.*)$/.exec(line);
  if (kv) {
    const [, key, value = ''] = kv;
    if (key === 'out_time') return parseClock(value);
    // ffmpeg writes microseconds under both keys (out_time_ms is a long-standing misnomer).
    const us = Number(value.trim());
    return Number.isFinite(us) && us >= 0 ? us / 1e6 : undefined;
  }
  const stats = /\btime=\s*(\S+)/.exec(line);
  return stats ? parseClock(stats[1] ?? '') : undefined;
}

/**
 * The latest progress contained in a chunk of ffmpeg output, or null when the chunk holds none.
 * Chunks may contain several blocks and `\r`-separated stats lines; the last time wins.
 */
export function parseProgress(chunk: string, durationS: number): ProgressUpdate | null {
  let timeS: number | undefined;
  let done = false;
  for (const line of chunk.split(/[\r\n]+/)) {
    const t = timeFromLine(line);
    if (t !== undefined) timeS = t;
    if (/^\s*progress=end\s*$/.test(line)) done = true;
  }
  if (timeS === undefined && !done) return null;
  const t = timeS ?? (durationS > 0 ? durationS : 0);
  const fraction = durationS > 0 ? Math.min(1, Math.max(0, t / durationS)) : 0;
  return { timeS: t, fraction: done ? 1 : fraction, done };
}
