/**
 * Migration 0010 (offloads): on a library at version 4 with a session and its files, the table appears empty, the
 * rows stay as they were, and an offload row goes with its file row and with its session (no row pointing at
 * nothing); its state is limited to the three the offload code writes.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../../main/db/index.js';
import { migrations } from '../../../main/db/migrations/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('migration 0010', () => {
  it('is registered after 0004', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions.indexOf(10)).toBeGreaterThan(versions.indexOf(4));
  });

  it('upgrades a version-4 library and cascades with files and sessions', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmroom-m0010-'));
    dirs.push(dir);
    const file = join(dir, 'library.db');
    const v4 = new Database(file);
    migrate(
      v4,
      migrations.filter((m) => m.version <= 4),
    );
    const addSession = (id: string) =>
      v4
        .prepare(
          `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
           VALUES (?, 't', 'ready', 'local', 'c', '2026-01-01', '2026-01-01', '2026-01-01', 10)`,
        )
        .run(id);
    const addFile = (sessionId: string) =>
      Number(
        v4
          .prepare(
            `INSERT INTO session_files (session_id, kind, name, path, managed, size, created_at)
             VALUES (?, 'recording', 'r.mp4', ?, 1, 10, '2026-01-01')`,
          )
          .run(sessionId, `${sessionId}/r.mp4`).lastInsertRowid,
      );
    addSession('ses_a');
    addSession('ses_b');
    const fa = addFile('ses_a');
    const fb = addFile('ses_b');
    const filesBefore = v4.prepare('SELECT * FROM session_files ORDER BY id').all();
    v4.close();

    const db = await openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(10);
      expect(db.prepare('SELECT * FROM session_files ORDER BY id').all()).toEqual(filesBefore);
      expect(db.prepare('SELECT COUNT(*) FROM offloads').pluck().get()).toBe(0);
      const offload = db.prepare(
        `INSERT INTO offloads (file_id, session_id, state, bytes, offloaded_at, updated_at)
         VALUES (?, ?, ?, 10, '2026-01-02', '2026-01-02')`,
      );
      expect(() => offload.run(fa, 'ses_a', 'gone')).toThrow(/CHECK constraint/);
      offload.run(fa, 'ses_a', 'offloaded');
      offload.run(fb, 'ses_b', 'restoring');
      db.prepare('DELETE FROM session_files WHERE id = ?').run(fa);
      db.prepare('DELETE FROM sessions WHERE id = ?').run('ses_b');
      expect(db.prepare('SELECT COUNT(*) FROM offloads').pluck().get()).toBe(0);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
  });
});
