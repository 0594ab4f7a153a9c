import type { Migration } from './migration.js';

/**
 * Issue 11: duplicate detection is per coach. A coach's copy of a recording another coach already has is that
 * coach's own session (and naming the other coach's session in the 409 leaked it), so the content hash is unique
 * per coach, not library-wide.
 */
export const migration0003: Migration = {
  version: 3,
  name: 'dedup-per-coach',
  up: `
DROP INDEX sessions_sha256;
CREATE UNIQUE INDEX sessions_coach_sha256 ON sessions(coach_id, sha256) WHERE sha256 IS NOT NULL AND origin = 'library';
CREATE INDEX sessions_sha256 ON sessions(sha256) WHERE sha256 IS NOT NULL AND origin = 'library';
`,
};
