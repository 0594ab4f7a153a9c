/**
 * Migration 0004 (trash and cleanup runs): on a library at version 1 with rows in it, the `trashed` status becomes
 * valid and `listed` excludes it, while every existing row, index and trigger of `sessions` stays as it was; the
 * counters follow a session into and out of the trash; `trash_totals` stays exact; a bad schema is refused.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Db } from '../../../main/db/index.js';
import { migration0001 } from '../../../main/db/migrations/0001-initial.js';
import { migration0002 } from '../../../main/db/migrations/0002-ordered-search.js';
import { migration0003 } from '../../../main/db/migrations/0003-dedup-per-coach.js';
import { migration0004 } from '../../../main/db/migrations/0004-trash-and-cleanup.js';
import { migrations } from '../../../main/db/migrations/index.js';

const dirs: string[] = [];
const dir = () => {
  const d = mkdtempSync(join(tmpdir(), 'filmroom-m0004-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const insert = (db: Db, id: string, status: string, size: number) =>
  db
    .prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
       VALUES (?, ?, ?, 'local', 'c', '2026-01-01', '2026-01-01', '2026-01-01', ?)`,
    )
    .run(id, `title ${id}`, status, size);

const schemaOf = (db: Db) =>
  db
    .prepare(
      "SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'sessions' AND type IN ('index','trigger') ORDER BY name",
    )
    .all();

const counts = (db: Db) =>
  db.prepare('SELECT status, n, bytes FROM session_counts WHERE n > 0 ORDER BY status').all() as {
    status: string;
    n: number;
    bytes: number;
  }[];

describe('migration 0004', () => {
  it('is registered after 0001–0003', () => {
    expect(migrations.map((m) => m.version).slice(0, 4)).toEqual([1, 2, 3, 4]);
  });

  it('upgrades a populated library without touching its rows, indexes or triggers', async () => {
    const file = join(dir(), 'library.db');
    const v1 = new Database(file);
    migrate(v1, [migration0001, migration0002, migration0003]);
    insert(v1, 'ses_a', 'ready', 100);
    insert(v1, 'ses_b', 'failed', 50);
    insert(v1, 'ses_c', 'deleting', 7);
    const rowsBefore = v1.prepare('SELECT * FROM sessions ORDER BY id').all();
    const schemaBefore = schemaOf(v1);
    const countsBefore = counts(v1);
    expect(() => insert(v1, 'ses_t', 'trashed', 1)).toThrow(/CHECK constraint/);
    v1.close();

    // 0004 on its own: later migrations add their own indexes and triggers to `sessions`.
    const db = await openDatabase(file, { migrations: [migration0001, migration0002, migration0003, migration0004] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT * FROM sessions ORDER BY id').all()).toEqual(rowsBefore);
      expect(schemaOf(db)).toEqual(schemaBefore);
      expect(counts(db)).toEqual(countsBefore);

      // Into the trash: unlisted, out of the counters; back out: counted again.
      db.prepare("UPDATE sessions SET status = 'trashed' WHERE id = 'ses_a'").run();
      expect(db.prepare("SELECT listed FROM sessions WHERE id = 'ses_a'").pluck().get()).toBe(0);
      expect(counts(db)).toEqual([{ status: 'failed', n: 1, bytes: 50 }]);
      db.prepare("UPDATE sessions SET status = 'ready' WHERE id = 'ses_a'").run();
      expect(counts(db)).toEqual(countsBefore);
      insert(db, 'ses_t', 'trashed', 9);
      expect(db.prepare("SELECT listed FROM sessions WHERE id = 'ses_t'").pluck().get()).toBe(0);
      expect(() => insert(db, 'ses_x', 'bogus', 1)).toThrow(/CHECK constraint/);
      // The list indexes are partial on listed = 1: a trashed row is not in them.
      const inDefault = db
        .prepare('SELECT id FROM sessions INDEXED BY sessions_all_recorded WHERE listed = 1 ORDER BY recorded_at')
        .pluck()
        .all();
      expect(inDefault).not.toContain('ses_t');
      expect(db.prepare("SELECT rowid FROM sessions_fts WHERE sessions_fts MATCH 'ses_t'").all()).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it('keeps trash_totals exact through inserts, restores and cascaded deletes', async () => {
    const db = await openDatabase(join(dir(), 'library.db'));
    try {
      const totals = () => db.prepare('SELECT sessions, bytes FROM trash_totals').get();
      expect(totals()).toEqual({ sessions: 0, bytes: 0 });
      for (const [id, size] of [
        ['s1', 10],
        ['s2', 20],
        ['s3', 30],
      ] as const) {
        insert(db, id, 'trashed', size);
        db.prepare(
          "INSERT INTO trash (session_id, former_status, deleted_at, bytes) VALUES (?, 'ready', '2026-01-01', ?)",
        ).run(id, size);
      }
      expect(totals()).toEqual({ sessions: 3, bytes: 60 });
      db.prepare("DELETE FROM trash WHERE session_id = 's1'").run(); // restore
      db.prepare("DELETE FROM sessions WHERE id = 's2'").run(); // deleted for good: the FK cascade
      expect(totals()).toEqual({ sessions: 1, bytes: 30 });
      expect(db.prepare('SELECT COUNT(*) FROM cleanup_runs WHERE job_id IS NULL').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });

  it('refuses to edit a sessions table that is not the one 0001 made, and leaves the file at version 1', () => {
    const file = join(dir(), 'odd.db');
    const db = new Database(file);
    try {
      migrate(db, [
        { ...migration0001, up: migration0001.up.replace("'deleting','expired')", "'deleting','expired','archived')") },
      ]);
      expect(() => migrate(db, [migration0001, migration0004])).toThrow(/not the one 0001 created/);
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'trash'").get()).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
