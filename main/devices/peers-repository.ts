/**
 * `device_peers` (migration 0034): the other devices met in the bucket (name, latest object's time, objects not
 * applied yet); `device_cursors` (0037): how far this device has read each of their folders (`{coach}/{device}`,
 * or `{device}` in the old layout).
 */
import type { LibraryDb } from '../db/index.js';

export interface PeerRow {
  device_id: string;
  name: string | null;
  last_seen_at: string | null;
  pending_in: number;
}

export class PeersRepository {
  constructor(private readonly db: LibraryDb) {}

  all(): PeerRow[] {
    return this.db
      .prepare('SELECT device_id, name, last_seen_at, pending_in FROM device_peers ORDER BY device_id')
      .all() as PeerRow[];
  }

  get(deviceId: string): PeerRow | undefined {
    return this.db
      .prepare('SELECT device_id, name, last_seen_at, pending_in FROM device_peers WHERE device_id = ?')
      .get(deviceId) as PeerRow | undefined;
  }

  ensure(deviceId: string): PeerRow {
    this.db.prepare('INSERT OR IGNORE INTO device_peers (device_id) VALUES (?)').run(deviceId);
    return this.get(deviceId)!;
  }

  /** The last key applied of a folder ('' : none yet). */
  cursor(folder: string): string {
    return (
      (this.db.prepare('SELECT cursor FROM device_cursors WHERE folder = ?').pluck().get(folder) as
        string | undefined) ?? ''
    );
  }

  /** After an object was applied (in the same transaction as its changes). */
  advance(folder: string, deviceId: string, cursor: string, name: string, lastSeenAt: string | null): void {
    this.db
      .prepare(
        `INSERT INTO device_cursors (folder, device_id, cursor) VALUES (?, ?, ?)
         ON CONFLICT (folder) DO UPDATE SET cursor = excluded.cursor`,
      )
      .run(folder, deviceId, cursor);
    this.db
      .prepare(
        `UPDATE device_peers SET name = ?, last_seen_at = NULLIF(MAX(COALESCE(last_seen_at, ''), COALESCE(?, '')), ''),
           pending_in = MAX(pending_in - 1, 0) WHERE device_id = ?`,
      )
      .run(name, lastSeenAt, deviceId);
  }

  setPending(deviceId: string, pending: number, lastSeenAt: string | null): void {
    this.db
      .prepare(
        `UPDATE device_peers SET pending_in = ?,
           last_seen_at = NULLIF(MAX(COALESCE(last_seen_at, ''), COALESCE(?, '')), '') WHERE device_id = ?`,
      )
      .run(pending, lastSeenAt, deviceId);
  }

  /** Every folder read so far and its cursor (the snapshot vector and the published cursors). */
  cursors(): { folder: string; device_id: string; cursor: string }[] {
    return this.db.prepare('SELECT folder, device_id, cursor FROM device_cursors ORDER BY folder').all() as {
      folder: string;
      device_id: string;
      cursor: string;
    }[];
  }

  /** A snapshot covers a folder's objects up to `cursor`: reading goes on after it (a cursor never moves back). */
  raiseCursor(folder: string, deviceId: string, cursor: string): void {
    this.ensure(deviceId);
    this.db
      .prepare(
        `INSERT INTO device_cursors (folder, device_id, cursor) VALUES (?, ?, ?)
         ON CONFLICT (folder) DO UPDATE SET cursor = excluded.cursor WHERE device_cursors.cursor < excluded.cursor`,
      )
      .run(folder, deviceId, cursor);
  }
}
