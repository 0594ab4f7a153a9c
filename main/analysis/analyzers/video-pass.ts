/**
 * Stage 2 for one chunk: ONE video decode feeding scene-cut detection (scdet), black detection and thumbnail
 * grabs. The frame is downscaled first thing so the detectors cost little next to decoding; thumbnails are
 * selected before their (larger) scale so only picked frames pay for it. Keyframe-only decoding is used only when
 * the caller says keyframes are close enough together for cuts not to be missed.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { runProcess } from '../ffmpeg/run-ffmpeg.js';
import type { ChunkSpan, Interval } from '../chunks/intervals.js';
import { blackCollector, isDecodeErrorLine, parseScdetCut, parseShowinfoTime } from './log-parsers.js';

export interface VideoPassOptions {
  ffmpeg: string;
  path: string;
  /** Window decoded (chunk span plus pre/post-roll), absolute seconds. */
  window: ChunkSpan;
  /** Absolute times of the timeline thumbnails that fall in this chunk, with their index in the strip. */
  thumbnails: readonly { index: number; t: number }[];
  /** Folder for thumbnail files (named thumb_NNN.jpg by strip index). */
  outDir: string;
  keyframesOnly: boolean;
  /** scdet threshold (0–100); hard cuts score far above it, camera motion far below. */
  sceneThreshold?: number;
  threads?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
  onSpawn?: (pid: number) => void;
  /** Chunk index, to keep temporary file names of parallel chunks apart. */
  tag: string;
}

export interface VideoPassResult {
  /** Absolute times. */
  cuts: number[];
  black: Interval[];
  thumbnails: { index: number; t: number; file: string }[];
  decodeErrors: string[];
}

export const THUMB_WIDTH = 320;
const DETECT_SIZE = '160:90';

const fmt = (x: number): string => x.toFixed(3);

/** Selects, for each target time, the first frame at or after it (relative to the window start). */
function thumbnailSelect(targets: readonly number[]): string {
  const terms = targets.map((r) => `gte(t\\,${fmt(r)})*not(gte(prev_t\\,${fmt(r)}))`);
  return `select='${terms.join('+')}'`;
}

export function videoPassArgs(o: VideoPassOptions): string[] {
  const { window } = o;
  const args = ['-hide_banner', '-nostdin', '-v', 'info', '-threads', String(o.threads ?? 1)];
  if (o.keyframesOnly) args.push('-skip_frame', 'nokey');
  args.push('-ss', fmt(window.start), '-t', fmt(window.end - window.start), '-an', '-sn', '-dn', '-i', o.path);
  const detect = `scale=${DETECT_SIZE}:flags=fast_bilinear,blackdetect=d=0:pix_th=0.10,scdet=threshold=${o.sceneThreshold ?? 10}`;
  const relTargets = o.thumbnails.map((th) => Math.max(0, th.t - window.start));
  if (relTargets.length === 0) {
    args.push('-filter_complex', `[0:v:0]${detect}[det]`, '-map', '[det]', '-f', 'null', '-');
    return args;
  }
  const thumbs = `${thumbnailSelect(relTargets)},scale=${THUMB_WIDTH}:-2,showinfo`;
  args.push('-filter_complex', `[0:v:0]split=2[a][b];[a]${detect}[det];[b]${thumbs}[th]`);
  args.push('-map', '[det]', '-f', 'null', '-');
  args.push('-map', '[th]', '-fps_mode', 'passthrough', '-q:v', '5', join(o.outDir, `tmp_${o.tag}_%03d.jpg`));
  return args;
}

export async function runVideoPass(o: VideoPassOptions): Promise<VideoPassResult> {
  const cuts: number[] = [];
  const shownAt: number[] = [];
  const black = blackCollector();
  const decodeErrors: string[] = [];
  const length = o.window.end - o.window.start;
  await runProcess(o.ffmpeg, videoPassArgs(o), {
    signal: o.signal,
    durationS: length,
    onSpawn: o.onSpawn,
    onProgress: o.onProgress ? (p) => o.onProgress?.(p.fraction) : undefined,
    onStderrLine: (line) => {
      const cut = parseScdetCut(line);
      if (cut !== undefined) cuts.push(cut + o.window.start);
      const shown = parseShowinfoTime(line);
      if (shown !== undefined) shownAt.push(shown + o.window.start);
      black.push(line);
      if (decodeErrors.length < 20 && isDecodeErrorLine(line)) decodeErrors.push(line.trim());
    },
  });
  // image2 numbered the grabs in order; the i-th grab answers the i-th target reached.
  const thumbnails: VideoPassResult['thumbnails'] = [];
  for (let i = 0; i < shownAt.length && i < o.thumbnails.length; i++) {
    const target = o.thumbnails[i];
    if (!target) continue;
    const file = `thumb_${String(target.index).padStart(3, '0')}.jpg`;
    await rename(join(o.outDir, `tmp_${o.tag}_${String(i + 1).padStart(3, '0')}.jpg`), join(o.outDir, file));
    thumbnails.push({ index: target.index, t: Math.round((shownAt[i] ?? target.t) * 1000) / 1000, file });
  }
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return {
    cuts: cuts.map(round),
    black: black.finish(length).map(([s, e]) => [round(s + o.window.start), round(e + o.window.start)] as const),
    thumbnails,
    decodeErrors,
  };
}
