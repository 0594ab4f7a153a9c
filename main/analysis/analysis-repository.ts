/** The `analyses` table: latest result per session (stage 'audio' early, then 'complete'). */
import type Database from 'better-sqlite3';
import type { AnalysisData } from './types.js';

export function saveAnalysis(
  db: Database.Database,
  row: { sessionId: string; jobId: string | null; data: AnalysisData; now: string },
): void {
  db.prepare(
    `INSERT INTO analyses (session_id, job_id, stage, data, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(session_id) DO UPDATE SET job_id = excluded.job_id, stage = excluded.stage, data = excluded.data,
       created_at = excluded.created_at`,
  ).run(row.sessionId, row.jobId, row.data.stage, JSON.stringify(row.data), row.now);
}

export function loadAnalysis(
  db: Database.Database,
  sessionId: string,
): { stage: 'audio' | 'complete'; data: AnalysisData; jobId: string | null } | undefined {
  const row = db.prepare('SELECT stage, data, job_id FROM analyses WHERE session_id = ?').get(sessionId) as
    { stage: 'audio' | 'complete'; data: string; job_id: string | null } | undefined;
  return row ? { stage: row.stage, data: JSON.parse(row.data) as AnalysisData, jobId: row.job_id } : undefined;
}
