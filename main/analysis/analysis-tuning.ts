/** `/video/upload` params (API names, snake_case) → the analysis options they tune. Unknown keys are not here. */
import type { AnalysisParams } from '../../shared/contract/analysis.js';
import { DEFAULT_SPEECH_OPTIONS } from './analyzers/speech-metrics.js';
import type { AnalysisTuning } from './pipeline.js';

export function tuningFrom(params: AnalysisParams): AnalysisTuning | undefined {
  const tuning: AnalysisTuning = {};
  if (params.silence_threshold_db !== undefined) tuning.noiseDb = params.silence_threshold_db;
  if (params.scene_threshold !== undefined) tuning.sceneThreshold = params.scene_threshold;
  if (params.min_pause_s !== undefined || params.min_speech_s !== undefined) {
    tuning.speechOptions = {
      minSilenceS: params.min_pause_s ?? DEFAULT_SPEECH_OPTIONS.minSilenceS,
      minSpeechS: params.min_speech_s ?? DEFAULT_SPEECH_OPTIONS.minSpeechS,
    };
  }
  return Object.keys(tuning).length > 0 ? tuning : undefined;
}
