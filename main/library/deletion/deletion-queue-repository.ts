/**
 * `deletion_queue` (migration 0028): the storage of sessions being deleted, waiting for the sweeper. An entry is
 * written first, then the session's rows go (RowDeletionRepository, only for sessions with an entry), and the entry
 * is dropped (with the audit line) in the transaction that records its storage as removed; a crash at any point
 * leaves the entry for the next start-up, which deletes rows still there and then sweeps.
 */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../../db/index.js';
import type { SessionFileRow } from '../sessions/session-row.js';

/** The parts of a file row the sweeper needs. */
export type QueuedFile = Pick<SessionFileRow, 'path' | 'managed' | 'size' | 's3_key'>;

export interface QueuedDeletion {
  session_id: string;
  coach_id: string;
  files: QueuedFile[];
  object_keys: string[];
  actor: string;
  reason: string;
  queued_at: string;
}

interface Row extends Omit<QueuedDeletion, 'files' | 'object_keys'> {
  files: string;
  object_keys: string;
}

export class DeletionQueueRepository {
  readonly #add: Statement;
  readonly #pending: Statement;
  readonly #done: Statement;
  readonly #count: Statement;
  readonly #withRows: Statement;

  constructor(db: LibraryDb) {
    this.#add = db.prepare(
      `INSERT OR IGNORE INTO deletion_queue (session_id, coach_id, files, object_keys, actor, reason, queued_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#pending = db.prepare('SELECT * FROM deletion_queue ORDER BY id LIMIT ?');
    this.#done = db.prepare('DELETE FROM deletion_queue WHERE session_id = ?');
    this.#count = db.prepare('SELECT COUNT(*) FROM deletion_queue').pluck();
    this.#withRows = db
      .prepare('SELECT q.session_id FROM deletion_queue q JOIN sessions s ON s.id = q.session_id ORDER BY q.id')
      .pluck();
  }

  /** Inside the transaction that deletes the session's rows. */
  add(entry: QueuedDeletion): void {
    this.#add.run(
      entry.session_id,
      entry.coach_id,
      JSON.stringify(entry.files.map(({ path, managed, size, s3_key }) => ({ path, managed, size, s3_key }))),
      JSON.stringify(entry.object_keys),
      entry.actor,
      entry.reason,
      entry.queued_at,
    );
  }

  /** The oldest entries still waiting (start-up and every sweep read them in queue order). */
  pending(limit: number): QueuedDeletion[] {
    return (this.#pending.all(limit) as Row[]).map((r) => ({
      ...r,
      files: JSON.parse(r.files) as QueuedFile[],
      object_keys: JSON.parse(r.object_keys) as string[],
    }));
  }

  /** Inside the transaction that writes the session's audit line. */
  done(sessionId: string): void {
    this.#done.run(sessionId);
  }

  /** Queued sessions whose rows are still there (a crash between the queueing and the rows' delete). */
  withRows(): string[] {
    return this.#withRows.all() as string[];
  }

  count(): number {
    return this.#count.get() as number;
  }
}
