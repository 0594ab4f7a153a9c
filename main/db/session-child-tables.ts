/**
 * The tables whose rows belong to one session (`session_id` column), listed once next to the schema: purging a
 * session's storage (transient sessions that expire) deletes from exactly these. A migration that adds a table
 * with a `session_id` adds it here; `tests/integration/db/session-child-tables.test.ts` checks the list against
 * the schema.
 */
export const SESSION_CHILD_TABLES = [
  'session_files',
  'jobs',
  'analyses',
  'transcript_segments',
  'markers',
  'uploads',
  'participants',
  'trash',
  'offloads',
  'speaker_edits',
  'analyze_after_download',
] as const;
