/** The `settings` table: one JSON value per key. */
import type { LibraryDb } from '../db/index.js';

export class SettingsRepository {
  constructor(private readonly db: LibraryDb) {}

  all(): Record<string, unknown> {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    return Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
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
