/** Public surface of the analysis engine. */
export { analyzeFile, NoUsableStreamError, type AnalyzeOptions, type AnalysisType } from './analyze-file.js';
export {
  createAnalysisHandler,
  ANALYSIS_JOB_TYPE,
  type AnalysisJobPayload,
  type AnalysisHandlerDeps,
} from './pipeline.js';
export { JobQueue, UnknownJobTypeError, type JobQueueDeps } from './queue/job-queue.js';
export type {
  JobContext,
  JobEvent,
  JobHandler,
  JobOutcome,
  JobRecord,
  JobState,
  EnqueueOptions,
} from './queue/types.js';
export { probeMedia, UnreadableMediaError, type MediaInfo } from './probe.js';
export { runProcess, CancelledError, ProcessFailedError, isCancelled } from './ffmpeg/run-ffmpeg.js';
export { parseProgress, type ProgressUpdate } from './ffmpeg/progress.js';
export { saveAnalysis, loadAnalysis } from './analysis-repository.js';
export type { AnalysisData, QualityData } from './types.js';
