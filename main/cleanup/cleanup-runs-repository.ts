/**
 * `cleanup_runs` (migration 0004): one row per cleanup run, dry or not, with its trigger, kind, the job that runs it
 * and, once finished, its result as JSON. Statements are prepared once.
 */
import type { Statement } from 'better-sqlite3';
import type { CleanupKind, CleanupTrigger } from '../../shared/contract/cleanup.js';
import type { LibraryDb } from '../db/index.js';

export interface CleanupRunRow {
  id: number;
  kind: CleanupKind;
  trigger: CleanupTrigger;
  dry_run: number;
  started_at: string;
  finished_at: string | null;
  result: string | null;
  job_id: string | null;
}

export class CleanupRunsRepository {
  readonly #insert: Statement;
  readonly #get: Statement;
  readonly #setJob: Statement;
  readonly #finish: Statement;
  readonly #checkpoint: Statement;
  readonly #unfinished: Statement;
  readonly #history: Statement;
  readonly #lastScheduled: Statement;
  readonly #realRunOpen: Statement;

  constructor(db: LibraryDb) {
    this.#insert = db.prepare('INSERT INTO cleanup_runs (started_at, kind, dry_run, trigger) VALUES (?, ?, ?, ?)');
    this.#get = db.prepare('SELECT * FROM cleanup_runs WHERE id = ?');
    this.#setJob = db.prepare('UPDATE cleanup_runs SET job_id = ? WHERE id = ?');
    this.#finish = db.prepare('UPDATE cleanup_runs SET finished_at = ?, result = ? WHERE id = ?');
    this.#checkpoint = db.prepare('UPDATE cleanup_runs SET result = ? WHERE id = ? AND finished_at IS NULL');
    this.#unfinished = db.prepare('SELECT * FROM cleanup_runs WHERE finished_at IS NULL ORDER BY id');
    this.#history = db.prepare('SELECT * FROM cleanup_runs ORDER BY started_at DESC, id DESC LIMIT ?');
    this.#lastScheduled = db
      .prepare("SELECT MAX(started_at) FROM cleanup_runs WHERE trigger IN ('schedule','startup')")
      .pluck();
    this.#realRunOpen = db.prepare('SELECT 1 FROM cleanup_runs WHERE finished_at IS NULL AND dry_run = 0 LIMIT 1');
  }

  /** Records a run as started; answers its id. */
  insert(run: { kind: CleanupKind; trigger: CleanupTrigger; dryRun: boolean; startedAt: string }): number {
    return Number(this.#insert.run(run.startedAt, run.kind, run.dryRun ? 1 : 0, run.trigger).lastInsertRowid);
  }

  get(id: number): CleanupRunRow | undefined {
    return this.#get.get(id) as CleanupRunRow | undefined;
  }

  /** The queue job that executes the run. */
  setJob(id: number, jobId: string): void {
    this.#setJob.run(jobId, id);
  }

  finish(id: number, finishedAt: string, resultJson: string): void {
    this.#finish.run(finishedAt, resultJson, id);
  }

  /** An unfinished run's progress so far (see run-progress.ts), in its result column until it finishes. */
  checkpoint(id: number, progressJson: string): void {
    this.#checkpoint.run(progressJson, id);
  }

  /** Runs not finished yet (queued, running, or cut short by a crash), oldest first. */
  unfinished(): CleanupRunRow[] {
    return this.#unfinished.all() as CleanupRunRow[];
  }

  /** The newest runs first. */
  history(limit: number): CleanupRunRow[] {
    return this.#history.all(limit) as CleanupRunRow[];
  }

  /** When the last scheduled (or start-up catch-up) run started. */
  lastScheduledAt(): string | null {
    return (this.#lastScheduled.get() as string | null) ?? null;
  }

  /** A real (not dry) run is queued or running. */
  hasUnfinishedRealRun(): boolean {
    return this.#realRunOpen.get() !== undefined;
  }
}
