/**
 * Opens the library database: WAL, foreign keys asserted on, synchronous=FULL (a saved recording's row must survive
 * power loss), then brings the schema up to date. A database newer than this app is refused, and the file is backed
 * up with SQLite's online backup before any migration touches it.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations/index.js';
import { registerSearchFunctions } from './search-functions.js';

import type { LibraryDb, WorkDb } from './connection-types.js';

export type { Db, LibraryDb, WorkDb } from './connection-types.js';

export class DatabaseTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This library was written by a newer Filmroom (schema ${found}; this version knows up to ${supported}). ` +
        'Update Filmroom to open it; the file was left untouched.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** Where backups go before a migration; default `<db>.backup-v<from>-<timestamp>`. */
  backupPath?: (fromVersion: number) => string;
  /** better-sqlite3 native binding override (the Electron build of the addon). */
  nativeBinding?: string;
}

export async function openDatabase(file: string, options: OpenOptions = {}): Promise<LibraryDb> {
  const migrations = options.migrations ?? allMigrations;
  mkdirSync(dirname(file), { recursive: true });
  const isNew = !existsSync(file);
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // Read the version before any pragma writes to the file: a newer library must be left exactly as it was.
    const current = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) throw new DatabaseTooNewError(current, latest);
    applyPragmas(db);
    const hasContent = (db.prepare('SELECT count(*) FROM sqlite_master').pluck().get() as number) > 0;
    if (current < latest && !isNew && hasContent) {
      const target = options.backupPath?.(current) ?? `${file}.backup-v${current}-${Date.now()}`;
      await db.backup(target);
    }
    migrate(db, migrations);
    return db as LibraryDb;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * A second connection to an already-migrated library for background-job bookkeeping (job and chunk state,
 * progress, analysis results): `synchronous=NORMAL`, so its commits do not fsync on the event loop.
 *
 * Why: with FULL every progress tick of an analysis was an fsync, and on a busy disk one fsync can wait 100–200 ms
 * for unrelated writeback (measured: a 229 ms `UPDATE jobs SET progress` while a freshly written upload was being
 * flushed), stalling the API — the status route's p99 under 100 pollers went to 15–115 ms during analysis.
 * Safe because: a process crash (kill -9) loses nothing under NORMAL (the WAL is in the OS cache when commit
 * returns); only a power cut can roll back the newest commits of this connection, and WAL recovery keeps a prefix
 * of the commit history, so what is lost is recent job bookkeeping — the job re-runs from its last chunk that
 * survived. Library rows (sessions, files, imports, deletions) are written on the FULL connection only, and its
 * next commit fsyncs every earlier frame of the WAL as well.
 */
export function openWorkConnection(file: string, options: Pick<OpenOptions, 'nativeBinding'> = {}): WorkDb {
  const db = new Database(file, {
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    applyPragmas(db);
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -8192');
    return db as WorkDb;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Another library connection (synchronous=FULL) to an already-migrated file, for a worker thread that writes
 * library rows off the API's thread (the restore worker): WAL lets the API's connection read meanwhile.
 */
export function openLibraryConnection(file: string, options: Pick<OpenOptions, 'nativeBinding'> = {}): LibraryDb {
  const db = new Database(file, {
    fileMustExist: true,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    applyPragmas(db);
    return db as LibraryDb;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function applyPragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB page cache: the list indexes of a 1M-session library stay hot
  db.pragma('temp_store = MEMORY');
  registerSearchFunctions(db); // the search triggers call them (migration 0020)
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    throw new Error('SQLite refused to enable foreign keys; refusing to open the library without them.');
  }
}

/** Applies every migration above `user_version`, each in its own transaction that also bumps the version. */
export function migrate(db: Database.Database, migrations: readonly Migration[] = allMigrations): number[] {
  const applied: number[] = [];
  registerSearchFunctions(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  // Numbers are reserved per change (parallel branches), so gaps are fine; going backwards or repeating is not.
  migrations.forEach((m, i) => {
    const previous = i === 0 ? 0 : migrations[i - 1]!.version;
    if (!Number.isInteger(m.version) || m.version <= previous)
      throw new Error(`Migration ${m.name} is numbered ${m.version}, expected a number above ${previous}.`);
  });
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.before?.(db);
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
