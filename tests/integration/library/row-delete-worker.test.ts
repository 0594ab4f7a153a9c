/**
 * Issue 21, cheap writes: a bulk delete queues its sessions first, then their rows go — on the row-delete worker
 * thread for a bulk delete (its own connection, so the API's thread keeps answering), on the API's connection for a
 * few. Only queued sessions lose their rows, a file row written after the queueing is swept too, a crash between
 * the queueing and the rows is finished at the next start, and counters and searches stay exact.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFilmroom } from '../../../main/composition/index.js';
import { seedLibrary } from '../../../main/library/index.js';
import { RowDeletionRepository } from '../../../main/library/deletion/row-deletion-repository.js';
import type { LibraryDb } from '../../../main/db/index.js';
import { ADMIN } from '../../../main/platform/actor.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { makeVideo } from '../../helpers/media.js';
import { tempDirsRemovedAfterAll } from '../../helpers/temp-dirs.js';

const dir = tempDirsRemovedAfterAll();

const start = (dataDir: string, recover: boolean) =>
  startFilmroom({ dataDir, logger: silentLogger, recover, autoAnalyze: false, watchFolders: false });

const view = { limit: 50, offset: 0, exclude_failed: true, include_analysis: false, include_transcript: false };

/** The counters the triggers keep, against a recount of the rows. */
function countersExact(db: Database.Database | LibraryDb): void {
  const kept = db
    .prepare('SELECT status, platform, coach_id, n FROM session_counts WHERE n <> 0 ORDER BY 1, 2, 3')
    .all();
  const recount = db
    .prepare(
      `SELECT status, platform, coach_id, COUNT(*) AS n FROM sessions WHERE listed = 1
       GROUP BY status, platform, coach_id ORDER BY 1, 2, 3`,
    )
    .all();
  expect(kept).toEqual(recount);
}

describe('a bulk delete on the row-delete worker', () => {
  it('deletes the rows on another connection; lists, searches and counters stay exact', async () => {
    const dataDir = dir();
    const app = await start(dataDir, false);
    try {
      seedLibrary(app.db, { sessions: 3000, seed: 7, now: new Date('2026-11-01T00:00:00Z') });
      const all = app.db.prepare('SELECT id FROM sessions ORDER BY seq').pluck().all() as string[];
      const doomed = all.filter((_, i) => i % 3 !== 0); // 2,000: a bulk delete (more than one chunk)
      const client = app.db.prepare('SELECT client FROM sessions WHERE id = ?').pluck().get(all[0]) as string;
      const version = () => app.db.pragma('data_version', { simple: true }) as number;
      expect(await app.services.deletion.warmBulk()).toBe(true);
      const before = version();
      const outcome = await app.services.deletion.deleteMany(doomed, ADMIN, 'bulk delete');
      expect(outcome.deleted.length).toBe(doomed.length);
      // Another connection committed (the worker's); on this connection alone data_version would not move.
      expect(version()).not.toBe(before);
      expect(app.db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(1000);
      expect(app.db.prepare('SELECT COUNT(*) FROM deletion_queue').pluck().get()).toBe(0);
      expect(app.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'session.delete'").pluck().get()).toBe(2000);
      expect(app.db.prepare('SELECT COUNT(*) FROM participants').pluck().get()).toBe(2000);
      countersExact(app.db);
      const listed = app.db
        .prepare("SELECT COUNT(*) FROM sessions WHERE listed = 1 AND status <> 'failed'")
        .pluck()
        .get() as number;
      const page = await app.handlers.sessions.list({ ...view, sort: '-recorded_at' }, { actor: ADMIN });
      expect(page.total).toBe(listed);
      const byClient = app.db
        .prepare("SELECT COUNT(*) FROM sessions WHERE listed = 1 AND status <> 'failed' AND client = ?")
        .pluck()
        .get(client) as number;
      for (const sort of ['-recorded_at', 'title', '-size'] as const) {
        const found = await app.handlers.sessions.list(
          { ...view, limit: 500, sort, q: client.split(' ')[0], client },
          { actor: ADMIN },
        );
        expect(found.total).toBe(byClient);
        for (const item of found.items) expect(doomed).not.toContain(item.id);
      }
    } finally {
      await app.close();
    }
  });

  it('FILMROOM_DELETE_WORKER=0 deletes on the API connection, with the same answer', async () => {
    const dataDir = dir();
    process.env.FILMROOM_DELETE_WORKER = '0';
    const app = await start(dataDir, false).finally(() => delete process.env.FILMROOM_DELETE_WORKER);
    try {
      seedLibrary(app.db, { sessions: 1200, seed: 9, now: new Date('2026-11-01T00:00:00Z') });
      const ids = app.db.prepare('SELECT id FROM sessions ORDER BY seq LIMIT 800').pluck().all() as string[];
      const before = app.db.pragma('data_version', { simple: true });
      const outcome = await app.services.deletion.deleteMany(ids, ADMIN, 'bulk delete');
      expect(outcome.deleted.length).toBe(800);
      expect(app.db.pragma('data_version', { simple: true })).toBe(before);
      expect(app.db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(400);
      countersExact(app.db);
    } finally {
      await app.close();
    }
  });
});

describe('the rows of queued sessions', () => {
  it('only a queued session loses its rows, and a file written after the queueing joins its entry', async () => {
    const dataDir = dir();
    const app = await start(dataDir, false);
    try {
      seedLibrary(app.db, { sessions: 3, seed: 3, now: new Date('2026-11-01T00:00:00Z') });
      const [queued, free] = app.db.prepare('SELECT id FROM sessions ORDER BY seq').pluck().all() as string[];
      app.db
        .prepare(
          `INSERT INTO deletion_queue (session_id, coach_id, files, object_keys, actor, reason, queued_at)
           VALUES (?, 'default', '[]', '["k/handed-out"]', 'admin', 'test', '2026-01-01')`,
        )
        .run(queued);
      app.db
        .prepare(
          `INSERT INTO session_files (session_id, kind, name, path, managed, size, s3_key, created_at)
           VALUES (?, 'thumbnail', 'thumb.jpg', ?, 1, 10, 'k/thumb.jpg', '2026-01-01')`,
        )
        .run(queued, `${queued}/thumb.jpg`);
      const rows = new RowDeletionRepository(app.db);
      expect(rows.deleteQueued([queued!, free!])).toEqual([queued]);
      expect(app.db.prepare('SELECT id FROM sessions WHERE id IN (?, ?)').pluck().all(queued, free)).toEqual([free]);
      const entry = app.db
        .prepare('SELECT files, object_keys FROM deletion_queue WHERE session_id = ?')
        .get(queued) as {
        files: string;
        object_keys: string;
      };
      expect(JSON.parse(entry.files)).toEqual([
        { path: `${queued}/thumb.jpg`, managed: 1, size: 10, s3_key: 'k/thumb.jpg' },
      ]);
      expect(JSON.parse(entry.object_keys)).toEqual(['k/handed-out', 'k/thumb.jpg']);
      countersExact(app.db);
    } finally {
      await app.close();
    }
  });

  it('a crash after the queueing, before the rows went, is finished at the next start', async () => {
    const dataDir = dir();
    const first = await start(dataDir, false);
    let id: string;
    try {
      const r = await first.handlers.sessions.import(
        { path: makeVideo(dir('filmroom-media-')), copy: true },
        { actor: ADMIN },
      );
      id = r.sessions[0]!.id;
    } finally {
      await first.close();
    }
    // What a bulk delete leaves when the process dies between its queue transaction and the worker's commit.
    const db = new Database(join(dataDir, 'library.db'));
    const files = db.prepare('SELECT path, managed, size, s3_key FROM session_files WHERE session_id = ?').all(id);
    db.prepare(
      `INSERT INTO deletion_queue (session_id, coach_id, files, object_keys, actor, reason, queued_at)
       SELECT id, coach_id, ?, '[]', 'admin', 'bulk delete', '2026-01-01' FROM sessions WHERE id = ?`,
    ).run(JSON.stringify(files), id);
    db.close();
    expect(existsSync(join(dataDir, 'library', id))).toBe(true);

    const app = await start(dataDir, true);
    await app.close();
    const after = new Database(join(dataDir, 'library.db'), { readonly: true });
    try {
      expect(after.prepare('SELECT COUNT(*) FROM sessions WHERE id = ?').pluck().get(id)).toBe(0);
      expect(after.prepare('SELECT COUNT(*) FROM session_files WHERE session_id = ?').pluck().get(id)).toBe(0);
      expect(after.prepare('SELECT COUNT(*) FROM deletion_queue').pluck().get()).toBe(0);
      expect(
        after
          .prepare("SELECT COUNT(*) FROM audit_log WHERE session_id = ? AND action = 'session.delete'")
          .pluck()
          .get(id),
      ).toBe(1);
      countersExact(after);
    } finally {
      after.close();
    }
    expect(existsSync(join(dataDir, 'library', id))).toBe(false);
  });
});
