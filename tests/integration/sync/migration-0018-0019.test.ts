/**
 * Migrations 0018 (presigned uploads: file name + link expiry) and 0019 (verify-backups runs): registered in order
 * after 0015; on a library at 0015 with an upload in it, the upload keeps its row with no expiry (so it counts as
 * running work, as before), and the history of verify runs starts empty.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../main/db/index.js';
import { migration0018 } from '../../../main/db/migrations/0018-presigned-uploads.js';
import { migration0019 } from '../../../main/db/migrations/0019-verify-runs.js';
import { migrations } from '../../../main/db/migrations/index.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-m0018-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations 0018 and 0019', () => {
  it('are registered after 0015, in order', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions.indexOf(18)).toBeGreaterThan(versions.indexOf(15));
    expect(versions.indexOf(19)).toBe(versions.indexOf(18) + 1);
    expect(migrations.find((m) => m.version === 18)).toBe(migration0018);
    expect(migrations.find((m) => m.version === 19)).toBe(migration0019);
  });

  it('keep an existing upload as it was and start an empty verify history', async () => {
    const file = join(dir, 'library.db');
    const before = migrations.filter((m) => m.version <= 15);
    const old = new Database(file);
    migrate(old, before);
    old
      .prepare(
        `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
         VALUES ('ses_a', 't', 'ready', 'local', 'c', '2026-01-01', '2026-01-01', '2026-01-01', 5)`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO uploads (id, session_id, bucket, s3_key, state, created_at, updated_at)
         VALUES ('upl_a', 'ses_a', 'b', 'k', 'queued', '2026-01-01', '2026-01-01')`,
      )
      .run();
    old.close();

    const db = await openDatabase(file, { migrations: [...before, migration0018, migration0019] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(19);
      expect(db.prepare("SELECT file_name, expires_at, state FROM uploads WHERE id = 'upl_a'").get()).toEqual({
        file_name: null,
        expires_at: null,
        state: 'queued',
      });
      expect(db.prepare('SELECT count(*) FROM verify_runs').pluck().get()).toBe(0);
      db.prepare("INSERT INTO verify_runs (id, started_at) VALUES ('vr_1', '2026-01-02')").run();
      expect(JSON.parse(db.prepare('SELECT findings FROM verify_runs').pluck().get() as string)).toEqual({
        missing: [],
        changed: [],
        unverifiable: [],
      });
    } finally {
      db.close();
    }
  });
});
