/** openDatabase + migrate on real SQLite files: pragmas, versioning, backups, refusal of newer files, atomicity. */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseTooNewError, migrate, openDatabase, openWorkConnection } from '../../../main/db/index.js';
import { migrations } from '../../../main/db/migrations/index.js';
import type { Migration } from '../../../main/db/migrations/migration.js';
import { tempDir } from '../../helpers/server.js';

const dirs: string[] = [];
const dir = () => {
  const d = tempDir('filmroom-mig-');
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const m1: Migration = {
  version: 1,
  name: 'notes',
  up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);',
};
const m2: Migration = {
  version: 2,
  name: 'notes-author',
  up: "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT 'unknown'; CREATE TABLE authors (name TEXT PRIMARY KEY);",
};
const m2Broken: Migration = {
  version: 2,
  name: 'broken',
  up: "CREATE TABLE half_done (x INTEGER); INSERT INTO notes (text) VALUES ('from m2'); THIS IS NOT SQL;",
};

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];

/** A plain (rollback-journal) database file at a given user_version with one row of data. */
function legacyFile(file: string, version: number, withNotes = true): void {
  const db = new Database(file);
  if (withNotes) {
    db.exec(m1.up);
    db.prepare('INSERT INTO notes (text) VALUES (?)').run('precious');
  } else {
    db.exec("CREATE TABLE legacy (v TEXT); INSERT INTO legacy VALUES ('old data');");
  }
  db.pragma(`user_version = ${version}`);
  db.close();
}

describe('a fresh database', () => {
  it('the work connection (job bookkeeping) commits without fsync, shares the WAL and checks foreign keys', async () => {
    const file = join(dir(), 'library.db');
    const db = await openDatabase(file);
    const work = openWorkConnection(file);
    try {
      expect(work.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('synchronous', { simple: true })).toBe(2); // the library's own connection stays FULL
      expect(work.pragma('foreign_keys', { simple: true })).toBe(1);
      const now = new Date().toISOString();
      work
        .prepare(
          `INSERT INTO jobs (id, type, state, payload, run_after, created_at, updated_at) VALUES ('j1', 'analysis', 'queued', '{}', ?, ?, ?)`,
        )
        .run(now, now, now);
      expect(db.prepare("SELECT state FROM jobs WHERE id = 'j1'").pluck().get()).toBe('queued');
      expect(() =>
        work
          .prepare(
            `INSERT INTO job_chunks (job_id, idx, start_s, end_s, state, updated_at) VALUES ('nope', 0, 0, 1, 'queued', ?)`,
          )
          .run(now),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      work.close();
      db.close();
    }
  });

  it('the work connection never creates or migrates a library', () => {
    expect(() => openWorkConnection(join(dir(), 'missing.db'))).toThrow();
  });

  it('gets user_version = latest migration, WAL, foreign keys on, synchronous FULL', async () => {
    const file = join(dir(), 'library.db');
    const db = await openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(tables(db)).toEqual(
        expect.arrayContaining(['sessions', 'participants', 'session_files', 'jobs', 'audit_log', 'api_tokens']),
      );
    } finally {
      db.close();
    }
    // WAL is persistent in the file: a plain connection sees it too
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    raw.close();
  });

  it('enforces foreign keys (a participant for a missing session is refused)', async () => {
    const db = await openDatabase(join(dir(), 'library.db'));
    try {
      expect(() => db.prepare("INSERT INTO participants (session_id, name) VALUES ('nope', 'x')").run()).toThrow(
        /FOREIGN KEY/,
      );
    } finally {
      db.close();
    }
  });

  it('is not backed up (nothing to protect) and reopening an up-to-date file makes no backup', async () => {
    const d = dir();
    const file = join(d, 'library.db');
    (await openDatabase(file)).close();
    (await openDatabase(file)).close();
    expect(readdirSync(d).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it('the migration list is numbered in strictly increasing order (numbers are reserved per change, so gaps occur)', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });
});

describe('a database newer than the app', () => {
  it('is refused with DatabaseTooNewError naming both versions', async () => {
    const file = join(dir(), 'library.db');
    legacyFile(file, 99);
    const error = await openDatabase(file, { migrations: [m1, m2] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseTooNewError);
    expect((error as DatabaseTooNewError).found).toBe(99);
    expect((error as DatabaseTooNewError).supported).toBe(2);
  });

  it('is left untouched: same bytes, same journal mode, no WAL/backup files created', async () => {
    const d = dir();
    const file = join(d, 'library.db');
    legacyFile(file, 99);
    const before = sha(file);
    await expect(openDatabase(file, { migrations: [m1, m2] })).rejects.toBeInstanceOf(DatabaseTooNewError);
    expect(readdirSync(d)).toEqual(['library.db']);
    expect(sha(file)).toBe(before);
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(raw.pragma('user_version', { simple: true })).toBe(99);
    raw.close();
  });

  it('the app’s own migrations refuse a file one version ahead', async () => {
    const file = join(dir(), 'library.db');
    const latest = migrations.at(-1)!.version;
    (await openDatabase(file)).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${latest + 1}`);
    raw.close();
    await expect(openDatabase(file)).rejects.toBeInstanceOf(DatabaseTooNewError);
  });
});

describe('upgrading', () => {
  it('from version 1 with data: backs up first, then migrates to 2 keeping the data', async () => {
    const d = dir();
    const file = join(d, 'library.db');
    legacyFile(file, 1);
    const backup = join(d, 'before-upgrade.db');
    const db = await openDatabase(file, { migrations: [m1, m2], backupPath: (from) => `${backup}.v${from}` });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare('SELECT text, author FROM notes').all()).toEqual([{ text: 'precious', author: 'unknown' }]);
    } finally {
      db.close();
    }
    // the backup is the file as it was before migrating: version 1, data, no m2 changes
    expect(existsSync(`${backup}.v1`)).toBe(true);
    const old = new Database(`${backup}.v1`, { readonly: true });
    expect(old.pragma('user_version', { simple: true })).toBe(1);
    expect(old.prepare('SELECT text FROM notes').pluck().all()).toEqual(['precious']);
    expect(tables(old)).not.toContain('authors');
    old.close();
  });

  it('default backup name is <db>.backup-v<from>-<time>', async () => {
    const d = dir();
    const file = join(d, 'library.db');
    legacyFile(file, 1);
    (await openDatabase(file, { migrations: [m1, m2] })).close();
    expect(readdirSync(d).some((f) => /^library\.db\.backup-v1-\d+$/.test(f))).toBe(true);
  });

  it('from version 0 with data: backs up before migrating', async () => {
    const d = dir();
    const file = join(d, 'library.db');
    legacyFile(file, 0, false);
    const backup = join(d, 'v0-backup.db');
    const db = await openDatabase(file, { migrations: [m1, m2], backupPath: () => backup });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare('SELECT v FROM legacy').pluck().all()).toEqual(['old data']);
    } finally {
      db.close();
    }
    expect(existsSync(backup), 'no backup was written before migrating a non-empty version-0 file').toBe(true);
    const old = new Database(backup, { readonly: true });
    expect(old.prepare('SELECT v FROM legacy').pluck().all()).toEqual(['old data']);
    expect(tables(old)).not.toContain('notes');
    old.close();
  });

  it('runs each migration in its own transaction: a failing one leaves the previous version intact', async () => {
    const d = dir();
    const file = join(d, 'library.db');
    legacyFile(file, 0, false);
    const error = await openDatabase(file, { migrations: [m1, m2Broken], backupPath: () => join(d, 'b.db') }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(DatabaseTooNewError);
    const raw = new Database(file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(1); // m1 committed
      expect(tables(raw)).toContain('notes');
      expect(tables(raw)).not.toContain('half_done'); // m2 rolled back entirely
      expect(raw.prepare('SELECT COUNT(*) FROM notes').pluck().get()).toBe(0);
      expect(raw.prepare('SELECT v FROM legacy').pluck().all()).toEqual(['old data']);
    } finally {
      raw.close();
    }
    // fixing the migration and reopening continues from version 1
    const db = await openDatabase(file, { migrations: [m1, m2], backupPath: () => join(d, 'b2.db') });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('migrate() applies only what is missing and reports it', () => {
    const db = new Database(join(dir(), 'x.db'));
    try {
      expect(migrate(db, [m1])).toEqual([1]);
      expect(migrate(db, [m1, m2])).toEqual([2]);
      expect(migrate(db, [m1, m2])).toEqual([]);
      expect(db.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });

  it('refuses a migration list out of order or numbered twice', () => {
    const db = new Database(join(dir(), 'order.db'));
    try {
      expect(() => migrate(db, [{ ...m2, version: 3 }, m1])).toThrow(/numbered 1, expected a number above 3/);
      expect(() => migrate(db, [m1, { ...m2, version: 1 }])).toThrow(/numbered 1, expected a number above 1/);
      expect(db.pragma('user_version', { simple: true })).toBe(0);
    } finally {
      db.close();
    }
  });

  it('accepts a gap in the numbers (a change reserved a number another branch has not merged yet)', () => {
    const db = new Database(join(dir(), 'gap.db'));
    try {
      expect(migrate(db, [m1, { ...m2, version: 4 }])).toEqual([1, 4]);
      expect(db.pragma('user_version', { simple: true })).toBe(4);
    } finally {
      db.close();
    }
  });
});
