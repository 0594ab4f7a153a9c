/** `watched_items`: what the folder watcher has seen, so nothing is imported twice across restarts. */
import type { LibraryDb } from '../../db/index.js';
import type { SeenStore } from './folder-watcher.js';

export class WatchedItemsRepository implements SeenStore {
  constructor(private readonly db: LibraryDb) {}

  has(key: string): boolean {
    return this.db.prepare('SELECT 1 FROM watched_items WHERE path = ?').get(key) !== undefined;
  }

  add(key: string): void {
    this.db
      .prepare('INSERT INTO watched_items (path, fingerprint, seen_at) VALUES (?, ?, ?) ON CONFLICT(path) DO NOTHING')
      .run(key, key, new Date().toISOString());
  }
}
