/**
 * Cleanup runs: one at a time, each recorded in `cleanup_runs` (dry or not) with its trigger, kind and result.
 * A real run is a job on the persistent queue (`cleanup.run`, payload `{ run_id }`): if the process dies mid-run,
 * the queue re-runs the job at the next start and the same history row is finished (every step is idempotent).
 * Without a running queue (one-shot CLI), the run executes here; an unfinished row is then picked up by `resume()`
 * at the owner's next start. Dry runs change nothing, so they run here directly.
 */
import { z } from 'zod';
import { defineJobType, type JobQueue } from '../jobs/index.js';
import type { CleanupKind, CleanupResult, CleanupRun, CleanupTrigger } from '../../shared/contract/cleanup.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { CleanupConfigService } from './cleanup-config.js';
import { emptyResult, runCleanup, type CleanupRunDeps } from './cleanup-run.js';
import type { CleanupRunRow, CleanupRunsRepository } from './cleanup-runs-repository.js';
import { isCheckpoint, mergeResults, settleCheckpoint, type RunCheckpoint } from './run-progress.js';

export const cleanupJobPayload = z.object({ run_id: z.number().int().positive() });
export type CleanupJobPayload = z.infer<typeof cleanupJobPayload>;
/** A real cleanup run: one at a time (the run queue serialises them), resumed after a crash. */
export const CLEANUP_JOB = defineJobType({ name: 'cleanup.run', payload: cleanupJobPayload, maxAttempts: 5 });

/** The slice of the job queue a cleanup needs (the queue itself lives with the jobs module). */
export type CleanupQueue = Pick<JobQueue, 'enqueue'>;

export class CleanupRuns {
  #tail: Promise<unknown> = Promise.resolve();
  readonly #queue: CleanupQueue | null;
  readonly #waiters = new Map<number, (result: CleanupResult) => void>();
  /** Runs recorded by this process; any other unfinished run being executed is one a crash interrupted. */
  readonly #startedHere = new Set<number>();

  constructor(
    private readonly deps: {
      repo: CleanupRunsRepository;
      /** The job is still queued or running (the jobs' store): a run whose job is gone was cut short. */
      jobActive: (jobId: string) => boolean;
      clock: Clock;
      logger: Logger;
      config: CleanupConfigService;
      run: CleanupRunDeps;
      /**
       * The job queue, in the process that runs it (the app, `filmroom serve`); null in one-shot CLI commands,
       * whose runs execute directly.
       */
      queue: CleanupQueue | null;
    },
  ) {
    this.#queue = deps.queue;
  }

  /** Starts a run and resolves with its result once it finished. */
  async run(kind: CleanupKind, trigger: CleanupTrigger, dryRun: boolean): Promise<CleanupResult> {
    const id = this.#insert(kind, trigger, dryRun);
    if (dryRun || !this.#queue) return this.execute(id);
    const done = new Promise<CleanupResult>((resolve) => this.#waiters.set(id, resolve));
    const jobId = this.#queue.enqueue(CLEANUP_JOB, { run_id: id }, { priority: 10 });
    this.deps.repo.setJob(id, jobId);
    return done;
  }

  /** Queues a run without waiting for it (scheduler, start-up); its result lands in the history. */
  request(kind: CleanupKind, trigger: CleanupTrigger): void {
    this.run(kind, trigger, false).catch((error: Error) => this.deps.logger.error(error, 'cleanup run failed'));
  }

  /** The job handler body: runs the recorded run (again, after a crash) and finishes its history row. */
  async execute(runId: number, signal?: AbortSignal): Promise<CleanupResult> {
    const work = this.#tail.then(() => this.#execute(runId, signal));
    this.#tail = work.catch(() => undefined); // one at a time, whatever the previous run did
    return work;
  }

  async #execute(runId: number, signal?: AbortSignal): Promise<CleanupResult> {
    const row = this.#get(runId);
    if (!row) throw new Error(`cleanup run ${runId} is not recorded`);
    if (row.finished_at && row.result) return JSON.parse(row.result) as CleanupResult;
    const resumed = !this.#startedHere.has(runId);
    this.#startedHere.add(runId);
    // What earlier attempts of this run did (a kill mid-run): counted in the run's result with this attempt's.
    const prior = this.#prior(row);
    const dryRun = row.dry_run === 1;
    const attempt = await runCleanup(this.deps.run, this.deps.config.get(), row.kind, {
      dryRun,
      signal,
      resumedFromMs: resumed ? Date.parse(row.started_at) : undefined,
      checkpoint: dryRun
        ? undefined
        : (done, pending) => {
            const saved: RunCheckpoint = { checkpoint: 1, done: mergeResults(prior, done), pending };
            this.deps.repo.checkpoint(runId, JSON.stringify(saved));
          },
    });
    const result = mergeResults(prior, attempt);
    this.finish(runId, result);
    return result;
  }

  #prior(row: CleanupRunRow): CleanupResult | null {
    if (!row.result) return null;
    let saved: unknown;
    try {
      saved = JSON.parse(row.result);
    } catch {
      return null;
    }
    if (!isCheckpoint(saved)) return null;
    const { layout, sessions } = this.deps.run;
    return settleCheckpoint(saved, layout, (id) => sessions.get(id) !== undefined);
  }

  finish(runId: number, result: CleanupResult): void {
    this.deps.repo.finish(runId, this.deps.clock.now().toISOString(), JSON.stringify(result));
    this.#waiters.get(runId)?.(result);
    this.#waiters.delete(runId);
  }

  /** A job that gave up: its row is finished with the error, so the history never shows it running forever. */
  fail(runId: number, error: string): void {
    const row = this.#get(runId);
    if (!row || row.finished_at) return;
    const failure = { ...emptyResult(row.dry_run === 1), errors: [error], error_count: 1 };
    this.finish(runId, mergeResults(this.#prior(row), failure));
  }

  /**
   * At the owner's start: unfinished runs without a live job (a killed CLI run, a dry run cut short) are finished —
   * real ones by running them again through the queue, dry ones by recording that they were interrupted.
   */
  resume(): void {
    const rows = this.deps.repo.unfinished().filter((r) => r.job_id === null || !this.deps.jobActive(r.job_id));
    for (const row of rows) {
      if (row.dry_run === 1 || !this.#queue) {
        if (row.dry_run === 1) this.fail(row.id, 'interrupted by a restart');
        continue;
      }
      const jobId = this.#queue.enqueue(CLEANUP_JOB, { run_id: row.id }, { priority: 10 });
      this.deps.repo.setJob(row.id, jobId);
    }
  }

  history(limit = 100): { items: CleanupRun[] } {
    const rows = this.deps.repo.history(limit);
    return {
      items: rows.map((r) => ({
        id: r.id,
        kind: r.kind,
        trigger: r.trigger,
        dry_run: r.dry_run === 1,
        started_at: r.started_at,
        finished_at: r.finished_at,
        // An unfinished run's column holds its progress notes, not a result.
        result: r.result && r.finished_at ? (JSON.parse(r.result) as CleanupResult) : null,
      })),
    };
  }

  /** When the last scheduled (or catch-up) run started, for the scheduler. */
  lastScheduledAt(): string | null {
    return this.deps.repo.lastScheduledAt();
  }

  /** A real run is queued or running (the scheduler does not stack another). */
  busy(): boolean {
    return this.deps.repo.hasUnfinishedRealRun();
  }

  #insert(kind: CleanupKind, trigger: CleanupTrigger, dryRun: boolean): number {
    const id = this.deps.repo.insert({ kind, trigger, dryRun, startedAt: this.deps.clock.now().toISOString() });
    this.#startedHere.add(id);
    return id;
  }

  #get(id: number): CleanupRunRow | undefined {
    return this.deps.repo.get(id);
  }
}
