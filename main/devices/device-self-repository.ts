/** `device_self` (migration 0034): this device's id, name, sync settings and the clock's latest value. */
import type { LibraryDb } from '../db/index.js';

export interface DeviceSelf {
  device_id: string;
  name: string;
  enabled: boolean;
  poll_seconds: number;
  keep_local_days: number | null;
  /** The one coach this device syncs (null: every coach's: a practice lead's device). */
  coach_id: string | null;
  hlc: string;
  last_error: string | null;
}

interface Row extends Omit<DeviceSelf, 'enabled'> {
  enabled: number;
}

export class DeviceSelfRepository {
  constructor(private readonly db: LibraryDb) {}

  get(): DeviceSelf | null {
    const row = this.db.prepare('SELECT * FROM device_self WHERE singleton = 1').get() as Row | undefined;
    return row ? { ...row, enabled: row.enabled === 1 } : null;
  }

  /** Creates the row once (the id is generated once, never changed); answers the row. */
  ensure(deviceId: string, name: string): DeviceSelf {
    this.db
      .prepare('INSERT OR IGNORE INTO device_self (singleton, device_id, name) VALUES (1, ?, ?)')
      .run(deviceId, name);
    return this.get()!;
  }

  saveSettings(s: {
    enabled: boolean;
    name: string;
    poll_seconds: number;
    keep_local_days: number | null;
    coach_id: string | null;
  }): void {
    this.db
      .prepare(
        `UPDATE device_self SET enabled = ?, name = ?, poll_seconds = ?, keep_local_days = ?, coach_id = ?
         WHERE singleton = 1`,
      )
      .run(s.enabled ? 1 : 0, s.name, s.poll_seconds, s.keep_local_days, s.coach_id);
  }

  saveClock(hlc: string): void {
    this.db.prepare('UPDATE device_self SET hlc = ? WHERE singleton = 1 AND hlc < ?').run(hlc, hlc);
  }

  setError(error: string | null): void {
    this.db.prepare('UPDATE device_self SET last_error = ? WHERE singleton = 1').run(error);
  }
}
