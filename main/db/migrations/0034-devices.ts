/**
 * 0034 — one library on every device (issue 20). The devices module's own tables, none of them cascading from a
 * session (a delete's change must outlive the rows it removed):
 *
 * - `device_self`: this device (one row): its id (generated once), name, the sync settings and the hybrid logical
 *   clock's last value (so a restart never issues a clock below one it already used).
 * - `device_outbox`: local changes not yet in the bucket, written in the same transaction as the edit they record;
 *   `batch_key` is the object key a push chose for them (kept, so a push retried after a kill writes the same key).
 * - `device_peers`: each other device seen in the bucket: the last key read from its prefix (ListObjectsV2
 *   StartAfter) and when its latest object was written.
 * - `device_versions`: per session and field, the clock of the value the library holds (last writer wins); field
 *   `deleted` marks a session deleted by a change (delete wins over every edit).
 * - `device_markers`: a marker's id across devices (the clock of its add) ↔ its local row id.
 * - `device_parked`: changes for sessions this library does not have yet (applied once the session arrives).
 */
import type { Migration } from './migration.js';

export const migration0034: Migration = {
  version: 34,
  name: 'devices',
  up: `
    CREATE TABLE device_self (
      singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
      device_id TEXT NOT NULL,
      name TEXT NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
      poll_seconds INTEGER NOT NULL DEFAULT 5 CHECK (poll_seconds >= 1),
      keep_local_days INTEGER CHECK (keep_local_days IS NULL OR keep_local_days >= 0),
      hlc TEXT NOT NULL DEFAULT '',
      last_error TEXT
    );
    CREATE TABLE device_outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      hlc TEXT NOT NULL,
      session_id TEXT NOT NULL,
      change TEXT NOT NULL,
      batch_key TEXT,
      created_at TEXT NOT NULL
    );
    CREATE TABLE device_peers (
      device_id TEXT PRIMARY KEY,
      name TEXT,
      cursor TEXT NOT NULL DEFAULT '',
      last_seen_at TEXT,
      pending_in INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE device_versions (
      session_id TEXT NOT NULL,
      field TEXT NOT NULL,
      hlc TEXT NOT NULL,
      PRIMARY KEY (session_id, field)
    ) WITHOUT ROWID;
    CREATE TABLE device_markers (
      uid TEXT PRIMARY KEY,
      session_id TEXT NOT NULL,
      local_id INTEGER,
      removed_hlc TEXT
    );
    CREATE INDEX device_markers_local ON device_markers (session_id, local_id);
    CREATE TABLE device_parked (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      session_id TEXT NOT NULL,
      hlc TEXT NOT NULL,
      change TEXT NOT NULL
    );
    CREATE INDEX device_parked_session ON device_parked (session_id);
  `,
};
