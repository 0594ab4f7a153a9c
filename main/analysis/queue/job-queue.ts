/**
 * Persistent job queue (after Signal's JobManager) over the jobs/job_chunks tables: concurrency limit, one
 * handler per type (checked at start), AbortSignal cancellation, retry with exponential backoff, crash recovery
 * (running rows re-queued at start, finished chunks kept), throttled progress events, and waitForIdle for tests.
 */
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { ChunkStore } from '../chunks/store.js';
import { JobStore } from './job-store.js';
import { backoffMs, ProgressThrottle } from './throttle.js';
import type { EnqueueOptions, JobContext, JobEvent, JobHandler, JobOutcome, JobRecord } from './types.js';

export interface JobQueueDeps {
  db: Database.Database;
  /** Exactly one handler per job type. */
  handlers: Readonly<Record<string, JobHandler<never>>>;
  concurrency?: number;
  /** Injected clock, ms since epoch. */
  now?: () => number;
  emit?: (event: JobEvent) => void;
  backoff?: { baseMs?: number; maxMs?: number };
  /** Minimum time between progress events of one job (100 ms = 10/s). */
  progressIntervalMs?: number;
  newId?: () => string;
}

export class UnknownJobTypeError extends Error {
  constructor(types: readonly string[]) {
    super(
      `no handler registered for job type(s) ${types.map((t) => `'${t}'`).join(', ')}; queued jobs of these types cannot run`,
    );
    this.name = 'UnknownJobTypeError';
  }
}

type StopReason = 'cancel' | 'shutdown';

interface RunningJob {
  job: JobRecord;
  controller: AbortController;
  stopReason?: StopReason;
  finished: Promise<void>;
  progress: number;
  message: string;
  flushTimer?: NodeJS.Timeout;
}

export class JobQueue {
  private readonly store: JobStore;
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly throttle: ProgressThrottle<true>;
  private readonly running = new Map<string, RunningJob>();
  private started = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: JobQueueDeps) {
    this.store = new JobStore(deps.db);
    this.now = deps.now ?? Date.now;
    this.concurrency = Math.max(1, deps.concurrency ?? 2);
    // A monotonic clock: the injected wall clock may be frozen in tests or set back by the user.
    this.throttle = new ProgressThrottle(deps.progressIntervalMs ?? 100, () => performance.now());
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  /** Checks handlers against the queued work, re-queues jobs a crash left running, and starts working. */
  start(): void {
    const unknown = this.store.pendingTypes().filter((t) => !(t in this.deps.handlers));
    if (unknown.length > 0) throw new UnknownJobTypeError(unknown);
    this.store.requeueInterrupted(this.iso());
    this.started = true;
    this.pump();
  }

  /** Orderly shutdown: running jobs are aborted and go back to the queue to resume at the next start. */
  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.wakeTimer);
    const all = [...this.running.values()];
    for (const r of all) {
      r.stopReason ??= 'shutdown';
      r.controller.abort(new Error('queue stopped'));
    }
    await Promise.all(all.map((r) => r.finished));
  }

  enqueue(type: string, payload: unknown, options: EnqueueOptions = {}): string {
    if (!(type in this.deps.handlers)) throw new UnknownJobTypeError([type]);
    const id = this.deps.newId?.() ?? randomUUID();
    const now = this.now();
    this.store.insert({
      id,
      type,
      sessionId: options.sessionId ?? null,
      priority: options.priority ?? 0,
      payload,
      maxAttempts: options.maxAttempts ?? 3,
      runAfter: this.iso(options.runAfterMs ?? now),
      now: this.iso(now),
    });
    this.emitState(id);
    if (this.started) this.pump();
    return id;
  }

  get(jobId: string): JobRecord | undefined {
    return this.store.get(jobId);
  }

  /** Cancels a job; when it was running here, resolves only after its handler (and its ffmpeg) has stopped. */
  async cancel(jobId: string): Promise<boolean> {
    const r = this.running.get(jobId);
    if (r) {
      r.stopReason = 'cancel';
      r.controller.abort(new Error('cancelled'));
      await r.finished;
      return true;
    }
    const changed = this.store.cancelPending(jobId, this.iso());
    if (changed) this.emitState(jobId);
    this.notifyIdle();
    return changed;
  }

  /** Resolves when nothing runs and no due job waits (`includeScheduled`: no queued job at all). */
  waitForIdle(options: { includeScheduled?: boolean } = {}): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.isIdle(options.includeScheduled ?? false)) resolve();
        else this.idleWaiters.push(check);
      };
      check();
    });
  }

  private isIdle(includeScheduled: boolean): boolean {
    if (this.running.size > 0) return false;
    return this.store.countQueued(includeScheduled ? undefined : this.iso()) === 0;
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private pump(): void {
    if (!this.started) return;
    while (this.running.size < this.concurrency) {
      const job = this.store.claimNext(this.iso(), new Set(this.running.keys()));
      if (!job) break;
      this.launch(job);
    }
    this.scheduleWake();
    this.notifyIdle();
  }

  /** Looks again when the earliest scheduled (backed-off) job becomes due. */
  private scheduleWake(): void {
    clearTimeout(this.wakeTimer);
    const next = this.store.nextRunAfter();
    if (!next || this.running.size >= this.concurrency) return;
    const delay = Math.max(10, Date.parse(next) - this.now());
    this.wakeTimer = setTimeout(() => this.pump(), Math.min(delay, 60_000));
    this.wakeTimer.unref?.();
  }

  private launch(job: JobRecord): void {
    const controller = new AbortController();
    const entry: RunningJob = {
      job,
      controller,
      progress: job.progress,
      message: job.message,
      finished: Promise.resolve(),
    };
    this.running.set(job.id, entry);
    entry.finished = this.execute(entry).finally(() => {
      clearTimeout(entry.flushTimer);
      this.throttle.forget(job.id);
      this.running.delete(job.id);
      this.pump();
    });
    this.emitState(job.id);
  }

  private async execute(entry: RunningJob): Promise<void> {
    const { job, controller } = entry;
    const handler = this.deps.handlers[job.type] as JobHandler<unknown> | undefined;
    let outcome: JobOutcome;
    try {
      if (!handler) throw new UnknownJobTypeError([job.type]);
      outcome = await handler(this.contextFor(entry));
    } catch (error) {
      outcome = controller.signal.aborted ? { status: 'cancelled' } : { status: 'retry', error: errorText(error) };
    }
    this.settle(entry, outcome);
  }

  private settle(entry: RunningJob, outcome: JobOutcome): void {
    const { job } = entry;
    const now = this.now();
    if (entry.stopReason === 'shutdown') {
      this.store.requeue(job.id, { runAfter: this.iso(now), error: null, now: this.iso(now), refundAttempt: true });
    } else if (entry.stopReason === 'cancel' || outcome.status === 'cancelled') {
      this.store.finish(job.id, 'cancelled', { now: this.iso(now) });
    } else if (outcome.status === 'done') {
      this.store.finish(job.id, 'done', { result: outcome.result ?? null, now: this.iso(now) });
    } else if (outcome.status === 'failed') {
      this.store.finish(job.id, 'failed', { error: outcome.error, now: this.iso(now) });
    } else if (job.attempts >= job.maxAttempts) {
      const error = `gave up after ${job.attempts} attempt(s): ${outcome.error}`;
      this.store.finish(job.id, 'failed', { error, now: this.iso(now) });
    } else {
      const delay = outcome.delayMs ?? backoffMs(job.attempts, this.deps.backoff?.baseMs, this.deps.backoff?.maxMs);
      this.store.requeue(job.id, { runAfter: this.iso(now + delay), error: outcome.error, now: this.iso(now) });
    }
    this.emitState(job.id);
  }

  private contextFor(entry: RunningJob): JobContext<unknown> {
    const { job } = entry;
    const chunks: ChunkStore<unknown> = {
      plan: (entries) => this.store.planChunks(job.id, entries, this.iso()),
      saved: () => this.store.savedPlan(job.id),
      markRunning: (idx) => this.store.markChunk(job.id, idx, 'running', undefined, this.iso()),
      markDone: (idx, result) => this.store.markChunk(job.id, idx, 'done', result ?? null, this.iso()),
      doneResults: () => this.store.doneChunks(job.id),
    };
    return {
      job,
      signal: entry.controller.signal,
      chunks,
      reportProgress: (percent, message) => {
        if (entry.controller.signal.aborted) return;
        entry.progress = Math.min(100, Math.max(0, percent));
        if (message !== undefined) entry.message = message;
        if (this.throttle.offer(job.id, true)) this.publishProgress(entry);
        else this.scheduleFlush(entry);
      },
    };
  }

  /** A dropped update is published once the interval has passed, so the latest value is never lost. */
  private scheduleFlush(entry: RunningJob): void {
    if (entry.flushTimer) return;
    const due = this.throttle.pendingDueInMs(entry.job.id) ?? 0;
    entry.flushTimer = setTimeout(() => {
      entry.flushTimer = undefined;
      if (this.running.get(entry.job.id) !== entry || entry.controller.signal.aborted) return;
      if (this.throttle.takeDue(entry.job.id)) this.publishProgress(entry);
      else if (this.throttle.pendingDueInMs(entry.job.id) !== undefined) this.scheduleFlush(entry);
    }, due);
    entry.flushTimer.unref?.();
  }

  private publishProgress(entry: RunningJob): void {
    const { job } = entry;
    this.store.setProgress(job.id, entry.progress, entry.message, this.iso());
    this.deps.emit?.({
      type: 'job',
      jobId: job.id,
      jobType: job.type,
      sessionId: job.sessionId,
      state: 'running',
      progress: entry.progress,
      message: entry.message,
      error: null,
    });
  }

  private emitState(jobId: string): void {
    if (!this.deps.emit) return;
    const job = this.store.get(jobId);
    if (!job) return;
    this.deps.emit({
      type: 'job',
      jobId,
      jobType: job.type,
      sessionId: job.sessionId,
      state: job.state,
      progress: job.progress,
      message: job.message,
      error: job.error,
    });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
