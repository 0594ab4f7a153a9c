/**
 * Opens the library database: WAL, foreign keys asserted on, synchronous=FULL (a saved recording's row must survive
 * power loss), then brings the schema up to date. A database newer than this app is refused, and the file is backed
 * up with SQLite's online backup before any migration touches it.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

export type Db = Database.Database;

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

export async function openDatabase(file: string, options: OpenOptions = {}): Promise<Db> {
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
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB page cache: the list indexes of a 1M-session library stay hot
  db.pragma('temp_store = MEMORY');
  if (db.pragma('foreign_keys', { simple: true }) !== 1) {
    throw new Error('SQLite refused to enable foreign keys; refusing to open the library without them.');
  }
}

/** Applies every migration above `user_version`, each in its own transaction that also bumps the version. */
export function migrate(db: Db, migrations: readonly Migration[] = allMigrations): number[] {
  const applied: number[] = [];
  const current = db.pragma('user_version', { simple: true }) as number;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}.`);
  });
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
    applied.push(m.version);
  }
  return applied;
}
