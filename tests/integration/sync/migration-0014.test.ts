/**
 * Migration 0014 (file fingerprints): registered after 0004; on a library at 0004 with a session file in it, the
 * table appears empty, and a fingerprint goes with its file when the file's session is deleted.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../main/db/index.js';
import { migration0001 } from '../../../main/db/migrations/0001-initial.js';
import { migration0002 } from '../../../main/db/migrations/0002-ordered-search.js';
import { migration0003 } from '../../../main/db/migrations/0003-dedup-per-coach.js';
import { migration0004 } from '../../../main/db/migrations/0004-trash-and-cleanup.js';
import { migration0014 } from '../../../main/db/migrations/0014-file-fingerprints.js';
import { migrations } from '../../../main/db/migrations/index.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-m0014-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0014', () => {
  it('is registered after 0004', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toContain(14);
    expect(versions.indexOf(14)).toBeGreaterThan(versions.indexOf(4));
    expect(migrations.find((m) => m.version === 14)).toBe(migration0014);
  });

  it('adds an empty fingerprint table to a populated library; fingerprints go with their files', async () => {
    const file = join(dir, 'library.db');
    const v4 = new Database(file);
    migrate(v4, [migration0001, migration0002, migration0003, migration0004]);
    v4.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
       VALUES ('ses_a', 't', 'ready', 'local', 'c', '2026-01-01', '2026-01-01', '2026-01-01', 5)`,
    ).run();
    v4.prepare(
      `INSERT INTO session_files (session_id, kind, name, path, managed, size, sha256, created_at)
       VALUES ('ses_a', 'recording', 'recording.mp4', 'ses_a/recording.mp4', 1, 5, 'ab', '2026-01-01')`,
    ).run();
    v4.close();

    const db = await openDatabase(file, {
      migrations: [migration0001, migration0002, migration0003, migration0004, migration0014],
    });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(14);
      expect(db.prepare('SELECT count(*) FROM file_fingerprints').pluck().get()).toBe(0);
      const fileId = db.prepare('SELECT id FROM session_files').pluck().get() as number;
      db.prepare(
        `INSERT INTO file_fingerprints (file_id, sha256, size, ino, mtime_ns, ctime_ns, recorded_at)
         VALUES (?, 'ab', 5, '1', '2', '3', '2026-01-02')`,
      ).run(fileId);
      db.prepare("DELETE FROM sessions WHERE id = 'ses_a'").run();
      expect(db.prepare('SELECT count(*) FROM file_fingerprints').pluck().get()).toBe(0);
    } finally {
      db.close();
    }
  });
});
