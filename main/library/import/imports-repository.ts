/** `imports`: URL downloads in progress, with the checkpoint (bytes, ETag) a restart resumes from. */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../../db/index.js';

export interface ImportRow {
  id: string;
  source: string;
  part_path: string;
  bytes_done: number;
  etag: string | null;
  session_id: string;
  state: string;
  options: string;
}

export type ImportUpdate = Partial<{ state: string; bytes_done: number; etag: string | null; error: string }>;

const UPDATABLE = new Set(['state', 'bytes_done', 'etag', 'error']);

export class ImportsRepository {
  #cancelStmts?: { parts: Statement; active: Statement; cancel: Statement };

  constructor(private readonly db: LibraryDb) {}

  insertUrl(row: { id: string; source: string; partPath: string; options: object; sessionId: string; now: string }) {
    this.db
      .prepare(
        `INSERT INTO imports (id, source, kind, state, part_path, options, session_id, created_at, updated_at)
         VALUES (?, ?, 'url', 'queued', ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.source, row.partPath, JSON.stringify(row.options), row.sessionId, row.now, row.now);
  }

  get(id: string): ImportRow | undefined {
    return this.db.prepare('SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined;
  }

  /** Is this `.incoming/` entry the part file of a download still to resume (its session still in the library)? */
  isPending(partPath: string): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM imports i JOIN sessions s ON s.id = i.session_id
           WHERE i.part_path = ? AND i.state IN ('queued','running') AND s.status NOT IN ('deleting','trashed')`,
        )
        .get(partPath) !== undefined
    );
  }

  /** Marks the session's unfinished imports cancelled; answers their part files (relative to `.incoming`). */
  cancelForSession(sessionId: string, now: string): string[] {
    // Asked for every session of a bulk delete: statements prepared once, no write when nothing is active.
    this.#cancelStmts ??= {
      parts: this.db
        .prepare(
          "SELECT part_path FROM imports WHERE session_id = ? AND state IN ('queued','running') AND part_path IS NOT NULL",
        )
        .pluck(),
      active: this.db.prepare("SELECT 1 FROM imports WHERE session_id = ? AND state IN ('queued','running') LIMIT 1"),
      cancel: this.db.prepare(
        "UPDATE imports SET state = 'cancelled', updated_at = ? WHERE session_id = ? AND state IN ('queued','running')",
      ),
    };
    const stmts = this.#cancelStmts;
    if (stmts.active.get(sessionId) === undefined) return [];
    return this.db.transaction(() => {
      const parts = stmts.parts.all(sessionId) as string[];
      stmts.cancel.run(now, sessionId);
      return parts;
    })();
  }

  update(id: string, fields: ImportUpdate, now: string): void {
    const keys = Object.keys(fields).filter((k) => UPDATABLE.has(k));
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.db.prepare(`UPDATE imports SET ${sets}, updated_at = @now WHERE id = @id`).run({ ...fields, id, now });
  }
}
