/**
 * 0022 — "Analyse" on a session held in S3 (restored, not downloaded) is an intent that survives a restart.
 *
 * The files are downloaded first (restore-local jobs), then the analysis is queued. The intent was kept in memory:
 * after a kill -9 the downloads finished (the queue re-runs them) and the analysis was never queued. One row per
 * session with its requested analysis type; removed when the analysis is queued, the download fails, or the session
 * goes (cascade).
 */
import type { Migration } from './migration.js';

export const migration0022: Migration = {
  version: 22,
  name: 'analyze-after-download',
  up: `
CREATE TABLE analyze_after_download (
  session_id    TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  analysis_type TEXT,
  requested_at  TEXT NOT NULL
);
`,
};
