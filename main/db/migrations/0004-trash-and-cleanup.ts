/**
 * 0004 — the trash and cleanup runs as jobs.
 *
 * Trashed sessions get a new status, `trashed`, that the `listed` generated column excludes: every list index, the
 * trigger-kept counters, search and the CSV export already read `listed = 1`, so they drop trashed sessions without
 * one change to the list query (which another change rewrites). SQLite cannot ALTER a CHECK constraint or a generated
 * column, and rebuilding `sessions` would drop every index and trigger later migrations hang on it; so the two
 * expressions are edited in place in the schema text (SQLite's documented "writable_schema" procedure for changes
 * that leave the stored data valid: no row has the new status yet, so every stored `listed` value stays right).
 * The edit checks that it found the 0001 text, and runs `PRAGMA integrity_check` afterwards.
 *
 * `trash` keeps what a restore needs (the former status) and the purge date's base; `trash_totals` is a one-row
 * counter kept by triggers, so the storage view never sums the trash.
 * `cleanup_runs.job_id` ties a run to its job, so a run a crash interrupted finishes in the same history row.
 */
import type { Db } from '../connection-types.js';
import type { Migration } from './migration.js';

const STATUS_CHECK_BEFORE =
  "status IN ('pending','importing','uploaded','processing','ready','failed','deleting','expired')";
const STATUS_CHECK_AFTER =
  "status IN ('pending','importing','uploaded','processing','ready','failed','deleting','expired','trashed')";
const LISTED_BEFORE = "status NOT IN ('deleting','expired'))";
const LISTED_AFTER = "status NOT IN ('deleting','expired','trashed'))";

function allowTrashedStatus(db: Db): void {
  const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'sessions'").pluck().get() as
    string | undefined;
  if (!sql) throw new Error('migration 0004: no sessions table');
  if (sql.includes(STATUS_CHECK_AFTER) && sql.includes(LISTED_AFTER)) return;
  if (!sql.includes(STATUS_CHECK_BEFORE) || !sql.includes(LISTED_BEFORE))
    throw new Error('migration 0004: the sessions table is not the one 0001 created; refusing to edit it');
  const edited = sql.replace(STATUS_CHECK_BEFORE, STATUS_CHECK_AFTER).replace(LISTED_BEFORE, LISTED_AFTER);
  const version = db.pragma('schema_version', { simple: true }) as number;
  // better-sqlite3 opens connections in SQLite's defensive mode, which forbids schema edits; lifted for this edit only.
  db.unsafeMode(true);
  try {
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'sessions'").run(edited);
    db.pragma(`schema_version = ${version + 1}`); // makes every connection re-read the schema
    db.pragma('writable_schema = OFF');
  } finally {
    db.unsafeMode(false);
  }
  const check = db.pragma('integrity_check', { simple: true });
  if (check !== 'ok') throw new Error(`migration 0004: integrity check failed after the schema edit: ${String(check)}`);
}

export const migration0004: Migration = {
  version: 4,
  name: 'trash-and-cleanup',
  before: allowTrashedStatus,
  up: `
CREATE TABLE trash (
  session_id     TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  former_status  TEXT NOT NULL,
  deleted_at     TEXT NOT NULL,
  bytes          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX trash_deleted_at ON trash(deleted_at);

CREATE TABLE trash_totals (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  sessions  INTEGER NOT NULL,
  bytes     INTEGER NOT NULL
);
INSERT INTO trash_totals (id, sessions, bytes) VALUES (1, 0, 0);
CREATE TRIGGER trash_totals_insert AFTER INSERT ON trash BEGIN
  UPDATE trash_totals SET sessions = sessions + 1, bytes = bytes + NEW.bytes WHERE id = 1;
END;
CREATE TRIGGER trash_totals_delete AFTER DELETE ON trash BEGIN
  UPDATE trash_totals SET sessions = sessions - 1, bytes = bytes - OLD.bytes WHERE id = 1;
END;

ALTER TABLE cleanup_runs ADD COLUMN job_id TEXT;
CREATE INDEX cleanup_runs_started ON cleanup_runs(started_at);
CREATE INDEX cleanup_runs_unfinished ON cleanup_runs(id) WHERE finished_at IS NULL;
`,
};
