/**
 * The jobs module: one persistent queue for every job type. Modules above it hand their job types to the
 * composition root, which registers them here; every job event goes onto the event bus (addressed to the coach
 * whose session it is), so URL downloads, analyses, uploads and cleanup runs are all visible to the UI and SSE.
 */
import type { WorkDb } from '../db/index.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import type { SessionActivity } from '../storage/index.js';
import { JobQueue } from './job-queue.js';
import type { JobEvent } from './types.js';

export interface JobsModuleDeps {
  workDb: WorkDb;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  /**
   * The library's answer to "whose session is this" (null once it is gone or going): job events are addressed to
   * that coach. The jobs module does not read the library's `sessions` table itself.
   */
  coachOf: (sessionId: string) => string | null;
  /** Jobs at once (default 2: a 2-core machine analyses two chunks while the API stays responsive). */
  concurrency?: number;
}

export interface JobsModule {
  queue: JobQueue;
  /** Deleting a session cancels all its jobs, whatever their type. */
  activities: SessionActivity[];
  start(): void;
  stop(): Promise<void>;
}

export function createJobsModule(deps: JobsModuleDeps): JobsModule {
  const queue: JobQueue = new JobQueue({
    db: deps.workDb,
    concurrency: deps.concurrency ?? 2,
    now: () => deps.clock.now().getTime(),
    logger: deps.logger,
    emit: busEmitter(deps.events, deps.coachOf),
  });
  return {
    queue,
    activities: [{ name: 'jobs', cancelForSession: (id) => queue.cancelForSession(id) }],
    start: () => queue.start(),
    stop: () => queue.stop(),
  };
}

/**
 * Job events onto the bus. Whose session it is is asked at each change of a job's state and kept while it runs, so a
 * progress tick (up to 10 a second per job) reads no session row.
 */
function busEmitter(events: EventBus, coachOf: JobsModuleDeps['coachOf']): (event: JobEvent) => void {
  const running = new Map<string, string | null>();
  return (event) => {
    // Jobs of a session that is gone (or going) say nothing more; jobs of no session are for admins only.
    let coach: string | null;
    if (!event.sessionId) coach = '';
    else if (event.tick && running.has(event.jobId)) coach = running.get(event.jobId)!;
    else coach = coachOf(event.sessionId);
    if (event.state !== 'running') running.delete(event.jobId);
    else {
      if (!running.has(event.jobId) && running.size >= 1000) running.clear(); // jobs a stop ended without a word
      running.set(event.jobId, coach);
    }
    if (coach !== null) toBus(events, coach, event);
  };
}

function toBus(events: EventBus, coach: string, event: JobEvent): void {
  events.emit({
    type: 'job.progress',
    job_id: event.jobId,
    job_type: event.jobType,
    session_id: event.sessionId,
    state: event.state,
    progress: event.progress,
    message: event.message,
    coach_id: coach,
  });
}
