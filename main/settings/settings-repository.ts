/**
 * The `settings` table: one JSON value per key. The app settings, the S3 settings (`s3`) and the cleanup settings
 * (`cleanup.*`, `cleanup_state.*`) all read and write it through this repository only.
 */
import type { LibraryDb } from '../db/index.js';

export class SettingsRepository {
  constructor(private readonly db: LibraryDb) {}

  all(): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
  }

  /** The stored value of one key (undefined when absent). */
  get(key: string): unknown {
    const value = this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
    return value === undefined ? undefined : (JSON.parse(value) as unknown);
  }

  /** The stored values whose keys start with `prefix`, keyed by the rest of the key. */
  withPrefix(prefix: string): Map<string, unknown> {
    const rows = this.db
      .prepare('SELECT key, value FROM settings WHERE substr(key, 1, length(?)) = ?')
      .all(prefix, prefix) as { key: string; value: string }[];
    return new Map(rows.map((r) => [r.key.slice(prefix.length), JSON.parse(r.value) as unknown]));
  }

  /** Stores `value` unless the key already has one; answers what is stored now. */
  putIfAbsent(key: string, value: unknown): unknown {
    this.db.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, JSON.stringify(value));
    return this.get(key);
  }

  /** Writes every defined value of `values` in one transaction. */
  put(values: Record<string, unknown>): void {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(values))
        if (value !== undefined) upsert.run(key, JSON.stringify(value));
    })();
  }
}
