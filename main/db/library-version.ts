/**
 * Which version of the library a cached answer belongs to: changes with any commit on any connection (`PRAGMA
 * data_version` for other connections, `total_changes()` for this one), so a cache keyed by it is never stale.
 * A question to the connection, not to a table: it lives with the connections.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './connection-types.js';

export class LibraryVersion {
  readonly #dataVersion: Statement;
  readonly #changes: Statement;

  constructor(db: Db) {
    this.#dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.#changes = db.prepare('SELECT total_changes()').pluck();
  }

  current(): string {
    return `${String(this.#dataVersion.get())}:${String(this.#changes.get())}`;
  }
}
