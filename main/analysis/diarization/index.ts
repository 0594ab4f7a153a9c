/**
 * Diarization of a mixed track: the PCM stage 1 decoded (8 kHz) and its speech segments → per-speaker segments,
 * named "Speaker 1, 2…" in order of first speech, with a confidence. Runs after the first talk-time estimate.
 */
import type { Interval } from '../chunks/intervals.js';
import type { SpeakerSegments } from '../analyzers/speaker-metrics.js';
import { CepstraAccumulator } from './cepstra.js';
import { DEFAULT_DIARIZE, diarize, type DiarizeOptions } from './diarize.js';

export interface MixedTrackSpeakers {
  speakers: SpeakerSegments[];
  confidence: number;
}

export function diarizePcm(
  pcm: Int16Array,
  segments: readonly Interval[],
  options: DiarizeOptions = DEFAULT_DIARIZE,
): MixedTrackSpeakers | null {
  const acc = new CepstraAccumulator();
  acc.pushPcm(pcm);
  const result = diarize(acc.finish(), segments, options);
  if (!result) return null;
  return {
    speakers: result.speakers
      .map((segs, i) => ({ speaker: `Speaker ${i + 1}`, segments: segs }))
      .filter((s) => s.segments.length > 0),
    confidence: result.confidence,
  };
}
