/**
 * SQL of `restore_run_counts` (migration 0032), on the library connection: how many sessions each restore run
 * created, bumped inside the library transaction that inserts them (by the restore worker or this thread), so the
 * count a run reports is what the library holds, whatever moment a kill -9 came at.
 */
import type { LibraryDb } from '../../db/index.js';

/** What a restore's library transaction needs: counting the sessions it created for its run. */
export interface RestoreCounter {
  add(jobId: string, created: number): void;
}

export class RestoreCountsRepository implements RestoreCounter {
  constructor(private readonly db: LibraryDb) {}

  /** Call inside the library transaction that created the sessions. */
  add(jobId: string, created: number): void {
    if (created === 0) return;
    this.db
      .prepare(
        `INSERT INTO restore_run_counts (job_id, restored) VALUES (?, ?)
         ON CONFLICT (job_id) DO UPDATE SET restored = restored + excluded.restored`,
      )
      .run(jobId, created);
  }

  /** Sessions the run created so far (committed). */
  restored(jobId: string): number {
    const n = this.db.prepare('SELECT restored FROM restore_run_counts WHERE job_id = ?').pluck().get(jobId);
    return typeof n === 'number' ? n : 0;
  }
}
