/** Timeline thumbnails: where to grab them (pure), and the strip + poster made from the grabs (tiny images). */
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from '../ffmpeg/run-ffmpeg.js';
import type { Interval } from '../chunks/intervals.js';
import type { ThumbnailsSection } from '../../../shared/contract/analysis-data.js';

/** The poster frame's file name in a session's analysis folder (the grid's thumbnail). */
export const POSTER_FILE = 'poster.jpg';

/** The catalogue's `thumbnails` section. */
export type ThumbnailsData = ThumbnailsSection;

/** About one every 20 s, at least 4 and at most 40: enough for chapter-like browsing, cheap to grab. */
export function thumbnailTimes(durationS: number): number[] {
  if (!(durationS > 0)) return [];
  const count = Math.min(40, Math.max(4, Math.round(durationS / 20)));
  return Array.from({ length: count }, (_, k) => Math.round((((k + 0.5) * durationS) / count) * 1000) / 1000);
}

/** The frame nearest 10 % into the recording that is not black (a poster of a black frame says nothing). */
export function choosePoster(
  frames: readonly { t: number; file: string }[],
  durationS: number,
  black: readonly Interval[],
): string | null {
  const visible = frames.filter(({ t }) => !black.some(([s, e]) => t >= s && t <= e));
  const pool = visible.length ? visible : frames;
  const target = durationS * 0.1;
  let best: { t: number; file: string } | undefined;
  for (const f of pool) if (!best || Math.abs(f.t - target) < Math.abs(best.t - target)) best = f;
  return best?.file ?? null;
}

export async function buildStripAndPoster(
  ffmpeg: string,
  outDir: string,
  frames: readonly { t: number; file: string }[],
  durationS: number,
  black: readonly Interval[],
  signal?: AbortSignal,
): Promise<ThumbnailsData> {
  const sorted = [...frames].sort((a, b) => a.t - b.t);
  if (sorted.length === 0) return { poster: null, strip: null, frames: [] };
  const posterSource = choosePoster(sorted, durationS, black);
  if (posterSource) await copyFile(join(outDir, posterSource), join(outDir, POSTER_FILE));
  const inputs = sorted.flatMap((f) => ['-i', join(outDir, f.file)]);
  const scaled = sorted.map((_, i) => `[${i}:v]scale=160:-2[s${i}]`).join(';');
  const stack =
    sorted.length > 1
      ? `${sorted.map((_, i) => `[s${i}]`).join('')}hstack=inputs=${sorted.length}[out]`
      : '[s0]null[out]';
  const args = ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...inputs, '-filter_complex', `${scaled};${stack}`];
  args.push('-map', '[out]', '-frames:v', '1', '-q:v', '5', join(outDir, 'strip.jpg'));
  await runProcess(ffmpeg, args, { signal });
  return { poster: posterSource ? POSTER_FILE : null, strip: 'strip.jpg', frames: sorted };
}
