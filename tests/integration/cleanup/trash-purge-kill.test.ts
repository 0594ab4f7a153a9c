/**
 * Issue 22, owned data: the trash keeps a session's coach and its state (`trashed` / `purging`, migration 0035) in
 * its own rows, so its reads never join the library's `sessions`. What that must keep right: a page of the trash,
 * a coach's trash and totals, a delete for good — and a purge a crash stops. A session whose purge has started is
 * listed nowhere and cannot be restored; the next start finishes it. Real SQLite, a real `filmroom serve` killed
 * with SIGKILL in the middle of emptying a trash of thousands.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFilmroom, type FilmroomApp } from '../../../main/composition/index.js';
import { seedLibrary } from '../../../main/library/index.js';
import { ADMIN, type Actor } from '../../../main/platform/actor.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { tempDir } from '../../helpers/server.js';
import { startServe, until } from '../import-api/child-process.js';
import { addSession } from './fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const dir = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};
const start = (dataDir: string, recover: boolean) =>
  startFilmroom({ dataDir, logger: silentLogger, recover, autoAnalyze: false });
const coach = (coachId: string): Actor => ({ role: 'coach', coachId });
const toTrash = (app: FilmroomApp, id: string) =>
  app.handlers.sessions.remove({ id, trash: true } as never, { actor: ADMIN } as never);

describe('a purge a crash stopped (its trash row marked purging, its rows still there)', () => {
  it('is listed nowhere and cannot be restored; the next start finishes it; coaches keep their own trash', async () => {
    const dataDir = dir('filmroom-trash-purging-');
    let app = await start(dataDir, false);
    const now = Date.now();
    const a = [0, 1, 2].map(() => addSession(app, now, { coachId: 'coach-a' }));
    const b = [0, 1].map(() => addSession(app, now, { coachId: 'coach-b' }));
    for (const s of [...a, ...b]) await toTrash(app, s.id);
    const { trash } = app.services.cleanup;
    // What a kill leaves between "delete for good" marking the row and the rows going.
    app.db.prepare("UPDATE trash SET state = 'purging' WHERE session_id = ?").run(a[0]!.id);

    const pageA = trash.list(coach('coach-a'), { limit: 1, offset: 0 });
    expect(pageA.total).toBe(2);
    const walked = [
      ...pageA.items,
      ...trash.list(coach('coach-a'), { limit: 1, offset: 0, cursor: pageA.next_cursor! }).items,
    ];
    expect(walked.map((i) => i.id).sort()).toEqual([a[1]!.id, a[2]!.id].sort());
    expect(
      trash
        .list(coach('coach-b'))
        .items.map((i) => i.id)
        .sort(),
    ).toEqual(b.map((s) => s.id).sort());
    expect(trash.list(ADMIN).total).toBe(4);
    expect(() => trash.restore(ADMIN, a[0]!.id)).toThrow(/being deleted/);
    await expect(trash.deleteForGood(ADMIN, a[0]!.id)).rejects.toThrow(/being deleted/);
    expect(await app.services.cleanup.storage.report(coach('coach-a'))).toMatchObject({ trash_sessions: 2 });
    await app.close();

    app = await start(dataDir, true);
    try {
      expect(app.services.sessions.get(a[0]!.id)).toBeUndefined();
      expect(existsSync(join(app.paths.libraryDir, a[0]!.id))).toBe(false);
      const audit = app.db.prepare('SELECT actor, details FROM audit_log WHERE session_id = ?').all(a[0]!.id) as {
        actor: string;
        details: string;
      }[];
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toBe('system');
      expect(JSON.parse(audit[0]!.details).reason).toMatch(/resumed after restart/);
      expect(app.services.cleanup.trash.list(ADMIN).total).toBe(4);
      // The others stay in the trash, restorable, each coach's own.
      expect(app.services.cleanup.trash.restore(coach('coach-b'), b[0]!.id).id).toBe(b[0]!.id);
      expect(() => app.services.cleanup.trash.restore(coach('coach-b'), a[1]!.id)).toThrow(/not found/i);
      await app.services.cleanup.trash.empty(coach('coach-a'));
      expect(app.services.cleanup.trash.list(ADMIN).items.map((i) => i.id)).toEqual([b[1]!.id]);
      expect(app.db.prepare('SELECT COUNT(*) FROM trash').pluck().get()).toBe(1);
    } finally {
      await app.close();
    }
  });
});

describe('kill -9 while the trash is being emptied', () => {
  it('no purged session is listed meanwhile, and the restart finishes the purge: nothing left, the rest intact', async () => {
    const dataDir = dir('filmroom-trash-kill-');
    const app = await start(dataDir, false);
    seedLibrary(app.db, { sessions: 6000, seed: 22, now: new Date() });
    const withFiles = [0, 1, 2].map(() => addSession(app, Date.now(), { coachId: 'coach-ana' }));
    for (const s of withFiles) await toTrash(app, s.id);
    // Nine in ten seeded sessions into the trash as the trash puts them there (status, row with coach and size).
    app.db.transaction(() => {
      app.db.exec(`INSERT INTO trash (session_id, former_status, deleted_at, bytes, coach_id, state)
        SELECT id, status, '2026-01-01T00:00:00.000Z', size, coach_id, 'trashed' FROM sessions
         WHERE synthetic = 1 AND rowid % 10 <> 0`);
      app.db.exec("UPDATE sessions SET status = 'trashed' WHERE synthetic = 1 AND rowid % 10 <> 0");
    })();
    const kept = app.db.prepare("SELECT COUNT(*) FROM sessions WHERE status <> 'trashed'").pluck().get() as number;
    const trashed = app.db.prepare('SELECT COUNT(*) FROM trash').pluck().get() as number;
    expect(trashed).toBeGreaterThan(5000);
    await app.close();

    const raw = () => new Database(join(dataDir, 'library.db'), { readonly: true });
    const count = (sql: string) => {
      const db = raw();
      try {
        return db.prepare(sql).pluck().get() as number;
      } finally {
        db.close();
      }
    };
    let serve = await startServe(dataDir);
    try {
      const emptied = serve.api('/api/v1/trash', { method: 'DELETE' }).catch(() => null);
      await until(() => count('SELECT COUNT(*) FROM trash') < trashed, 120_000, 'the first rows to go', 5);
      // Under way: every row is marked, so the trash lists none of them while their work is cancelled and rows go.
      const listed = await serve.api('/api/v1/trash', { query: { limit: 5 } });
      expect(listed.status).toBe(200);
      expect(listed.body.total).toBe(0);
      expect(listed.body.items).toEqual([]);
      await serve.kill9();
      await emptied;
      const left = count("SELECT COUNT(*) FROM trash WHERE state = 'purging'");
      expect(left, 'killed before the emptying ended').toBeGreaterThan(0);
      expect(count("SELECT COUNT(*) FROM trash WHERE state = 'trashed'")).toBe(0);

      serve = await startServe(dataDir); // answers once recovered (api.json is written after recovery)
      const after = await serve.api('/api/v1/trash');
      expect(after.body.total).toBe(0);
      expect(count('SELECT COUNT(*) FROM trash')).toBe(0);
      expect(count("SELECT COUNT(*) FROM sessions WHERE status = 'trashed'")).toBe(0);
      expect(count('SELECT COUNT(*) FROM sessions')).toBe(kept);
      expect(count('SELECT COUNT(*) FROM deletion_queue')).toBe(0);
      expect(count('SELECT sessions FROM trash_totals')).toBe(0);
      for (const s of withFiles) expect(existsSync(join(dataDir, 'library', s.id))).toBe(false);
      // Each purged session has its one audit line: the attempt that died, or the resumed one.
      expect(count("SELECT COUNT(DISTINCT session_id) FROM audit_log WHERE action = 'session.delete'")).toBe(trashed);
      expect(count("SELECT COUNT(*) FROM audit_log WHERE action = 'session.delete'")).toBe(trashed);
      await serve.stop();
    } finally {
      await serve.kill9();
    }
  }, 300_000);
});
