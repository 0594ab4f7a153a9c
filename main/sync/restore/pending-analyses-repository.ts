/** SQL of `analyze_after_download` (migration 0022), on the work connection: analyses waiting for downloads. */
import type { WorkDb } from '../../db/index.js';

export interface PendingAnalysis {
  session_id: string;
  analysis_type: string | null;
  requested_at: string;
}

export class PendingAnalysesRepository {
  constructor(private readonly db: WorkDb) {}

  /** A second "Analyse" while the first waits keeps the latest type. */
  put(sessionId: string, analysisType: string | null, now: string): void {
    this.db
      .prepare(
        `INSERT INTO analyze_after_download (session_id, analysis_type, requested_at) VALUES (?, ?, ?)
         ON CONFLICT(session_id) DO UPDATE SET analysis_type = excluded.analysis_type, requested_at = excluded.requested_at`,
      )
      .run(sessionId, analysisType, now);
  }

  get(sessionId: string): PendingAnalysis | undefined {
    return this.db.prepare('SELECT * FROM analyze_after_download WHERE session_id = ?').get(sessionId) as
      PendingAnalysis | undefined;
  }

  all(): PendingAnalysis[] {
    return this.db.prepare('SELECT * FROM analyze_after_download ORDER BY requested_at').all() as PendingAnalysis[];
  }

  remove(sessionId: string): void {
    this.db.prepare('DELETE FROM analyze_after_download WHERE session_id = ?').run(sessionId);
  }
}
