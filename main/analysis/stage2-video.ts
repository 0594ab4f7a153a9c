/**
 * Stage 2: video, split into chunks decoded in parallel (ONE decode per chunk for cuts, black and thumbnails).
 * Finished chunks are persisted through a ChunkStore so a crashed analysis resumes from the last finished chunk.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { MediaTools } from '../platform/ffmpeg-locate.js';
import { runVideoPass } from './analyzers/video-pass.js';
import { buildStripAndPoster, thumbnailTimes, type ThumbnailsData } from './analyzers/thumbnails.js';
import { mergeChunkCuts, mergeChunkIntervals, type Interval } from './chunks/intervals.js';
import { decodeWindow, isKeyframeTime, planChunks, snapToKeyframes } from './chunks/plan.js';
import { memoryChunkStore, type ChunkStore } from '../jobs/index.js';
import { mapLimit } from './parallel.js';
import { scanKeyframes, type MediaInfo } from './probe.js';
import type { VideoChunkResult } from './types.js';

export type VideoChunkStore = ChunkStore<VideoChunkResult>;

export interface Stage2Input {
  tools: MediaTools;
  path: string;
  media: MediaInfo;
  outDir: string;
  /** Chunk length (default 300 s); recordings shorter than min(60 s, 2 × this) are one chunk. */
  chunkS?: number;
  /** Pre/post-roll decoded around each chunk so boundary events are seen from both sides. */
  padS?: number;
  parallel?: number;
  sceneThreshold?: number;
  chunks?: VideoChunkStore;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
  onSpawn?: (pid: number) => void;
}

export interface Stage2Result {
  cuts: number[];
  black: Interval[];
  thumbnails: ThumbnailsData;
  decodeErrors: string[];
}

/** Keyframe-only decoding misses cuts between keyframes: allowed only when they are at most 2 s apart. */
export function keyframesOnlyAllowed(media: MediaInfo): boolean {
  return media.keyframe_interval_s !== null && media.keyframe_interval_s <= 2;
}

export async function runStage2(input: Stage2Input): Promise<Stage2Result> {
  const { media, tools, signal } = input;
  const parallel = Math.max(1, input.parallel ?? 2);
  const chunkS = input.chunkS ?? 300;
  const padS = input.padS ?? 1;
  const store = input.chunks ?? memoryChunkStore<VideoChunkResult>();
  // Sparse keyframes (no keyframe-only decoding): chunks start on keyframes, or each would first decode up to a
  // whole GOP before its start only to throw it away.
  const planned = planChunks(media.duration, { chunkS, minChunkS: Math.min(60, 2 * chunkS), minChunks: parallel });
  const keyframes =
    keyframesOnlyAllowed(media) || planned.length < 2
      ? []
      : await scanKeyframes(input.path, { ffprobe: tools.ffprobe, signal });
  const plan = store.plan(keyframes.length > 0 ? snapToKeyframes(planned, keyframes) : planned);
  const done = store.doneResults();
  const targets = thumbnailTimes(media.duration).map((t, index) => ({ index, t }));
  const todo = plan.filter((c) => !done.has(c.idx));
  // Parallel chunks share the cores; a lone chunk may use them all through ffmpeg's own threads.
  const threads = Math.max(1, Math.floor(availableParallelism() / Math.min(parallel, Math.max(1, todo.length))));
  const runTag = randomBytes(3).toString('hex');
  const running = new Map<number, number>();
  const report = (): void => {
    const finished = plan.length - todo.length + [...running.values()].filter((f) => f >= 1).length;
    const partial = [...running.values()].reduce((a, f) => a + Math.min(f, 1), 0) + (plan.length - todo.length);
    const shown = Math.min(plan.length, finished + 1);
    input.onProgress?.(partial / plan.length, `Analyzing segment ${shown}/${plan.length}`);
  };
  report();

  await mapLimit(
    todo,
    parallel,
    async (chunk, chunkSignal) => {
      running.set(chunk.idx, 0);
      store.markRunning?.(chunk.idx);
      const result = await runVideoPass({
        ffmpeg: tools.ffmpeg,
        path: input.path,
        window: decodeWindow(chunk, padS, media.duration, isKeyframeTime(chunk.start, keyframes)),
        thumbnails: targets.filter(({ t }) => t >= chunk.start && t < chunk.end),
        outDir: input.outDir,
        keyframesOnly: keyframesOnlyAllowed(media),
        sceneThreshold: input.sceneThreshold,
        threads,
        // Unique per run: an orphaned ffmpeg of a crashed run may still be writing its own temporary grabs.
        tag: `c${chunk.idx}_${runTag}`,
        signal: chunkSignal,
        onSpawn: input.onSpawn,
        onProgress: (f) => {
          running.set(chunk.idx, Math.min(f, 0.99));
          report();
        },
      });
      store.markDone(chunk.idx, result);
      done.set(chunk.idx, result);
      running.set(chunk.idx, 1);
      report();
    },
    signal,
  );

  const withResults = plan.map((c) => ({ ...c, result: done.get(c.idx) }));
  const black = mergeChunkIntervals(withResults.map((c) => ({ ...c, intervals: c.result?.black ?? [] })));
  const cuts = mergeChunkCuts(withResults.map((c) => ({ ...c, cuts: c.result?.cuts ?? [] })));
  const frames = withResults.flatMap((c) => (c.result?.thumbnails ?? []).map(({ t, file }) => ({ t, file })));
  const thumbnails = await buildStripAndPoster(tools.ffmpeg, input.outDir, frames, media.duration, black, signal);
  return { cuts, black, thumbnails, decodeErrors: withResults.flatMap((c) => c.result?.decodeErrors ?? []) };
}
