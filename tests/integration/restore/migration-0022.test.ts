/**
 * Migration 0022 (analyses waiting for a download): registered after 0020; on a library at 0020 the table starts
 * empty, keeps one intent per session, and goes with its session (cascade).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../main/db/index.js';
import { migration0022 } from '../../../main/db/migrations/0022-analyze-after-download.js';
import { migrations } from '../../../main/db/migrations/index.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-m0022-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0022', () => {
  it('is registered after 0020', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions.indexOf(22)).toBeGreaterThan(versions.indexOf(20));
    expect(migrations.find((m) => m.version === 22)).toBe(migration0022);
  });

  it('starts empty, keeps one intent per session, and drops it with its session', async () => {
    const file = join(dir, 'library.db');
    const before = migrations.filter((m) => m.version <= 20);
    const old = new Database(file);
    migrate(old, before);
    old
      .prepare(
        `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
         VALUES ('ses_a', 't', 'uploaded', 'local', 'c', '2026-01-01', '2026-01-01', '2026-01-01', 5)`,
      )
      .run();
    old.close();

    const db = await openDatabase(file, { migrations: [...before, migration0022] });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(22);
      expect(db.prepare('SELECT count(*) FROM analyze_after_download').pluck().get()).toBe(0);
      const insert = db.prepare(
        "INSERT INTO analyze_after_download (session_id, analysis_type, requested_at) VALUES ('ses_a', ?, '2026-01-02')",
      );
      insert.run('full');
      expect(() => insert.run('audio')).toThrow(/UNIQUE|PRIMARY/);
      db.prepare("DELETE FROM sessions WHERE id = 'ses_a'").run();
      expect(db.prepare('SELECT count(*) FROM analyze_after_download').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
