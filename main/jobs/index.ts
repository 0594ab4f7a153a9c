/** The persistent job system: typed job types, the queue, and its module. */
export { JobQueue, UnknownJobTypeError, DuplicateJobTypeError, type JobQueueDeps } from './job-queue.js';
export {
  defineJobType,
  jobRegistration,
  parsePayload,
  InvalidJobPayloadError,
  type JobType,
  type JobRegistration,
  type JobRegistry,
} from './job-type.js';
export { memoryChunkStore, type ChunkStore, type ChunkPlanEntry } from './chunk-store.js';
export { ProgressThrottle, backoffMs } from './throttle.js';
export type { JobContext, JobEvent, JobHandler, JobOutcome, JobRecord, JobState, EnqueueOptions } from './types.js';
export { createJobsModule, type JobsModule, type JobsModuleDeps } from './jobs-module.js';
