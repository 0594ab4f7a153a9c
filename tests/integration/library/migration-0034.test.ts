/**
 * Migration 0034 (devices, issue 20): a v31 library gains the devices' tables with its sessions untouched; one
 * `device_self` row only; settings are checked; none of the tables goes with a session's rows (a delete's change
 * must outlive them).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase } from '../../../main/db/index.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0034-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0034', () => {
  it('adds the devices tables to a v31 library', async () => {
    const file = join(dir, 'v31.db');
    const v31 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 31) });
    v31
      .prepare(
        `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size)
         VALUES ('ses_1', 'T', 'ready', 'zoom', 'c', 'Sam', '2026-01-01', '2026-01-01', '2026-01-01', 1)`,
      )
      .run();
    v31.close();
    const d = await openDatabase(file);
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(d.prepare('SELECT title FROM sessions').pluck().get()).toBe('T');
      d.prepare("INSERT INTO device_self (singleton, device_id, name) VALUES (1, 'dev_a', 'Laptop')").run();
      expect(() =>
        d.prepare("INSERT INTO device_self (singleton, device_id, name) VALUES (2, 'b', 'x')").run(),
      ).toThrow(/CHECK/);
      expect(() => d.prepare('UPDATE device_self SET poll_seconds = 0').run()).toThrow(/CHECK/);
      const row = d.prepare('SELECT enabled, poll_seconds, keep_local_days, hlc FROM device_self').get();
      expect(row).toEqual({ enabled: 0, poll_seconds: 5, keep_local_days: null, hlc: '' });
      d.prepare(
        "INSERT INTO device_outbox (hlc, session_id, change, created_at) VALUES ('h', 'ses_1', '{}', '2026-01-01')",
      ).run();
      d.prepare("INSERT INTO device_versions (session_id, field, hlc) VALUES ('ses_1', 'title', 'h')").run();
      d.prepare("DELETE FROM sessions WHERE id = 'ses_1'").run();
      expect(d.prepare('SELECT COUNT(*) FROM device_outbox').pluck().get()).toBe(1);
      expect(d.prepare('SELECT COUNT(*) FROM device_versions').pluck().get()).toBe(1);
    } finally {
      d.close();
    }
  });
});
