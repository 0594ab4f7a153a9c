/**
 * `device_outbox` (migration 0034): local changes not yet in the bucket, written in the edit's own transaction.
 * A push first gives a run of them one object key (`batch_key`), then writes the object, then drops them: a kill
 * between the write and the drop writes the same key with the same changes again (idempotent).
 */
import type { LibraryDb } from '../db/index.js';

export interface OutboxRow {
  seq: number;
  hlc: string;
  session_id: string;
  change: string;
  batch_key: string | null;
  /** The session's coach when the change was recorded (null: recorded before migration 0037). */
  coach_id: string | null;
}

export class OutboxRepository {
  constructor(private readonly db: LibraryDb) {}

  add(hlc: string, sessionId: string, coachId: string, change: string, now: string): void {
    this.db
      .prepare('INSERT INTO device_outbox (hlc, session_id, coach_id, change, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(hlc, sessionId, coachId, change, now);
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM device_outbox').pluck().get() as number;
  }

  /** The oldest changes without a key yet. */
  unbatched(limit: number): OutboxRow[] {
    return this.db
      .prepare('SELECT * FROM device_outbox WHERE batch_key IS NULL ORDER BY seq LIMIT ?')
      .all(limit) as OutboxRow[];
  }

  assignBatch(seqs: number[], key: string): void {
    this.db
      .prepare('UPDATE device_outbox SET batch_key = ? WHERE seq IN (SELECT value FROM json_each(?))')
      .run(key, JSON.stringify(seqs));
  }

  /** The oldest batch waiting to be written, whole. */
  nextBatch(): OutboxRow[] {
    const key = this.db
      .prepare('SELECT batch_key FROM device_outbox WHERE batch_key IS NOT NULL ORDER BY seq LIMIT 1')
      .pluck()
      .get() as string | undefined;
    if (key === undefined) return [];
    return this.db.prepare('SELECT * FROM device_outbox WHERE batch_key = ? ORDER BY seq').all(key) as OutboxRow[];
  }

  dropBatch(key: string): void {
    this.db.prepare('DELETE FROM device_outbox WHERE batch_key = ?').run(key);
  }
}
