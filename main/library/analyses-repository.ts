/**
 * The `analyses` table: the latest result per session (stage 'audio' early, then 'complete'). The only code that
 * reads or writes it: the analysis module stores results, the library reads them for `include_analysis`.
 */
import type { Statement } from 'better-sqlite3';
import type { WorkDb } from '../db/index.js';

/** What every stored result has; the analysis module knows the rest of its shape. */
export interface AnalysisRecord {
  stage: 'audio' | 'complete';
}

export interface StoredAnalysis<D extends AnalysisRecord = AnalysisRecord & Record<string, unknown>> {
  stage: 'audio' | 'complete';
  data: D;
  jobId: string | null;
}

export class AnalysesRepository {
  readonly #save: Statement;
  readonly #load: Statement;

  /** Results are written on the work connection (re-computable; saving must not fsync on the API's event loop). */
  constructor(db: WorkDb) {
    this.#save = db.prepare(
      `INSERT INTO analyses (session_id, job_id, stage, data, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(session_id) DO UPDATE SET job_id = excluded.job_id, stage = excluded.stage, data = excluded.data,
         created_at = excluded.created_at`,
    );
    this.#load = db.prepare('SELECT stage, data, job_id FROM analyses WHERE session_id = ?');
  }

  save(row: { sessionId: string; jobId: string | null; data: AnalysisRecord; now: string }): void {
    this.#save.run(row.sessionId, row.jobId, row.data.stage, JSON.stringify(row.data), row.now);
  }

  /** The stored result; `D` is the caller's knowledge of its shape (the analysis module wrote it). */
  load<D extends AnalysisRecord = AnalysisRecord & Record<string, unknown>>(
    sessionId: string,
  ): StoredAnalysis<D> | undefined {
    const row = this.#load.get(sessionId) as
      { stage: 'audio' | 'complete'; data: string; job_id: string | null } | undefined;
    return row ? { stage: row.stage, data: JSON.parse(row.data) as D, jobId: row.job_id } : undefined;
  }
}
