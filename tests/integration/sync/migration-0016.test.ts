/**
 * Migration 0016 (restored files, restore runs): on a library at 0015 with an offloaded recording, the offload keeps
 * origin `offload`; a restored file can be marked `restore`; an unknown origin is refused; `restore_runs` is empty.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/index.js';
import { migrations } from '../../../main/db/migrations/index.js';
import { migration0016 } from '../../../main/db/migrations/0016-restored-files.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-m0016-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0016', () => {
  it('is registered last among the ones before it', () => {
    expect(migrations.find((m) => m.version === 16)).toBe(migration0016);
    expect(migrations.map((m) => m.version).indexOf(16)).toBe(migrations.map((m) => m.version).indexOf(15) + 1);
  });

  it('keeps existing offloads as `offload`, accepts `restore`, refuses anything else', async () => {
    const file = join(dir, 'library.db');
    const before = migrations.filter((m) => m.version < 16);
    const v15 = await openDatabase(file, { migrations: before });
    v15.exec(`INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
              VALUES ('ses_a', 't', 'ready', 'local', 'c', '2026-01-01', '2026-01-01', '2026-01-01', 5);
              INSERT INTO session_files (session_id, kind, name, path, managed, size, sha256, created_at)
              VALUES ('ses_a', 'recording', 'r.mp4', 'ses_a/r.mp4', 1, 5, 'ab', '2026-01-01'),
                     ('ses_a', 'audio', 'a.m4a', 'ses_a/a.m4a', 1, 5, 'cd', '2026-01-01');
              INSERT INTO offloads (file_id, session_id, state, bytes, offloaded_at, updated_at)
              VALUES (1, 'ses_a', 'offloaded', 5, '2026-01-01', '2026-01-01');`);
    v15.close();
    const db = await openDatabase(file, { migrations: [...before, migration0016] });
    try {
      expect(db.prepare('SELECT origin FROM offloads WHERE file_id = 1').pluck().get()).toBe('offload');
      db.exec(`INSERT INTO offloads (file_id, session_id, state, bytes, offloaded_at, updated_at, origin)
               VALUES (2, 'ses_a', 'offloaded', 5, '2026-01-01', '2026-01-01', 'restore')`);
      expect(() => db.exec(`UPDATE offloads SET origin = 'elsewhere' WHERE file_id = 2`)).toThrow(/CHECK/);
      expect(db.prepare('SELECT count(*) FROM restore_runs').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
