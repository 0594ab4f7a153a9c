/**
 * The `s3.restore-library` job ("Restore my library from S3", `filmroom restore --from-bucket`): lists the bucket,
 * then restores its session folders in batches. Each batch is fetched, checked and written by the restore worker
 * thread (its own connections: restore-worker-client.ts) — or on this thread where no worker can start — in short
 * library transactions, each followed by its analyses' work transaction, so the API keeps answering. Resumable
 * after kill -9: the queue re-runs a job left running, the run lists again, and sessions already in the library
 * are counted as done without a write. "Restored" is read from the library (`restore_run_counts`, bumped in the
 * transaction that creates the sessions), never tallied here: a kill between a batch's commit and this job's
 * progress update cannot make the resumed run under-report.
 */
import { z } from 'zod';
import { defineJobType, type JobContext, type JobHandler, type JobOutcome } from '../../jobs/index.js';
import type { EventBus } from '../../platform/event-bus.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { S3Config, SyncConfigService } from '../config.js';
import { DEFAULT_RETRY, storeReason, withRetry, type RetryPolicy } from '../retry.js';
import type { S3Client } from '@aws-sdk/client-s3';
import type { S3ClientCache } from '../s3-client.js';
import { groupFolders, listObjects } from './bucket-folders.js';
import type { RestoreRunsRepository } from './restore-runs-repository.js';
import type { RestoreCountsRepository } from './restore-counts-repository.js';
import type { BucketFolder, SessionRestorer } from './session-restorer.js';
import { restoreBatch, type BatchResult } from './restore-batch.js';

export const libraryRestorePayload = z.object({ include_deleted: z.boolean() });
export type LibraryRestorePayload = z.infer<typeof libraryRestorePayload>;
export const LIBRARY_RESTORE_JOB = defineJobType({
  name: 's3.restore-library',
  payload: libraryRestorePayload,
  maxAttempts: 5,
});

/** Sessions per library transaction (10: each synchronous stretch stays short; 50 gave list p99 ~1.2 s in the bench), and manifests fetched at once. */
export const RESTORE_BATCH = 10;
const FETCH_CONCURRENCY = 8;
/** How long one library transaction of the restore may keep taking sessions before it commits and yields. */
export const COMMIT_BUDGET_MS = 10;

export interface LibraryRestoreDeps {
  restorer: SessionRestorer;
  runs: RestoreRunsRepository;
  /** The sessions each run created, counted by the library transactions that created them. */
  counts: Pick<RestoreCountsRepository, 'restored'>;
  config: SyncConfigService;
  clients: S3ClientCache;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  retry?: RetryPolicy;
  /** Starts the restore worker (its own connections, off the API's thread); null or absent: batches run here. */
  openWorker?: (config: S3Config) => Promise<RestoreBatches | null>;
}

/** Where a run's batches are read and written: the restore worker, or this thread. */
export interface RestoreBatches {
  /** Folders per batch. */
  readonly size: number;
  /** Restores the folders, counting the sessions created for run `runId` in the transactions that create them. */
  restore(folders: BucketFolder[], runId: string): Promise<BatchResult>;
  close(): Promise<void>;
}

const yieldToApi = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The batch runner on this thread (no worker could start, or none is wired: unit tests, bucket sync). */
function inProcess(restorer: SessionRestorer, client: S3Client, config: S3Config, now: () => string): RestoreBatches {
  return {
    size: RESTORE_BATCH,
    restore: (folders, runId) =>
      restoreBatch(restorer, client, config, folders, {
        concurrency: FETCH_CONCURRENCY,
        budgetMs: COMMIT_BUDGET_MS,
        now,
        runId,
      }),
    close: async () => undefined,
  };
}

export function createLibraryRestoreHandler(deps: LibraryRestoreDeps): JobHandler<LibraryRestorePayload> {
  const now = () => deps.clock.now().toISOString();
  const run = async ({ job, signal, reportProgress }: JobContext<LibraryRestorePayload>): Promise<JobOutcome> => {
    const config = deps.config.current();
    if (!config) {
      deps.runs.finish(job.id, 'failed', now(), 'S3 is not configured');
      return { status: 'failed', error: 'S3 is not configured' };
    }
    const client = deps.clients.get(config);
    deps.runs.insert(job.id, now());
    const listed = await withRetry(() => listObjects(client, config.bucket, config.prefix), {
      policy: deps.retry ?? DEFAULT_RETRY,
      signal,
    });
    const folders = [...groupFolders(config.prefix, listed).values()];
    deps.runs.begin(job.id, folders.length);
    // What earlier attempts of this run restored is in the library, counted there: not "already there" now.
    const state = { done: 0, restored: deps.counts.restored(job.id), skipped: 0, errors: [] as string[] };
    const publish = (s: string) => {
      deps.runs.progress(job.id, state);
      deps.events.emit({
        type: 'restore.progress',
        job_id: job.id,
        state: s,
        done: state.done,
        total: folders.length,
        errors: state.errors.length,
      });
      reportProgress(folders.length === 0 ? 100 : Math.floor((state.done / folders.length) * 100));
    };
    publish('running');
    const { restorer } = deps;
    const batches = (await deps.openWorker?.(config)) ?? inProcess(restorer, client, config, now);
    try {
      for (let i = 0; i < folders.length; i += batches.size) {
        if (signal.aborted) return { status: 'cancelled' };
        const batch = folders.slice(i, i + batches.size);
        const wanted: BucketFolder[] = [];
        const repairs: BucketFolder[] = [];
        for (const folder of batch) {
          const id = folder.parsed.sessionId;
          if (restorer.exists(id)) {
            if (restorer.needsAnalysis(id) && restorer.hasManifest(folder)) repairs.push(folder);
            state.done += 1;
          } else if (restorer.isTombstoned(folder) && !job.payload.include_deleted) {
            state.skipped += 1; // deleted after its backup: stays gone
            state.done += 1;
          } else if (!restorer.hasManifest(folder)) {
            state.skipped += 1; // not a backup of this library (no session.json): "Sync with bucket" registers those
            state.done += 1;
          } else wanted.push(folder);
        }
        const result = await batches.restore([...wanted, ...repairs], job.id);
        state.restored = deps.counts.restored(job.id);
        state.errors.push(...result.errors);
        for (const w of result.warnings) deps.logger.warn(w, 'restore');
        state.done += wanted.length;
        publish('running');
        await yieldToApi();
      }
    } finally {
      await batches.close();
    }
    deps.runs.finish(job.id, 'completed', now());
    publish('completed');
    deps.logger.info({ ...state, errors: state.errors.length }, 'library restored from the bucket');
    return { status: 'done' };
  };
  return async (context) => {
    try {
      return await run(context);
    } catch (error) {
      if (context.signal.aborted) return { status: 'cancelled' }; // shutdown: the restarted queue resumes the run
      const message = storeReason(error);
      if (context.job.attempts < context.job.maxAttempts) throw error; // retried with backoff, resuming
      deps.runs.finish(context.job.id, 'failed', now(), message);
      deps.events.emit({
        type: 'restore.progress',
        job_id: context.job.id,
        state: 'failed',
        done: 0,
        total: 0,
        errors: 1,
      });
      return { status: 'failed', error: message };
    }
  };
}
