/**
 * Migration 0035 (the trash keeps its coach and state): registered after 0034; on a v34 library each trash row gets
 * its session's coach, `trashed` for a trashed session and `purging` for one an older version left `deleting`; a
 * trash row whose session is in neither state (listed by the library, shown nowhere in the trash) goes, and the
 * kept totals follow.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TrashRepository } from '../../../main/cleanup/index.js';
import { migrate, openDatabase, type LibraryDb } from '../../../main/db/index.js';
import { migration0035 } from '../../../main/db/migrations/0035-trash-owns-its-rows.js';
import { migrations } from '../../../main/db/migrations/index.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-m0035-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0035', () => {
  it('is registered after 0034', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions.indexOf(35)).toBe(versions.indexOf(34) + 1);
    expect(migrations.find((m) => m.version === 35)).toBe(migration0035);
  });

  it('gives each trash row its coach and state, and drops the rows of sessions not in the trash', async () => {
    const file = join(dir, 'library.db');
    const old = new Database(file);
    migrate(
      old,
      migrations.filter((m) => m.version <= 34),
    );
    const session = old.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
       VALUES (?, ?, ?, 'local', ?, '2026-01-01', '2026-01-01', '2026-01-01', ?)`,
    );
    const trash = old.prepare(
      "INSERT INTO trash (session_id, former_status, deleted_at, bytes) VALUES (?, 'ready', ?, ?)",
    );
    session.run('ses_t', 'trashed', 'trashed', 'coach-a', 10);
    session.run('ses_d', 'deleting', 'deleting', 'coach-b', 20);
    session.run('ses_r', 'ready again', 'ready', 'coach-a', 40);
    session.run('ses_l', 'listed', 'ready', 'coach-a', 80);
    trash.run('ses_t', '2026-02-01', 10);
    trash.run('ses_d', '2026-02-02', 20);
    trash.run('ses_r', '2026-02-03', 40);
    expect(old.prepare('SELECT sessions, bytes FROM trash_totals').get()).toEqual({ sessions: 3, bytes: 70 });
    old.close();

    const db = (await openDatabase(file)) as LibraryDb;
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      const repo = new TrashRepository(db);
      expect(repo.get('ses_t')).toMatchObject({ coach_id: 'coach-a', state: 'trashed', bytes: 10 });
      expect(repo.get('ses_d')).toMatchObject({ coach_id: 'coach-b', state: 'purging', bytes: 20 });
      expect(repo.get('ses_r')).toBeUndefined();
      expect(repo.totals(null)).toEqual({ sessions: 2, bytes: 30 });
      expect(repo.list(null).map((r) => r.session_id)).toEqual(['ses_t']);
      expect(repo.listedTotals('coach-a')).toEqual({ sessions: 1, bytes: 10 });
      expect(repo.listedTotals('coach-b')).toEqual({ sessions: 0, bytes: 0 });
      expect(repo.purging()).toEqual(['ses_d']);
      expect(() => db.prepare("UPDATE trash SET state = 'gone' WHERE session_id = 'ses_t'").run()).toThrow(
        /CHECK constraint/,
      );
      // A trash row still goes with its session's rows.
      db.prepare("DELETE FROM sessions WHERE id = 'ses_t'").run();
      expect(repo.get('ses_t')).toBeUndefined();
    } finally {
      db.close();
    }
  });
});
