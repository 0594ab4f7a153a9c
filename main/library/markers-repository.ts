/** Markers, notes and chat lines of a session (the review view's time-anchored notes). */
import type { Marker } from '../../shared/contract/analysis.js';
import type { LibraryDb } from '../db/index.js';

export class MarkersRepository {
  constructor(private readonly db: LibraryDb) {}

  list(sessionId: string): Marker[] {
    return this.db
      .prepare(
        'SELECT id, t, kind, author, text, created_at FROM markers WHERE session_id = ? ORDER BY t IS NULL, t, id',
      )
      .all(sessionId) as Marker[];
  }

  add(
    sessionId: string,
    m: { t: number | null; kind: Marker['kind']; author: string | null; text: string; now: string },
  ): Marker {
    const info = this.db
      .prepare('INSERT INTO markers (session_id, t, kind, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(sessionId, m.t, m.kind, m.author, m.text, m.now);
    return {
      id: Number(info.lastInsertRowid),
      t: m.t,
      kind: m.kind,
      author: m.author,
      text: m.text,
      created_at: m.now,
    };
  }

  addMany(
    sessionId: string,
    items: { t: number | null; kind: Marker['kind']; author: string | null; text: string; created_at?: string }[],
    now: string,
  ): void {
    const insert = this.db.prepare(
      'INSERT INTO markers (session_id, t, kind, author, text, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const m of items) insert.run(sessionId, m.t, m.kind, m.author, m.text, m.created_at ?? now);
    })();
  }

  remove(sessionId: string, id: number): boolean {
    return this.db.prepare('DELETE FROM markers WHERE session_id = ? AND id = ?').run(sessionId, id).changes > 0;
  }
}
