/**
 * `storage_debts`: files and objects a delete could not remove. The delete itself completes (rows never wait on
 * storage); the cleanup service retries these.
 */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../../db/index.js';

export interface StorageDebt {
  id: number;
  session_id: string;
  target: 'local' | 's3';
  location: string;
  attempts: number;
  last_error: string;
  created_at: string;
  updated_at: string;
}

export class StorageDebtsRepository {
  readonly #upsert: Statement;
  readonly #all: Statement;
  readonly #ofTarget: Statement;
  readonly #settle: Statement;
  readonly #failed: Statement;
  readonly #s3Owed: Statement;

  constructor(db: LibraryDb) {
    this.#upsert = db.prepare(
      `INSERT INTO storage_debts (session_id, target, location, last_error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(target, location) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error,
         updated_at = excluded.updated_at`,
    );
    this.#all = db.prepare('SELECT * FROM storage_debts ORDER BY id');
    this.#ofTarget = db.prepare('SELECT * FROM storage_debts WHERE target = ? ORDER BY id');
    this.#settle = db.prepare('DELETE FROM storage_debts WHERE id = ?');
    // A session still in the deletion queue (migration 0028) with S3 keys owes them as well.
    this.#s3Owed = db.prepare(
      `SELECT 1 FROM storage_debts WHERE session_id = @id AND target = 's3'
       UNION ALL SELECT 1 FROM deletion_queue WHERE session_id = @id AND object_keys <> '[]' LIMIT 1`,
    );
    this.#failed = db.prepare(
      'UPDATE storage_debts SET attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?',
    );
  }

  record(debt: { sessionId: string; target: 'local' | 's3'; location: string; message: string; now: string }) {
    this.#upsert.run(debt.sessionId, debt.target, debt.location, debt.message, debt.now, debt.now);
  }

  list(target?: 'local' | 's3'): StorageDebt[] {
    return (target ? this.#ofTarget.all(target) : this.#all.all()) as StorageDebt[];
  }

  /**
   * Whether a session deleted here still owes the removal of S3 objects: its bucket folder is the leftover of a
   * delete (the store was down), not a session to bring back.
   */
  owesObjects(sessionId: string): boolean {
    return this.#s3Owed.get({ id: sessionId }) !== undefined;
  }

  /** A debt paid: the file or object is gone (or in use again, so no longer owed). */
  settle(id: number): void {
    this.#settle.run(id);
  }

  /** Another attempt failed: the debt stays, with the new error. */
  markFailed(id: number, message: string, now: string): void {
    this.#failed.run(message, now, id);
  }
}
