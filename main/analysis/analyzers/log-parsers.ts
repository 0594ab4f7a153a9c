/**
 * Pure parsers for what ffmpeg filters print on stderr (silencedetect, ebur128, blackdetect, scdet, showinfo).
 * Each collector consumes lines one by one, so a long recording's log is never held in memory.
 */
import type { Interval } from '../chunks/intervals.js';

/** Collects `start`/`end` event pairs; a start never closed (stream ended inside it) ends at `endOfStream`. */
export class IntervalCollector {
  private open: number | undefined;
  private readonly done: Interval[] = [];

  constructor(
    private readonly startRe: RegExp,
    private readonly endRe: RegExp,
  ) {}

  push(line: string): void {
    const s = this.startRe.exec(line);
    if (s) this.open = Number(s[1]);
    const e = this.endRe.exec(line);
    if (e && this.open !== undefined) {
      this.done.push([this.open, Number(e[1])]);
      this.open = undefined;
    }
  }

  finish(endOfStream: number): Interval[] {
    const out = [...this.done];
    if (this.open !== undefined && endOfStream > this.open) out.push([this.open, endOfStream]);
    return out;
  }
}

const NUM = '(-?\\d+(?:\\.\\d+)?(?:e[-+]?\\d+)?)';

export const silenceCollector = (): IntervalCollector =>
  new IntervalCollector(
    new RegExp(`\\[silencedetect @ [^\\]]+\\] silence_start: ${NUM}`),
    new RegExp(`\\[silencedetect @ [^\\]]+\\] silence_end: ${NUM}`),
  );

export const blackCollector = (): IntervalCollector =>
  new IntervalCollector(new RegExp(`\\[blackdetect @ [^\\]]+\\].*black_start:${NUM}`), new RegExp(`black_end:${NUM}`));

/** ebur128 prints a summary at the end; the last `I:` and `LRA:` values are the integrated ones. */
export class LoudnessCollector {
  private inSummary = false;
  private integrated: number | null = null;
  private range: number | null = null;

  push(line: string): void {
    if (/ebur128[^\]]*\] Summary:/.test(line)) this.inSummary = true;
    if (!this.inSummary) return;
    const i = /^\s*I:\s+(-?[\d.]+|-inf)\s+LUFS/.exec(line);
    if (i) this.integrated = i[1] === '-inf' ? -70 : Number(i[1]);
    const r = /^\s*LRA:\s+([\d.]+)\s+LU/.exec(line);
    if (r) this.range = Number(r[1]);
  }

  result(): { integrated_lufs: number; range_lu: number } | null {
    return this.integrated === null ? null : { integrated_lufs: this.integrated, range_lu: this.range ?? 0 };
  }
}

/** scdet: `lavfi.scd.score: 45.1, lavfi.scd.time: 2.0` for each frame judged a scene change. */
export function parseScdetCut(line: string): number | undefined {
  const m = new RegExp(`\\[scdet @ [^\\]]+\\].*lavfi\\.scd\\.time: ${NUM}`).exec(line);
  return m ? Number(m[1]) : undefined;
}

/** showinfo: `n:   0 pts:  12 pts_time:2.4 …` */
export function parseShowinfoTime(line: string): number | undefined {
  const m = new RegExp(`\\[Parsed_showinfo[^\\]]*\\] n:\\s*\\d+ .*pts_time:${NUM}`).exec(line);
  return m ? Number(m[1]) : undefined;
}

/** Demuxer/decoder complaints that mean the file is damaged (our own filter logs excluded). */
export function isDecodeErrorLine(line: string): boolean {
  // Our own filters' reports and the echo of the input header (which contains the file name) are not errors.
  if (/^\[(silencedetect|ebur128|blackdetect|scdet|Parsed_)/.test(line) || /^(\s|Input #|Output #)/.test(line)) {
    return false;
  }
  return /(error while decoding|invalid data found|partial file|corrupt|moov atom not found|error reading|invalid nal|missing picture|decode_slice|concealing)/i.test(
    line,
  );
}
