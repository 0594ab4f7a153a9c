/** Settings kept in the `settings` table (one JSON value per key), validated, with change listeners. */
import { isAbsolute } from 'node:path';
import { badRequest } from '../../shared/contract/errors.js';
import type { Settings } from '../../shared/contract/settings.js';
import type { Db } from '../library/db.js';

export type SettingsView = Settings & { default_watch_folder: string };

export class SettingsService {
  readonly #listeners = new Set<(settings: SettingsView) => void>();

  constructor(
    private readonly db: Db,
    private readonly defaults: Settings,
    private readonly defaultWatchFolder: string,
  ) {}

  get(): SettingsView {
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    const merged = { ...this.defaults } as Record<string, unknown>;
    for (const key of Object.keys(this.defaults)) if (key in stored) merged[key] = stored[key];
    return { ...(merged as Settings), default_watch_folder: this.defaultWatchFolder };
  }

  update(patch: Partial<Settings>): SettingsView {
    patch.watch_folders?.forEach((folder, i) => {
      if (!isAbsolute(folder)) throw badRequest(`watch_folders.${i}`, 'expected an absolute folder path');
    });
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) if (value !== undefined) upsert.run(key, JSON.stringify(value));
    })();
    const view = this.get();
    for (const listener of this.#listeners) listener(view);
    return view;
  }

  onChange(listener: (settings: SettingsView) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
