/** Starts "Restore my library from S3" (one run at a time) and answers its latest runs. */
import type { RestoreRun } from '../../../shared/contract/restore.js';
import type { JobQueue } from '../../jobs/index.js';
import { assertAdmin, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { SyncConfigService } from '../config.js';
import { LIBRARY_RESTORE_JOB } from './library-restore-job.js';
import type { RestoreRunsRepository } from './restore-runs-repository.js';
import type { RestoreCountsRepository } from './restore-counts-repository.js';

export class RestoreService {
  constructor(
    private readonly deps: {
      runs: RestoreRunsRepository;
      counts: Pick<RestoreCountsRepository, 'restored'>;
      queue: JobQueue;
      config: SyncConfigService;
      clock: Clock;
    },
  ) {}

  /** "Restored" as the library counts it (migration 0032): right even before a resumed job has caught up. */
  #counted = (run: RestoreRun): RestoreRun => ({ ...run, restored: this.deps.counts.restored(run.job_id) });

  /** A run already going (here, or left by a killed process and re-queued) is answered instead of a second one. */
  start(actor: Actor, includeDeleted = false): { job_id: string } {
    assertAdmin(actor);
    this.deps.config.require();
    const running = this.deps.runs.running();
    if (running && this.deps.queue.isActive(running.job_id)) return { job_id: running.job_id };
    const jobId = this.deps.queue.enqueue(LIBRARY_RESTORE_JOB, { include_deleted: includeDeleted });
    this.deps.runs.insert(jobId, this.deps.clock.now().toISOString());
    return { job_id: jobId };
  }

  latest(actor: Actor, limit = 10): { items: RestoreRun[] } {
    assertAdmin(actor);
    return { items: this.deps.runs.latest(limit).map(this.#counted) };
  }

  run(jobId: string): RestoreRun | undefined {
    const run = this.deps.runs.get(jobId);
    return run && this.#counted(run);
  }
}
