/**
 * The row half of a delete (issue 21, cheap writes): the rows of sessions already in `deletion_queue` go, in one
 * transaction, on whichever connection runs it — the API's for a few sessions and at start-up, the row-delete worker's
 * for a bulk delete (so the API's thread keeps answering while SQLite updates 21 indexes and five FTS tables a row).
 * Only a session with a queue entry loses its rows (the entry outlives them: nothing is left pointing at nothing),
 * and the entry's file list is brought up to date first (a file row written after the entry was queued is swept
 * with the others, never orphaned by the cascade).
 */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../../db/index.js';

interface FileRow {
  session_id: string;
  path: string;
  managed: number;
  size: number;
  s3_key: string | null;
}

export class RowDeletionRepository {
  readonly #files: Statement;
  readonly #entries: Statement;
  readonly #refresh: Statement;
  readonly #delete: Statement;
  readonly #run: (ids: readonly string[]) => string[];

  constructor(db: LibraryDb) {
    this.#files = db.prepare(
      `SELECT session_id, path, managed, size, s3_key FROM session_files
       WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY session_id, id`,
    );
    this.#entries = db.prepare(
      'SELECT session_id, files, object_keys FROM deletion_queue WHERE session_id IN (SELECT value FROM json_each(?))',
    );
    this.#refresh = db.prepare('UPDATE deletion_queue SET files = ?, object_keys = ? WHERE session_id = ?');
    this.#delete = db
      .prepare(
        `DELETE FROM sessions WHERE id IN
           (SELECT session_id FROM deletion_queue WHERE session_id IN (SELECT value FROM json_each(?)))
         RETURNING id`,
      )
      .pluck();
    this.#run = db.transaction((ids: readonly string[]) => {
      const json = JSON.stringify(ids);
      this.#refreshFiles(json);
      return this.#delete.all(json) as string[];
    });
  }

  /** Deletes the rows of the given queued sessions; answers the ids whose rows went (not those already gone). */
  deleteQueued(ids: readonly string[]): string[] {
    return ids.length === 0 ? [] : this.#run(ids);
  }

  #refreshFiles(json: string): void {
    const now = new Map<string, FileRow[]>();
    for (const f of this.#files.all(json) as FileRow[]) {
      const list = now.get(f.session_id);
      if (list) list.push(f);
      else now.set(f.session_id, [f]);
    }
    const entries = this.#entries.all(json) as { session_id: string; files: string; object_keys: string }[];
    for (const entry of entries) {
      const added = now.get(entry.session_id);
      if (!added) continue;
      // A file the queue did not know of (a job finishing in the moment between queueing and the delete) joins the
      // list, and its object the keys; what was queued stays (handed-out upload keys among them).
      const files = JSON.parse(entry.files) as Omit<FileRow, 'session_id'>[];
      const known = new Set(files.map((f) => f.path));
      const keys = new Set(JSON.parse(entry.object_keys) as string[]);
      let changed = false;
      for (const { path, managed, size, s3_key } of added) {
        if (s3_key && !keys.has(s3_key)) {
          keys.add(s3_key);
          changed = true;
        }
        if (known.has(path)) continue;
        files.push({ path, managed, size, s3_key });
        known.add(path);
        changed = true;
      }
      if (changed) this.#refresh.run(JSON.stringify(files), JSON.stringify([...keys]), entry.session_id);
    }
  }
}
