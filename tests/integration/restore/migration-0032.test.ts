/**
 * Migration 0032 (a restore run's count kept in the library): registered after 0031; the counts of runs a v31
 * library recorded are carried over; a count bumped inside a library transaction that rolls back is not kept (it
 * is written with the sessions it counts, or not at all).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type LibraryDb } from '../../../main/db/index.js';
import { migration0032 } from '../../../main/db/migrations/0032-restore-run-counts.js';
import { migrations } from '../../../main/db/migrations/index.js';
import { RestoreCountsRepository } from '../../../main/sync/restore/restore-counts-repository.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-m0032-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 0032', () => {
  it('is registered after 0031', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions.indexOf(32)).toBe(versions.indexOf(31) + 1);
    expect(migrations.find((m) => m.version === 32)).toBe(migration0032);
  });

  it('carries the runs’ counts over and counts only what commits', async () => {
    const file = join(dir, 'library.db');
    const old = new Database(file);
    migrate(
      old,
      migrations.filter((m) => m.version <= 31),
    );
    const run = old.prepare(
      `INSERT INTO restore_runs (job_id, state, total, done, restored, started_at) VALUES (?, 'completed', 9, 9, ?, '2026-01-01')`,
    );
    run.run('job_a', 7);
    run.run('job_b', 0);
    old.close();

    const db = (await openDatabase(file)) as LibraryDb;
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      const counts = new RestoreCountsRepository(db);
      expect(counts.restored('job_a')).toBe(7);
      expect(counts.restored('job_b')).toBe(0);
      counts.add('job_b', 3);
      counts.add('job_b', 2);
      expect(counts.restored('job_b')).toBe(5);
      expect(() =>
        db.transaction(() => {
          counts.add('job_b', 50);
          throw new Error('killed before the commit');
        })(),
      ).toThrow('killed before the commit');
      expect(counts.restored('job_b')).toBe(5);
    } finally {
      db.close();
    }
  });
});
