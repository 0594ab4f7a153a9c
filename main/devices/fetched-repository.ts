/** `device_fetched` (migration 0037): recordings the keep-local policy downloaded (`local`) or gave back (`dropped`). */
import type { LibraryDb } from '../db/index.js';

export type FetchedState = 'local' | 'dropped';

export class FetchedRepository {
  constructor(private readonly db: LibraryDb) {}

  all(state: FetchedState): string[] {
    return this.db
      .prepare('SELECT session_id FROM device_fetched WHERE state = ? ORDER BY at')
      .pluck()
      .all(state) as string[];
  }

  set(sessionId: string, state: FetchedState, now: string): void {
    this.db
      .prepare(
        `INSERT INTO device_fetched (session_id, state, at) VALUES (?, ?, ?)
         ON CONFLICT (session_id) DO UPDATE SET state = excluded.state, at = excluded.at`,
      )
      .run(sessionId, state, now);
  }

  remove(sessionId: string): void {
    this.db.prepare('DELETE FROM device_fetched WHERE session_id = ?').run(sessionId);
  }
}
