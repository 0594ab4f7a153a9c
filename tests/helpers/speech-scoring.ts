/** Scores detected speech segments against truth spans: talk-time error and boundary error per utterance. */
import type { Span } from './speech-fixtures.js';

export interface SpeechScore {
  truthS: number;
  detectedS: number;
  /** |detected − truth| / truth. */
  talkError: number;
  /** Worst start/end distance between a truth span and the detected segment covering most of it. */
  boundaryError: number;
  /** Detected time outside every truth span (bleed, noise, clicks counted as speech). */
  falseS: number;
}

const total = (spans: readonly (readonly [number, number])[]): number => spans.reduce((a, [s, e]) => a + e - s, 0);

function overlap([a, b]: readonly [number, number], [c, d]: readonly [number, number]): number {
  return Math.max(0, Math.min(b, d) - Math.max(a, c));
}

export function scoreSpeech(truth: readonly Span[], detected: readonly (readonly [number, number])[]): SpeechScore {
  const truthS = total(truth);
  const detectedS = total(detected);
  let boundaryError = 0;
  for (const t of truth) {
    const best = [...detected].sort((x, y) => overlap(t, y) - overlap(t, x))[0];
    const err =
      best && overlap(t, best) > 0 ? Math.max(Math.abs(best[0] - t[0]), Math.abs(best[1] - t[1])) : t[1] - t[0];
    boundaryError = Math.max(boundaryError, err);
  }
  const inside = detected.reduce((a, d) => a + truth.reduce((b, t) => b + overlap(d, t), 0), 0);
  return {
    truthS,
    detectedS,
    talkError: Math.abs(detectedS - truthS) / truthS,
    boundaryError,
    falseS: detectedS - inside,
  };
}
