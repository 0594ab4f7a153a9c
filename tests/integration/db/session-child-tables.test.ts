/**
 * SESSION_CHILD_TABLES (main/db/session-child-tables.ts) is the one list of what a purge deletes: every table
 * whose rows cascade from a session is in it, and every other table with a session_id says why it is kept.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, SESSION_CHILD_TABLES } from '../../../main/db/index.js';

/** Tables that name a session but must outlive its purge. */
const KEPT = {
  imports: 'the record of a download; removed with its session row, not by a purge of a transient session',
  watched_items: 'what the folder watcher has seen, so a deleted session is not imported again',
  storage_debts: 'files and objects a delete could not remove: the cleanup service retries them',
  audit_log: 'the history of deletes must outlive what it describes',
  deletion_queue: 'the storage of a deleted session, written as its rows go, until the sweep has removed it',
  device_outbox: "a delete's change for the other devices is written as the rows go, and pushed after (issue 20)",
  device_versions: 'a deleted session stays deleted: a late edit from another device must not bring it back',
  device_markers: 'marker ids across devices, and removed ids (a late add of a removed marker is dropped)',
  device_parked: 'changes for sessions this library does not have yet',
  device_fetched: "the keep-local policy's own record (devices module); it forgets a session it finds gone",
};

describe('the session child tables', () => {
  it('are exactly the tables that cascade from sessions', () => {
    const db = new Database(':memory:');
    migrate(db);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const withSession = tables.filter((t) =>
      (db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[]).some((c) => c.name === 'session_id'),
    );
    const cascading = withSession.filter((t) =>
      (db.prepare(`PRAGMA foreign_key_list("${t}")`).all() as { table: string; on_delete: string }[]).some(
        (fk) => fk.table === 'sessions' && fk.on_delete === 'CASCADE',
      ),
    );
    expect([...SESSION_CHILD_TABLES].sort()).toEqual(cascading.sort());
    expect(withSession.filter((t) => !cascading.includes(t)).sort()).toEqual(Object.keys(KEPT).sort());
    db.close();
  });
});
