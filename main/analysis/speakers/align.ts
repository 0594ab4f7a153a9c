/**
 * When a name belongs to a detected speaker: the one rule shared by names from transcript labels and by the
 * coach's own renames and merges replayed on a new analysis. A set of segments (a label's cues, or a speaker's
 * segments when the coach edited it) aligns with the detected speaker that has the most talk inside it, provided
 * that is more than half of that speaker's talk time (majority overlap). Pure.
 */
import { normalizeIntervals, totalLength, type Interval } from '../chunks/intervals.js';

/** Seconds covered by both sets of spans. */
export function overlapSeconds(a: readonly Interval[], b: readonly Interval[]): number {
  const x = normalizeIntervals(a);
  const y = normalizeIntervals(b);
  let i = 0;
  let j = 0;
  let total = 0;
  while (i < x.length && j < y.length) {
    const [as, ae] = x[i]!;
    const [bs, be] = y[j]!;
    const start = Math.max(as, bs);
    const end = Math.min(ae, be);
    if (end > start) total += end - start;
    if (ae < be) i++;
    else j++;
  }
  return total;
}

/** More than this fraction of a speaker's talk must lie inside the segments a name came with. */
export const MAJORITY = 0.5;

/** Index of the speaker `target` aligns with, or -1 when none has most of its talk inside it. */
export function alignedSpeaker(speakers: readonly { segments: readonly Interval[] }[], target: readonly Interval[]) {
  let best = -1;
  let bestOverlap = 0;
  speakers.forEach((s, i) => {
    const overlap = overlapSeconds(s.segments, target);
    const talk = totalLength(normalizeIntervals(s.segments));
    if (overlap > bestOverlap && overlap > MAJORITY * talk) {
      best = i;
      bestOverlap = overlap;
    }
  });
  return best;
}
