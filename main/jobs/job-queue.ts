/**
 * Persistent job queue (after Signal's JobManager) over the jobs/job_chunks tables: a registry of job types (name,
 * zod payload schema, exactly one handler each — checked at registration and at start), concurrency limit,
 * AbortSignal cancellation, retry with exponential backoff, crash recovery (running rows re-queued at start,
 * finished chunks kept), throttled progress events for every job type, a child logger per job, and waitForIdle
 * for tests.
 */
import { randomUUID } from 'node:crypto';
import type { WorkDb } from '../db/index.js';
import { silentLogger, type Logger } from '../platform/logger.js';
import type { ChunkStore } from './chunk-store.js';
import { parsePayload, type JobRegistration, type JobType } from './job-type.js';
import { JobLookups } from './job-lookups.js';
import { JobStore } from './job-store.js';
import { backoffMs, ProgressThrottle } from './throttle.js';
import type { EnqueueOptions, JobContext, JobEvent, JobHandler, JobOutcome, JobRecord } from './types.js';

export interface JobQueueDeps {
  /** Job bookkeeping goes through the work connection (synchronous=NORMAL; see main/db/db.ts). */
  db: WorkDb;
  concurrency?: number;
  /** Injected clock, ms since epoch. */
  now?: () => number;
  /** Called for every job event after the subscribers (`onEvent`): the bridge to the app's event bus. */
  emit?: (event: JobEvent) => void;
  logger?: Logger;
  backoff?: { baseMs?: number; maxMs?: number };
  /** Minimum time between progress events of one job (100 ms = 10/s). */
  progressIntervalMs?: number;
  newId?: () => string;
}

export class DuplicateJobTypeError extends Error {
  constructor(type: string) {
    super(`job type '${type}' is registered twice; every job type has exactly one handler`);
    this.name = 'DuplicateJobTypeError';
  }
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
  /** The read side (job-lookups.ts) over the same store: composed, not a base class. */
  readonly #read: JobLookups;
  readonly get: JobLookups['get'] = (jobId) => this.#read.get(jobId);
  readonly latestForSession: JobLookups['latestForSession'] = (id, type) => this.#read.latestForSession(id, type);
  readonly activeForSession: JobLookups['activeForSession'] = (id, type) => this.#read.activeForSession(id, type);
  readonly sessionsWithActiveJobs: JobLookups['sessionsWithActiveJobs'] = () => this.#read.sessionsWithActiveJobs();
  readonly hasActiveJobs: JobLookups['hasActiveJobs'] = (sessionId) => this.#read.hasActiveJobs(sessionId);
  readonly isActive: JobLookups['isActive'] = (jobId) => this.#read.isActive(jobId);
  readonly activeWithPayload: JobLookups['activeWithPayload'] = (type, field, value) =>
    this.#read.activeWithPayload(type, field, value);
  readonly activePayloadValues: JobLookups['activePayloadValues'] = (type, field) =>
    this.#read.activePayloadValues(type, field);
  private readonly now: () => number;
  private readonly concurrency: number;
  private readonly throttle: ProgressThrottle<true>;
  private readonly running = new Map<string, RunningJob>();
  private started = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly registry = new Map<string, { type: JobType<unknown>; handler: JobHandler<unknown> }>();
  private readonly subscribers: ((event: JobEvent) => void)[] = [];
  private readonly logger: Logger;

  constructor(private readonly deps: JobQueueDeps) {
    this.store = new JobStore(deps.db);
    this.#read = new JobLookups(this.store);
    this.logger = (deps.logger ?? silentLogger).child({ component: 'jobs' });
    this.now = deps.now ?? Date.now;
    this.concurrency = Math.max(1, deps.concurrency ?? 2);
    // A monotonic clock: the injected wall clock may be frozen in tests or set back by the user.
    this.throttle = new ProgressThrottle(deps.progressIntervalMs ?? 100, () => performance.now());
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  /** Adds a job type with its one handler; a second registration of the same name is a programming error. */
  register(registration: JobRegistration): void {
    registration.bind({
      add: (type, handler) => {
        if (this.registry.has(type.name)) throw new DuplicateJobTypeError(type.name);
        this.registry.set(type.name, {
          type: type as JobType<unknown>,
          handler: handler as JobHandler<unknown>,
        });
      },
    });
  }

  /** Job events (queued, running with progress, done, failed, cancelled) of every type, before the bus sees them. */
  onEvent(listener: (event: JobEvent) => void): void {
    this.subscribers.push(listener);
  }

  /** Checks handlers against the queued work, re-queues jobs a crash left running, and starts working. */
  start(): void {
    const unknown = this.store.pendingTypes().filter((t) => !this.registry.has(t));
    if (unknown.length > 0) throw new UnknownJobTypeError(unknown);
    const requeued = this.store.requeueInterrupted(this.iso());
    if (requeued > 0) this.logger.warn({ requeued }, 'crash recovery: jobs left running were queued again');
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

  /** Queues a job; the payload is checked against its type's schema (a bad one is a 400, nothing is stored). */
  enqueue<P>(type: JobType<P>, payload: P, options: EnqueueOptions = {}): string {
    if (!this.registry.has(type.name)) throw new UnknownJobTypeError([type.name]);
    const valid = parsePayload(type, payload);
    const live = options.dedupeKey === undefined ? undefined : this.store.liveByKey(options.dedupeKey);
    if (live) return live;
    const id = this.deps.newId?.() ?? randomUUID();
    const now = this.now();
    this.store.insert({
      id,
      type: type.name,
      sessionId: options.sessionId ?? null,
      priority: options.priority ?? 0,
      payload: valid,
      maxAttempts: options.maxAttempts ?? type.maxAttempts ?? 3,
      runAfter: this.iso(options.runAfterMs ?? now),
      now: this.iso(now),
      dedupeKey: options.dedupeKey ?? null,
    });
    this.emitState(id);
    if (this.started) this.pump();
    return id;
  }

  /** Cancels every queued and running job of a session; resolves once running ones (and their ffmpeg) stopped. */
  async cancelForSession(sessionId: string, type?: JobType<unknown>): Promise<void> {
    for (const id of this.store.activeForSession(sessionId, type?.name)) await this.cancel(id);
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
    this.logger.info(
      { jobId: job.id, jobType: job.type, sessionId: job.sessionId, attempt: job.attempts },
      'job claimed',
    );
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
    const registered = this.registry.get(job.type);
    let outcome: JobOutcome;
    try {
      if (!registered) throw new UnknownJobTypeError([job.type]);
      let payload: unknown;
      try {
        payload = parsePayload(registered.type, job.payload);
      } catch (error) {
        // A stored payload this version cannot read will not get better by retrying.
        outcome = { status: 'failed', error: errorText(error) };
        this.settle(entry, outcome);
        return;
      }
      entry.job = { ...job, payload };
      outcome = await registered.handler(this.contextFor(entry));
    } catch (error) {
      outcome = controller.signal.aborted ? { status: 'cancelled' } : { status: 'retry', error: errorText(error) };
    }
    this.settle(entry, outcome);
  }

  private settle(entry: RunningJob, outcome: JobOutcome): void {
    const { job } = entry;
    const now = this.now();
    const log = this.jobLogger(job);
    if (outcome.status === 'failed') log.error({ error: outcome.error }, 'job failed');
    else if (outcome.status === 'retry' && !entry.stopReason) {
      if (job.attempts >= job.maxAttempts) log.error({ error: outcome.error }, 'job failed: no attempts left');
      else log.warn({ error: outcome.error, attempt: job.attempts }, 'job will be retried');
    }
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
      job: entry.job,
      signal: entry.controller.signal,
      logger: this.jobLogger(job),
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

  private jobLogger(job: JobRecord): Logger {
    return this.logger.child({ jobId: job.id, jobType: job.type, sessionId: job.sessionId });
  }

  private publish(event: JobEvent): void {
    for (const subscriber of this.subscribers) subscriber(event);
    this.deps.emit?.(event);
  }

  private publishProgress(entry: RunningJob): void {
    const { job } = entry;
    this.store.setProgress(job.id, entry.progress, entry.message, this.iso());
    this.publish({
      type: 'job',
      jobId: job.id,
      jobType: job.type,
      sessionId: job.sessionId,
      state: 'running',
      progress: entry.progress,
      message: entry.message,
      error: null,
      tick: true,
    });
  }

  private emitState(jobId: string): void {
    if (!this.deps.emit && this.subscribers.length === 0) return;
    const job = this.store.get(jobId);
    if (!job) return;
    this.publish({
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
