/**
 * `deletion_queue` (migration 0028): the storage of sessions whose rows are already gone, waiting for the sweeper.
 * An entry is written in the transaction that deletes the rows, and dropped (with the audit line) in the one that
 * records its storage as removed, so a crash between the two leaves the entry for the next sweep.
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

  constructor(db: LibraryDb) {
    this.#add = db.prepare(
      `INSERT OR IGNORE INTO deletion_queue (session_id, coach_id, files, object_keys, actor, reason, queued_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#pending = db.prepare('SELECT * FROM deletion_queue ORDER BY id LIMIT ?');
    this.#done = db.prepare('DELETE FROM deletion_queue WHERE session_id = ?');
    this.#count = db.prepare('SELECT COUNT(*) FROM deletion_queue').pluck();
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

  count(): number {
    return this.#count.get() as number;
  }
}
