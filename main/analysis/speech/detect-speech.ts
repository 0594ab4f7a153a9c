/**
 * Pure: speech segments for the tracks of one recording, from their frame features.
 *  - 'fast': the adaptive broadband gate alone (the first estimate).
 *  - 'refined': per-band noise floors, bleed removed between participant tracks, non-voice sounds dropped.
 * Both come from the same decode; see docs/architecture-notes.md ("Speech detection") for what was measured.
 */
import type { Interval } from '../chunks/intervals.js';
import { DEFAULT_SPEECH_OPTIONS, type SpeechOptions } from '../analyzers/speech-metrics.js';
import { fastActivity } from './adaptive-gate.js';
import { bandActivity } from './band-gate.js';
import { suppressBleed } from './cross-track.js';
import type { SpeechFeatures } from './frame-features.js';
import { DEFAULT_SEGMENT_OPTIONS, segmentsFromActivity } from './segments.js';

export type DetectionMode = 'fast' | 'refined';

export interface TrackInput {
  features: SpeechFeatures;
  /** Where the track's audio ends (segments are clipped to it). */
  endS: number;
}

/**
 * @param crossTrack true for per-participant tracks of one meeting (each voice belongs to exactly one of them).
 */
export function detectSpeech(
  tracks: readonly TrackInput[],
  mode: DetectionMode,
  crossTrack: boolean,
  options: SpeechOptions = DEFAULT_SPEECH_OPTIONS,
): Interval[][] {
  const gated = tracks.map((t) => ({
    features: t.features,
    active: mode === 'fast' ? fastActivity(t.features) : bandActivity(t.features),
  }));
  if (mode === 'refined' && crossTrack) suppressBleed(gated);
  const segmentOptions = {
    ...DEFAULT_SEGMENT_OPTIONS,
    minSilenceS: options.minSilenceS,
    minSpeechS: options.minSpeechS,
    minVoicedS: mode === 'fast' ? 0 : DEFAULT_SEGMENT_OPTIONS.minVoicedS,
  };
  return gated.map((g, i) =>
    segmentsFromActivity(g.active, g.features.voicing, segmentOptions, tracks[i]?.endS ?? Infinity),
  );
}
