/**
 * The read side of the job system: which jobs are queued, running or done, for which session and payload, straight
 * from the store. JobQueue holds one over its store (composition) and answers these reads through it.
 */
import type { JobStore } from './job-store.js';
import type { JobType } from './job-type.js';
import type { JobRecord } from './types.js';

export class JobLookups {
  constructor(private readonly store: JobStore) {}

  get(jobId: string): JobRecord | undefined {
    return this.store.get(jobId);
  }

  latestForSession(sessionId: string, type: JobType<unknown>): JobRecord | undefined {
    return this.store.latestForSession(sessionId, type.name);
  }

  /** A queued or running job of this type for the session, if any. */
  activeForSession(sessionId: string, type?: JobType<unknown>): string | undefined {
    return this.store.activeForSession(sessionId, type?.name)[0];
  }

  /** Sessions with queued or running work of any type (cleanup leaves their folders alone). */
  sessionsWithActiveJobs(): string[] {
    return this.store.sessionsWithActiveJobs();
  }

  /** The session has queued or running work of any type. */
  hasActiveJobs(sessionId: string): boolean {
    return this.store.hasActiveJobs(sessionId);
  }

  /** The job is still queued or running (here or in a process a crash left it to). */
  isActive(jobId: string): boolean {
    return this.store.isActive(jobId);
  }

  /** Ids of the queued or running jobs of a type whose payload `field` equals value (e.g. an upload's jobs). */
  activeWithPayload<P>(type: JobType<P>, field: keyof P & string, value: string): string[] {
    return this.store.activeByPayload(type.name, `$.${field}`, value);
  }

  /** The values of payload `field` over the queued or running jobs of a type. */
  activePayloadValues<P>(type: JobType<P>, field: keyof P & string): Set<string> {
    return this.store.activePayloadValues(type.name, `$.${field}`);
  }
}
