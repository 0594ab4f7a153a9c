/**
 * Migration 0033 (an upload's pause is a state of its own, issue 22): a v31 library's paused uploads (`queued` with
 * the `paused` marker in `error`) become `paused` with no error; every other row, and every finished part (the
 * resume state), is kept as it was; the rebuilt tables keep their foreign keys and cascades.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase } from '../../../main/db/index.js';
import { migration0033 } from '../../../main/db/migrations/0033-upload-paused-state.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0033-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 0033', () => {
  it('is registered last so far, after 0031', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions.indexOf(33)).toBeGreaterThan(versions.indexOf(31));
    expect(migrations.find((m) => m.version === 33)).toBe(migration0033);
  });

  it("turns a v31 library's paused uploads into the paused state and keeps every other row and part", async () => {
    const file = join(dir, 'v31.db');
    const v31 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 31) });
    v31
      .prepare(
        `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
         VALUES ('ses_a', 't', 'ready', 'local', 'c', '2026-01-01', '2026-01-01', '2026-01-01', 5)`,
      )
      .run();
    v31
      .prepare(
        `INSERT INTO session_files (session_id, kind, name, path, managed, size, created_at)
         VALUES ('ses_a', 'recording', 'r.mp4', 'ses_a/r.mp4', 1, 5, '2026-01-01')`,
      )
      .run();
    const fileId = v31.prepare('SELECT id FROM session_files').pluck().get() as number;
    const upload = v31.prepare(
      `INSERT INTO uploads (id, session_id, file_id, bucket, s3_key, multipart_upload_id, state, bytes_total,
         bytes_sent, part_size, attempts, error, created_at, updated_at, completed_at, file_name, expires_at)
       VALUES (?, 'ses_a', ?, 'b', ?, ?, ?, 100, ?, 10, 1, ?, '2026-01-01', '2026-01-02', NULL, NULL, NULL)`,
    );
    upload.run('up_paused', fileId, 'k1', 'mp-1', 'queued', 20, 'paused');
    upload.run('up_queued', fileId, 'k2', null, 'queued', 0, null);
    upload.run('up_failed', fileId, 'k3', 'mp-3', 'failed', 10, 'SlowDown');
    upload.run('up_synced', fileId, 'k4', null, 'synced', 100, null);
    const part = v31.prepare('INSERT INTO upload_parts (upload_id, part_number, etag, size) VALUES (?, ?, ?, 10)');
    part.run('up_paused', 1, '"e1"');
    part.run('up_paused', 2, '"e2"');
    part.run('up_failed', 1, '"e3"');
    v31.close();

    const db = await openDatabase(file);
    try {
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(33);
      const rows = db
        .prepare('SELECT id, state, error, bytes_sent, multipart_upload_id FROM uploads ORDER BY id')
        .all();
      expect(rows).toEqual([
        { id: 'up_failed', state: 'failed', error: 'SlowDown', bytes_sent: 10, multipart_upload_id: 'mp-3' },
        { id: 'up_paused', state: 'paused', error: null, bytes_sent: 20, multipart_upload_id: 'mp-1' },
        { id: 'up_queued', state: 'queued', error: null, bytes_sent: 0, multipart_upload_id: null },
        { id: 'up_synced', state: 'synced', error: null, bytes_sent: 100, multipart_upload_id: null },
      ]);
      expect(db.prepare('SELECT upload_id, part_number, etag FROM upload_parts ORDER BY 1, 2').all()).toEqual([
        { upload_id: 'up_failed', part_number: 1, etag: '"e3"' },
        { upload_id: 'up_paused', part_number: 1, etag: '"e1"' },
        { upload_id: 'up_paused', part_number: 2, etag: '"e2"' },
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The parts still reference the (renamed) uploads table and go with their upload; a bad state is refused.
      expect(db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'upload_parts'").pluck().get()).toMatch(
        /REFERENCES "?uploads"?\(id\)/,
      );
      expect(() => db.prepare("UPDATE uploads SET state = 'bogus' WHERE id = 'up_queued'").run()).toThrow(/CHECK/);
      expect(() =>
        db.prepare("INSERT INTO upload_parts (upload_id, part_number, etag, size) VALUES ('nope', 1, 'e', 1)").run(),
      ).toThrow(/FOREIGN KEY/);
      db.prepare("DELETE FROM uploads WHERE id = 'up_paused'").run();
      expect(db.prepare("SELECT COUNT(*) FROM upload_parts WHERE upload_id = 'up_paused'").pluck().get()).toBe(0);
      // A session delete still cascades to its uploads.
      db.prepare("DELETE FROM sessions WHERE id = 'ses_a'").run();
      expect(db.prepare('SELECT COUNT(*) FROM uploads').pluck().get()).toBe(0);
      const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'uploads'");
      expect(indexes.pluck().all()).toEqual(expect.arrayContaining(['uploads_session', 'uploads_state']));
    } finally {
      db.close();
    }
  });
});
