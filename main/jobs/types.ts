/** Public types of the persistent job queue. */
import type { Logger } from '../platform/logger.js';
import type { ChunkStore } from './chunk-store.js';

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobRecord<P = unknown> {
  id: string;
  type: string;
  sessionId: string | null;
  state: JobState;
  priority: number;
  payload: P;
  progress: number;
  message: string;
  attempts: number;
  maxAttempts: number;
  runAfter: string;
  error: string | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** What a handler decides; a thrown error counts as `retry` with its message. */
export type JobOutcome =
  | { status: 'done'; result?: unknown }
  | { status: 'retry'; error: string; delayMs?: number }
  | { status: 'failed'; error: string }
  | { status: 'cancelled' };

export interface JobContext<P = unknown> {
  job: JobRecord<P>;
  /** Aborted on cancel() and on stop(); pass it to every ffmpeg run. */
  signal: AbortSignal;
  /** This job's logger (job id, type and session in every line). */
  logger: Logger;
  /** 0–100; persisted and emitted at most 10 times a second. */
  reportProgress(percent: number, message?: string): void;
  /** This job's rows in job_chunks: plan once, mark each finished chunk, read them back after a restart. */
  chunks: ChunkStore<unknown>;
}

export type JobHandler<P = unknown> = (context: JobContext<P>) => Promise<JobOutcome>;

export interface JobEvent {
  type: 'job';
  jobId: string;
  jobType: string;
  sessionId: string | null;
  state: JobState;
  progress: number;
  message: string;
  error: string | null;
  /** A running job's progress, not a change of its state (up to 10 a second: what a listener must keep cheap). */
  tick?: true;
}

export interface EnqueueOptions {
  sessionId?: string | null;
  priority?: number;
  maxAttempts?: number;
  /** Earliest start, ms since epoch (default now). */
  runAfterMs?: number;
  /**
   * At most one queued or running job holds a key (after Immich's `jobId`): enqueueing with a key a live job holds
   * queues nothing and answers that job's id.
   */
  dedupeKey?: string;
}
