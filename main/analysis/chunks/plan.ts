/** Pure chunk planning: equal spans covering [0, duration), and the padded decode window of each. */
import type { ChunkPlanEntry } from '../../jobs/index.js';
import type { ChunkSpan } from './intervals.js';

export type { ChunkPlanEntry } from '../../jobs/index.js';

export interface PlanOptions {
  /** Wanted chunk length; long recordings get ceil(duration / chunkS) chunks. */
  chunkS: number;
  /** Shorter recordings than this are one chunk (process start-up costs more than it saves). */
  minChunkS?: number;
  /** At least this many chunks (one per core) once the recording is longer than minChunkS. */
  minChunks?: number;
  maxChunks?: number;
}

export function planChunks(durationS: number, options: PlanOptions): ChunkPlanEntry[] {
  const { chunkS, minChunkS = 0, minChunks = 1, maxChunks = 1000 } = options;
  if (!(durationS > 0)) return [{ idx: 0, start: 0, end: 0 }];
  const bySize = Math.ceil(durationS / Math.max(chunkS, 1e-3) - 1e-9);
  const wanted = durationS < minChunkS ? 1 : Math.max(minChunks, bySize);
  const count = Math.max(1, Math.min(maxChunks, wanted));
  const plan: ChunkPlanEntry[] = [];
  for (let idx = 0; idx < count; idx++) {
    // Boundaries rounded to ms so that the same plan is computed again after a restart.
    const start = Math.round(((durationS * idx) / count) * 1000) / 1000;
    const end = idx === count - 1 ? durationS : Math.round(((durationS * (idx + 1)) / count) * 1000) / 1000;
    plan.push({ idx, start, end });
  }
  return plan;
}

/**
 * The window actually decoded: the chunk plus `padS` each side, so boundary events are seen from both sides. A
 * chunk starting on a keyframe gets no pre-roll: seeking before it would decode a whole extra GOP (minutes long in
 * Zoom recordings) for nothing, and the previous chunk's post-roll covers the boundary.
 */
export function decodeWindow(chunk: ChunkSpan, padS: number, durationS: number, startsOnKeyframe = false): ChunkSpan {
  const start = startsOnKeyframe ? chunk.start : Math.max(0, chunk.start - padS);
  return { start, end: Math.min(durationS, chunk.end + padS) };
}

/**
 * Moves every inner boundary to the nearest keyframe (sorted times) so chunks decode from a keyframe; chunks that
 * collapse are dropped and the rest renumbered.
 */
export function snapToKeyframes(plan: readonly ChunkPlanEntry[], keyframes: readonly number[]): ChunkPlanEntry[] {
  if (plan.length <= 1 || keyframes.length === 0) return [...plan];
  const nearest = (t: number): number =>
    keyframes.reduce((best, k) => (Math.abs(k - t) < Math.abs(best - t) ? k : best), keyframes[0] ?? t);
  const last = plan[plan.length - 1];
  const bounds = [0, ...plan.slice(1).map((c) => Math.round(nearest(c.start) * 1000) / 1000), last?.end ?? 0];
  const out: ChunkPlanEntry[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = Math.max(bounds[i] ?? 0, out.at(-1)?.end ?? 0);
    const end = bounds[i + 1] ?? start;
    if (end > start) out.push({ idx: out.length, start, end });
  }
  return out;
}

/** True when `t` is (within a millisecond) one of the sorted keyframe times. */
export function isKeyframeTime(t: number, keyframes: readonly number[]): boolean {
  let lo = 0;
  let hi = keyframes.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = keyframes[mid] ?? 0;
    if (Math.abs(k - t) < 1e-3) return true;
    if (k < t) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
