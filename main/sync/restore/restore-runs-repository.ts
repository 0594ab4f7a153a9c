/** SQL of `restore_runs` (migration 0016), on the work connection: one row per library restore job. */
import type { WorkDb } from '../../db/index.js';
import type { RestoreRun } from '../../../shared/contract/restore.js';

interface Row extends Omit<RestoreRun, 'errors'> {
  errors: string;
}

const toRun = (row: Row): RestoreRun => ({ ...row, errors: JSON.parse(row.errors) as string[] });

export class RestoreRunsRepository {
  constructor(private readonly db: WorkDb) {}

  get(jobId: string): RestoreRun | undefined {
    const row = this.db.prepare('SELECT * FROM restore_runs WHERE job_id = ?').get(jobId) as Row | undefined;
    return row ? toRun(row) : undefined;
  }

  latest(limit: number): RestoreRun[] {
    const rows = this.db
      .prepare('SELECT * FROM restore_runs ORDER BY started_at DESC, rowid DESC LIMIT ?')
      .all(limit) as Row[];
    return rows.map(toRun);
  }

  running(): RestoreRun | undefined {
    const row = this.db
      .prepare(`SELECT * FROM restore_runs WHERE state = 'running' ORDER BY rowid DESC LIMIT 1`)
      .get() as Row | undefined;
    return row ? toRun(row) : undefined;
  }

  insert(jobId: string, now: string): void {
    this.db
      .prepare(`INSERT OR IGNORE INTO restore_runs (job_id, state, started_at) VALUES (?, 'running', ?)`)
      .run(jobId, now);
  }

  /**
   * A run starting (or resuming after a restart) counts again from the listing; `restored` is the library's count
   * (`restore_run_counts`), which the job copies here with its progress.
   */
  begin(jobId: string, total: number): void {
    this.db
      .prepare(
        `UPDATE restore_runs SET state = 'running', total = ?, done = 0, skipped = 0, errors = '[]'
                WHERE job_id = ?`,
      )
      .run(total, jobId);
  }

  progress(jobId: string, p: { done: number; restored: number; skipped: number; errors: string[] }): void {
    this.db
      .prepare('UPDATE restore_runs SET done = ?, restored = ?, skipped = ?, errors = ? WHERE job_id = ?')
      .run(p.done, p.restored, p.skipped, JSON.stringify(p.errors), jobId);
  }

  finish(jobId: string, state: 'completed' | 'failed', now: string, error?: string): void {
    this.db
      .prepare(
        `UPDATE restore_runs SET state = ?, finished_at = ?,
           errors = CASE WHEN ? IS NULL THEN errors ELSE json_insert(errors, '$[#]', ?) END WHERE job_id = ?`,
      )
      .run(state, now, error ?? null, error ?? null, jobId);
  }
}
