/** The analysis module's public surface. */
export { createAnalysisModule, type AnalysisModule, type AnalysisModuleDeps } from './analysis-module.js';
export { AnalysisService } from './analysis-service.js';
export type { AnalyzeAfterDownload } from './handlers/analysis-handlers.js';
export { tuningFrom } from './analysis-tuning.js';
export { analyzeFile, NoUsableStreamError, type AnalyzeOptions, type AnalysisType } from './analyze-file.js';
export {
  createAnalysisHandler,
  ANALYSIS_JOB,
  type AnalysisJobPayload,
  type AnalysisHandlerDeps,
  type AnalysisTuning,
} from './pipeline.js';
export { probeMedia, UnreadableMediaError, type MediaInfo } from './probe.js';
export { runProcess, CancelledError, ProcessFailedError, isCancelled } from './ffmpeg/run-ffmpeg.js';
export { parseProgress, type ProgressUpdate } from './ffmpeg/progress.js';
export type { AnalysisData, QualityData } from './types.js';
export { forkLauncher, type WorkerLauncher } from './worker/worker-channel.js';
export type { FromWorker } from './worker/protocol.js';
export { sourceWorkerScript } from './worker/worker-script.js';
