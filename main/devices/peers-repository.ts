/** `device_peers` (migration 0034): the other devices met in the bucket and how far this one has read each. */
import type { LibraryDb } from '../db/index.js';

export interface PeerRow {
  device_id: string;
  name: string | null;
  cursor: string;
  last_seen_at: string | null;
  pending_in: number;
}

export class PeersRepository {
  constructor(private readonly db: LibraryDb) {}

  all(): PeerRow[] {
    return this.db.prepare('SELECT * FROM device_peers ORDER BY device_id').all() as PeerRow[];
  }

  get(deviceId: string): PeerRow | undefined {
    return this.db.prepare('SELECT * FROM device_peers WHERE device_id = ?').get(deviceId) as PeerRow | undefined;
  }

  ensure(deviceId: string): PeerRow {
    this.db.prepare('INSERT OR IGNORE INTO device_peers (device_id) VALUES (?)').run(deviceId);
    return this.get(deviceId)!;
  }

  /** After an object was applied (in the same transaction as its changes). */
  advance(deviceId: string, cursor: string, name: string, lastSeenAt: string | null): void {
    this.db
      .prepare(
        `UPDATE device_peers SET cursor = ?, name = ?, last_seen_at = COALESCE(?, last_seen_at),
           pending_in = MAX(pending_in - 1, 0) WHERE device_id = ?`,
      )
      .run(cursor, name, lastSeenAt, deviceId);
  }

  setPending(deviceId: string, pending: number, lastSeenAt: string | null): void {
    this.db
      .prepare('UPDATE device_peers SET pending_in = ?, last_seen_at = COALESCE(?, last_seen_at) WHERE device_id = ?')
      .run(pending, lastSeenAt, deviceId);
  }

  /** A snapshot covers a device's objects up to `cursor`: reading goes on after it (a cursor never moves back). */
  raiseCursor(deviceId: string, cursor: string): void {
    this.ensure(deviceId);
    this.db
      .prepare('UPDATE device_peers SET cursor = ? WHERE device_id = ? AND cursor < ?')
      .run(cursor, deviceId, cursor);
  }
}
