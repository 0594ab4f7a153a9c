import { describe, expect, it } from 'vitest';
import { tuningFrom } from '../../../main/analysis/analysis-tuning.js';

describe('tuningFrom (/video/upload params → analysis options)', () => {
  it('no known key: no tuning (the defaults apply)', () => {
    expect(tuningFrom({})).toBeUndefined();
    expect(tuningFrom({ language: 'en' })).toBeUndefined();
  });

  it('maps each known key, filling the other speech option with its default', () => {
    expect(tuningFrom({ silence_threshold_db: -40, scene_threshold: 30 })).toEqual({
      noiseDb: -40,
      sceneThreshold: 30,
    });
    expect(tuningFrom({ min_pause_s: 1.5 })).toEqual({ speechOptions: { minSilenceS: 1.5, minSpeechS: 0.1 } });
    expect(tuningFrom({ min_speech_s: 0.3 })).toEqual({ speechOptions: { minSilenceS: 0.5, minSpeechS: 0.3 } });
  });
});
