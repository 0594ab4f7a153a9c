/**
 * The orphaned-files cleanup on a real library (SQLite file, real files, HTTP on 127.0.0.1): what it deletes, what it
 * never touches (referenced files, fresh orphans, files of work in progress, anything outside the library, link
 * targets), the dry run's "nothing changes", the re-check before unlink, the history, and the admin-only routes.
 */
import { existsSync, lutimesSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyOrphanPlan, planOrphanedFiles } from '../../../main/cleanup/orphan-files.js';
import { startTestServer, tempDir, TestClock, type TestServer } from '../../helpers/server.js';
import { addSession, age, listing, writeAged } from './fixtures.js';

const HOUR = 3_600_000;
let server: TestServer;
let lib: string;
let outside: string;
const clock = new TestClock(Date.now());

beforeAll(async () => {
  server = await startTestServer({ clock });
  lib = server.app.paths.libraryDir;
  outside = tempDir('filmroom-outside-');
});
afterAll(async () => {
  await server.close();
});

/** A library with one of everything the scan must judge; returns what must go and what must stay. */
function populate() {
  const now = clock.now().getTime();
  const kept = addSession(server.app, now, {
    files: [
      { name: 'recording.mp4', content: 'kept video' },
      { name: 'chat.txt', content: 'kept chat' },
    ],
  });
  const strayInSession = writeAged(lib, join(kept.id, 'stray.bin'), 'x'.repeat(1000), now, 48 * HOUR);
  const freshStray = writeAged(lib, join(kept.id, 'fresh.bin'), 'fresh', now, 1 * HOUR);
  const topStray = writeAged(lib, 'old-export.csv', 'a,b', now, 72 * HOUR);
  // A folder with nothing but an orphan: both go.
  const deadFolder = join(lib, 'ses_deadfolder000000');
  writeAged(lib, join('ses_deadfolder000000', 'half.mp4.part'), 'half', now, 48 * HOUR);
  age(deadFolder, now, 48 * HOUR);
  // Outside the library: a file and a folder that links inside point at.
  const outsideFile = join(outside, 'coach-own.mp4');
  writeFileSync(outsideFile, 'not ours');
  mkdirSync(join(outside, 'folder'), { recursive: true });
  writeFileSync(join(outside, 'folder', 'inner.txt'), 'not ours either');
  const linkToFile = join(lib, kept.id, 'link-to-outside.mp4');
  symlinkSync(outsideFile, linkToFile);
  const linkToDir = join(lib, 'link-to-outside-folder');
  symlinkSync(join(outside, 'folder'), linkToDir);
  // A link is judged by its own age (lutimes), never its target's.
  const old = new Date(now - 48 * HOUR);
  for (const link of [linkToFile, linkToDir]) lutimesSync(link, old, old);
  age(join(lib, kept.id), now, 48 * HOUR);
  // Work in progress: a session being imported (its folder is busy) and a running import's .part in .incoming.
  const importing = addSession(server.app, now, { status: 'importing' });
  const importingStray = writeAged(lib, join(importing.id, 'copying.mp4.part'), 'copying', now, 48 * HOUR);
  const incomingPart = writeAged(lib, join('.incoming', 'imp_running.part'), 'downloading', now, 48 * HOUR);
  server.app.db
    .prepare(
      `INSERT INTO imports (id, source, kind, state, part_path, session_id, created_at, updated_at)
       VALUES ('imp_running', 'http://127.0.0.1:1/x.mp4', 'url', 'running', ?, ?, ?, ?)`,
    )
    .run(join('.incoming', 'imp_running.part'), importing.id, clock.now().toISOString(), clock.now().toISOString());
  // Its download job waits for its next attempt (a retry's backoff): a live job owns the part file.
  server.app.db
    .prepare(
      `INSERT INTO jobs (id, type, session_id, state, payload, run_after, created_at, updated_at)
       VALUES ('job_imp_running', 'url-import', ?, 'queued', '{"importId":"imp_running"}', '2999-01-01T00:00:00.000Z', ?, ?)`,
    )
    .run(importing.id, clock.now().toISOString(), clock.now().toISOString());
  const incomingOld = writeAged(lib, join('.incoming', 'upl_dead.part'), 'dead upload', now, 48 * HOUR);
  const incomingFresh = writeAged(lib, join('.incoming', 'upl_live.part'), 'live upload', now, 10_000);
  return {
    kept,
    gone: { strayInSession, topStray, deadFolder, linkToFile, linkToDir, incomingOld },
    stay: { freshStray, importingStray, incomingPart, incomingFresh, outsideFile, importing },
  };
}

describe('orphaned-files cleanup', () => {
  let fx: ReturnType<typeof populate>;
  beforeAll(() => {
    fx = populate();
  });

  it('a dry run lists exactly what goes, with sizes and reasons, and changes nothing', async () => {
    const before = listing(lib);
    const outsideBefore = listing(outside);
    const res = await server.api('/api/admin/cleanup/orphaned-files', { method: 'POST', query: { dry_run: true } });
    expect(res.status).toBe(200);
    expect(res.body.dry_run).toBe(true);
    expect([...res.body.orphaned_files_deleted].sort()).toEqual(
      [
        join(fx.kept.id, 'stray.bin'),
        join(fx.kept.id, 'link-to-outside.mp4'),
        'old-export.csv',
        join('ses_deadfolder000000', 'half.mp4.part'),
        'link-to-outside-folder',
        join('.incoming', 'upl_dead.part'),
      ].sort(),
    );
    expect(res.body.orphaned_files_count).toBe(6);
    const stray = res.body.orphaned_files.find((f: { name: string }) => f.name.endsWith('stray.bin'));
    expect(stray).toEqual({
      name: join(fx.kept.id, 'stray.bin'),
      size: 1000,
      reason: 'no session references this file',
    });
    expect(res.body.empty_folders_removed).toEqual(['ses_deadfolder000000']);
    expect(listing(lib)).toEqual(before);
    expect(listing(outside)).toEqual(outsideBefore);
  });

  it('GET status previews the same set without changing anything', async () => {
    const before = listing(lib);
    const res = await server.api('/api/admin/cleanup/status');
    expect(res.status).toBe(200);
    expect(res.body.success).toBe(true);
    expect(res.body.potential_cleanup.dry_run).toBe(true);
    expect(res.body.potential_cleanup.orphaned_files_count).toBe(6);
    expect(listing(lib)).toEqual(before);
  });

  it('a real run deletes that set and nothing else; link targets outside the library survive', async () => {
    const res = await server.api('/api/admin/cleanup/orphaned-files', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.dry_run).toBe(false);
    expect(res.body.errors).toEqual([]);
    expect(res.body.orphaned_files_count).toBe(6);
    for (const path of Object.values(fx.gone)) expect(existsSync(path), path).toBe(false);
    for (const path of fx.kept.paths) expect(existsSync(join(lib, path)), path).toBe(true);
    for (const path of [fx.stay.freshStray, fx.stay.importingStray, fx.stay.incomingPart, fx.stay.incomingFresh])
      expect(existsSync(path), path).toBe(true);
    expect(readFileSync(fx.stay.outsideFile, 'utf8')).toBe('not ours');
    expect(readFileSync(join(outside, 'folder', 'inner.txt'), 'utf8')).toBe('not ours either');
    expect(existsSync(join(lib, '.incoming'))).toBe(true);
  });

  it('records every run, dry or not, newest first', async () => {
    const res = await server.api('/api/admin/cleanup/history');
    expect(res.status).toBe(200);
    const items = res.body.items as { kind: string; dry_run: boolean; trigger: string; finished_at: string | null }[];
    expect(items.map((i) => [i.kind, i.dry_run, i.trigger])).toEqual([
      ['orphaned-files', false, 'manual'],
      ['all', true, 'manual'],
      ['orphaned-files', true, 'manual'],
    ]);
    expect(items.every((i) => i.finished_at !== null)).toBe(true);
    expect((res.body.items[0].result as { orphaned_files_count: number }).orphaned_files_count).toBe(6);
  });
});

/** The running app's repositories that know what references a file (as the cleanup module wires them). */
function orphanDeps() {
  const { references, queue, sync } = server.app.services;
  return { sources: { references, jobs: queue, uploads: sync.uploads }, libraryDir: lib };
}

describe('the re-check right before unlink', () => {
  it('spares a file that gained a reference after the scan', async () => {
    const now = clock.now().getTime();
    const owner = addSession(server.app, now);
    const late = writeAged(lib, join(owner.id, 'late-thumbnail.jpg'), 'jpg', now, 48 * HOUR);
    const plan = await planOrphanedFiles(orphanDeps(), { cutoffMs: now - 24 * HOUR });
    expect(plan.scan.candidates.map((c) => c.relative)).toContain(join(owner.id, 'late-thumbnail.jpg'));
    server.app.services.sessions.addFile(
      owner.id,
      {
        kind: 'thumbnail',
        name: 'late-thumbnail.jpg',
        path: join(owner.id, 'late-thumbnail.jpg'),
        managed: true,
        size: 3,
      },
      clock.now().toISOString(),
    );
    const outcome = await applyOrphanPlan(orphanDeps(), plan, { dryRun: false });
    expect(outcome.files.map((f) => f.name)).not.toContain(join(owner.id, 'late-thumbnail.jpg'));
    expect(existsSync(late)).toBe(true);
  });

  it('spares a file rewritten after the scan (fresh again)', async () => {
    const now = clock.now().getTime();
    const file = writeAged(lib, 'rewritten.log', 'old', now, 48 * HOUR);
    const plan = await planOrphanedFiles(orphanDeps(), { cutoffMs: now - 24 * HOUR });
    expect(plan.scan.candidates.map((c) => c.relative)).toContain('rewritten.log');
    writeFileSync(file, 'written again just now');
    await applyOrphanPlan(orphanDeps(), plan, { dryRun: false });
    expect(existsSync(file)).toBe(true);
  });
});

describe('paths never escape the library', () => {
  it('a file row whose path climbs out with .. does not protect or expose anything outside', async () => {
    const now = clock.now().getTime();
    const victim = join(outside, 'victim.txt');
    writeFileSync(victim, 'must survive');
    age(victim, now, 48 * HOUR);
    const s = addSession(server.app, now, { status: 'failed' });
    server.app.services.sessions.addFile(
      s.id,
      { kind: 'other', name: 'victim.txt', path: join('..', '..', victim), managed: true, size: 12 },
      clock.now().toISOString(),
    );
    const res = await server.api('/api/admin/cleanup/all', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body.failed_sessions_cleaned).toContain(s.id);
    expect(readFileSync(victim, 'utf8')).toBe('must survive');
    expect(res.body.orphaned_files_deleted.some((n: string) => n.includes('..'))).toBe(false);
  });
});

describe('access', () => {
  it('coach tokens get 403 on every cleanup route; no token 401', async () => {
    const coach = server.app.tokens.createCoachToken('coach-a');
    const routes: [string, string][] = [
      ['GET', '/api/admin/cleanup/config'],
      ['PUT', '/api/admin/cleanup/config'],
      ['GET', '/api/admin/cleanup/status'],
      ['POST', '/api/admin/cleanup/orphaned-files'],
      ['POST', '/api/admin/cleanup/failed-sessions'],
      ['POST', '/api/admin/cleanup/all'],
      ['GET', '/api/admin/cleanup/history'],
    ];
    const before = listing(lib);
    for (const [method, path] of routes) {
      const json = method === 'PUT' ? { cleanup_schedule_hour: 4 } : undefined;
      const res = await server.api(path, { method, token: coach, json });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body.code).toBe(403);
      const anon = await server.api(path, { method, token: null, json });
      expect(anon.status, `${method} ${path} without a token`).toBe(401);
    }
    expect(listing(lib)).toEqual(before);
    expect((await server.api('/api/admin/cleanup/config')).body.cleanup_schedule_hour).toBe(3);
  });
});
