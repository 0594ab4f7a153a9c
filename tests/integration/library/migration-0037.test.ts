/**
 * Migration 0037 (devices scoped by coach, issue 20): a v34 library keeps its devices' rows; the old per-device read
 * cursors are carried over as the old layout's folders (nothing read twice after the upgrade); outbox rows recorded
 * before have no coach (the push asks the library); the keep-local table takes only its two states.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase } from '../../../main/db/index.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0037-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0037', () => {
  it('adds the coach scope, per-folder cursors and the keep-local table to a v34 library', async () => {
    const file = join(dir, 'v34.db');
    const v34 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 34) });
    v34.prepare("INSERT INTO device_self (singleton, device_id, name) VALUES (1, 'dev_self', 'Laptop')").run();
    v34
      .prepare("INSERT INTO device_peers (device_id, name, cursor) VALUES ('dev_a', 'A', 'p/.sync/dev_a/k1.json')")
      .run();
    v34.prepare("INSERT INTO device_peers (device_id, name, cursor) VALUES ('dev_b', 'B', '')").run();
    v34
      .prepare("INSERT INTO device_outbox (hlc, session_id, change, created_at) VALUES ('h', 'ses_1', '{}', 'now')")
      .run();
    v34.prepare("INSERT INTO device_parked (session_id, hlc, change) VALUES ('ses_2', 'h', '{}')").run();
    v34.close();
    const d = await openDatabase(file);
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(d.prepare('SELECT coach_id, name FROM device_self').get()).toEqual({ coach_id: null, name: 'Laptop' });
      expect(d.prepare('SELECT folder, device_id, cursor FROM device_cursors').all()).toEqual([
        { folder: 'dev_a', device_id: 'dev_a', cursor: 'p/.sync/dev_a/k1.json' },
      ]);
      expect(d.prepare('SELECT coach_id FROM device_outbox').pluck().get()).toBeNull();
      expect(d.prepare('SELECT coach FROM device_parked').pluck().get()).toBeNull();
      d.prepare("INSERT INTO device_fetched (session_id, state, at) VALUES ('ses_1', 'local', 'now')").run();
      expect(() =>
        d.prepare("INSERT INTO device_fetched (session_id, state, at) VALUES ('ses_2', 'gone', 'now')").run(),
      ).toThrow(/CHECK/);
    } finally {
      d.close();
    }
  });
});
