/** Pure: silences → the `speech` block (segments, talk/silence time, longest monologue). */
import {
  complementIntervals,
  dropShorter,
  normalizeIntervals,
  totalLength,
  type Interval,
} from '../chunks/intervals.js';
import type { SpeechSection } from '../../../shared/contract/analysis-data.js';

/** The catalogue's `speech` section. */
export type SpeechData = SpeechSection;

export interface SpeechOptions {
  /** Pauses shorter than this are part of speech (breaths between words). */
  minSilenceS: number;
  /** Speech bursts shorter than this are noise (clicks), not speech. */
  minSpeechS: number;
}

export const DEFAULT_SPEECH_OPTIONS: SpeechOptions = { minSilenceS: 0.5, minSpeechS: 0.1 };

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A silence this close to the start or end of the recording touches it. */
const EDGE_S = 0.05;

/**
 * Speech = the complement of the (long enough) silences within [0, duration]. Silence at the very start or end is
 * never a pause between words, so it stays silence however short it is.
 */
export function speechFromSilences(
  silences: readonly Interval[],
  durationS: number,
  options: SpeechOptions = DEFAULT_SPEECH_OPTIONS,
): SpeechData {
  const all = normalizeIntervals(silences);
  const atEdge = ([s, e]: Interval): boolean => s <= EDGE_S || e >= durationS - EDGE_S;
  const long = new Set(dropShorter(all, options.minSilenceS));
  const longSilences = all.filter((iv) => long.has(iv) || atEdge(iv));
  const segments = dropShorter(complementIntervals(longSilences, 0, durationS), options.minSpeechS);
  return speechFromSegments(segments, durationS);
}

export function speechFromSegments(segments: readonly Interval[], durationS: number): SpeechData {
  const merged = normalizeIntervals(segments);
  const talk = totalLength(merged);
  return {
    segments: merged.map(([s, e]) => [round3(s), round3(e)]),
    talk_time_s: round3(talk),
    silence_time_s: round3(Math.max(0, durationS - talk)),
    longest_monologue_s: round3(merged.reduce((m, [s, e]) => Math.max(m, e - s), 0)),
  };
}
