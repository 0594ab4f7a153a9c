/**
 * Pure: bleed between per-participant tracks. A voice picked up by another participant's microphone arrives there
 * 20–30 dB quieter than in its own track, at the same moment. So where two tracks are active in the same frame and
 * one is far louder, the quieter one is hearing the louder one's speaker and that frame is not its own speech.
 * Two people really talking at once stay within a much smaller difference (a quiet speaker is ~12 dB down).
 */
import type { SpeechFeatures } from './frame-features.js';

/** Louder by at least this much in the same frame = the quieter track only carries bleed. */
export const BLEED_MARGIN_DB = 16;

/** Clears, in place, each track's frames that are bleed of a louder track. Returns how many frames were cleared. */
export function suppressBleed(
  tracks: readonly { features: SpeechFeatures; active: Uint8Array }[],
  marginDb = BLEED_MARGIN_DB,
): number {
  if (tracks.length < 2) return 0;
  const frames = Math.min(...tracks.map((t) => t.active.length));
  // Decide from the original activity, so clearing one track never changes another's verdict.
  const before = tracks.map((t) => t.active.slice());
  let cleared = 0;
  for (let i = 0; i < frames; i++) {
    let loudest = -Infinity;
    tracks.forEach((t, k) => {
      if (before[k]?.[i]) loudest = Math.max(loudest, t.features.levelDb[i] ?? -120);
    });
    if (loudest === -Infinity) continue;
    tracks.forEach((t) => {
      if (t.active[i] && (t.features.levelDb[i] ?? -120) <= loudest - marginDb) {
        t.active[i] = 0;
        cleared++;
      }
    });
  }
  return cleared;
}
