/**
 * Crash safety and concurrency of a cleanup run on real processes: `filmroom serve` killed with SIGKILL in the middle
 * of a run finishes the same run after a restart, leaving 0 orphans both ways (no file without a row, no row without
 * its file); and a URL import downloading while a cleanup runs is left alone and finishes.
 */
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFilmroom } from '../../../main/composition/index.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { startFlakyServer } from '../../helpers/flaky-http-server.js';
import { FFMPEG } from '../../helpers/media.js';
import { startTestServer, tempDir, TestClock } from '../../helpers/server.js';
import { startServe, until } from '../import-api/child-process.js';
import { addSession, age, orphansBothWays } from './fixtures.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('kill -9 during a cleanup run', () => {
  it('the restarted app finishes the same run: 0 orphans both ways, real sessions intact', async () => {
    const dataDir = tempDir('filmroom-cleanup-crash-');
    dirs.push(dataDir);
    const now = Date.now();
    // The library: a few real sessions, old failed ones, and 120 folders x 150 stray files, all 2 days old.
    const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false, autoAnalyze: false });
    const lib = app.paths.libraryDir;
    const kept = [0, 1, 2, 3, 4].map(() => addSession(app, now));
    const failed = [0, 1, 2].map(() =>
      addSession(app, now, { status: 'failed', createdAt: new Date(now - 20 * DAY).toISOString() }),
    );
    const folders: string[] = [];
    for (let f = 0; f < 120; f += 1) {
      const folder = join(lib, `ses_stray${String(f).padStart(11, '0')}`);
      mkdirSync(folder);
      for (let i = 0; i < 150; i += 1) writeFileSync(join(folder, `f${i}.bin`), 'stray');
      folders.push(folder);
    }
    // Ages set in one external call (150 utimes per folder from here would dominate the set-up time).
    execFileSync('find', [
      lib,
      '-path',
      `${lib}/ses_stray*`,
      '-exec',
      'touch',
      '-h',
      '-d',
      '@' + Math.floor((now - 48 * HOUR) / 1000),
      '{}',
      '+',
    ]);
    for (const s of [...kept, ...failed]) age(join(lib, s.id), now, 40 * DAY);
    await app.close();

    let serve = await startServe(dataDir);
    try {
      const pending = serve.api('/api/admin/cleanup/all', { method: 'POST' }).catch(() => null);
      const first = folders[0]!;
      const last = folders[folders.length - 1]!;
      // Files go in path order: once the first folder is empty the run is under way; the last one is still full.
      await until(() => readdirSync(first).length === 0, 120_000, 'the run to start deleting', 5);
      await serve.kill9();
      await pending;
      expect(readdirSync(last).length, 'killed mid-run').toBe(150);
      const raw = new Database(join(dataDir, 'library.db'), { readonly: true });
      const unfinished = raw.prepare('SELECT id, job_id FROM cleanup_runs WHERE finished_at IS NULL').all() as {
        id: number;
        job_id: string;
      }[];
      const jobState = raw.prepare('SELECT state FROM jobs WHERE id = ?').pluck().get(unfinished[0]?.job_id);
      raw.close();
      expect(unfinished).toHaveLength(1);
      expect(jobState).toBe('running');

      serve = await startServe(dataDir);
      await until(
        async () => {
          const h = await serve.api('/api/admin/cleanup/history');
          return h.body.items.some(
            (r: { id: number; finished_at: string | null }) => r.id === unfinished[0]!.id && r.finished_at,
          );
        },
        120_000,
        'the interrupted run to finish',
        100,
      );
      const history = (await serve.api('/api/admin/cleanup/history')).body.items as {
        id: number;
        result: {
          errors: string[];
          orphaned_files_count: number;
          orphaned_files_deleted: string[];
          failed_sessions_count: number;
          bytes_freed: number;
        };
      }[];
      expect(history).toHaveLength(1);
      expect(history[0]!.result.errors).toEqual([]);
      // The history accounts for the whole run, both attempts: every stray file once, the failed sessions the
      // first attempt deleted before it was killed (review 2, item 6: it counted only the last attempt's files).
      expect(history[0]!.result.orphaned_files_count).toBe(120 * 150);
      expect(new Set(history[0]!.result.orphaned_files_deleted).size).toBe(120 * 150);
      expect(history[0]!.result.failed_sessions_count).toBe(failed.length);
      expect(history[0]!.result.bytes_freed).toBeGreaterThanOrEqual(120 * 150 * 'stray'.length);
      await serve.stop();

      const check = await startFilmroom({ dataDir, logger: silentLogger, recover: false, autoAnalyze: false });
      try {
        expect(orphansBothWays(check.db, lib)).toEqual({ filesWithoutRow: [], rowsWithoutFile: [] });
        for (const s of kept) expect(check.services.sessions.get(s.id)?.status).toBe('ready');
        for (const s of failed) expect(check.services.sessions.get(s.id)).toBeUndefined();
        expect(readdirSync(lib).filter((n) => n.startsWith('ses_stray'))).toEqual([]);
      } finally {
        await check.close();
      }
    } finally {
      await serve.kill9();
    }
  }, 300_000);
});

describe('an import running during a cleanup', () => {
  it('is untouched (even when every file on disk looks old) and finishes', async () => {
    const work = tempDir('filmroom-cleanup-media-');
    dirs.push(work);
    const video = join(work, 'talk.mkv');
    execFileSync(FFMPEG, [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=0.8',
      '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', video,
    ]); // prettier-ignore
    const body = readFileSync(video);
    const http = await startFlakyServer({ body, chunkBytes: 64 * 1024, tickMs: 40 });
    const clock = new TestClock(Date.now());
    const server = await startTestServer({ clock });
    // The download server is on 127.0.0.1: an admin's URL import reaches it only with the local-address setting.
    await server.api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: true } });
    try {
      const r = await server.api('/api/v1/sessions/import', { method: 'POST', json: { url: http.fileUrl } });
      expect(r.status).toBe(202);
      const id = r.body.sessions[0].id as string;
      await until(() => http.bytesSent() > 256 * 1024, 60_000, 'the download to be under way', 10);
      expect(http.bytesSent()).toBeLessThan(body.length);
      clock.advanceDays(3); // every file on disk now looks two days past the retention
      const res = await server.api('/api/admin/cleanup/all', { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([]);
      expect(res.body.orphaned_files_count).toBe(0);
      expect(http.bytesSent()).toBeLessThan(body.length); // the cleanup really ran during the download
      await until(
        async () => (await server.api(`/api/v1/sessions/${id}`)).body.status === 'uploaded',
        120_000,
        'the import to finish',
        100,
      );
      const files = server.app.services.sessions.files(id);
      expect(files.find((f) => f.kind === 'recording')?.size).toBe(body.length);
      expect(orphansBothWays(server.app.db, server.app.paths.libraryDir)).toEqual({
        filesWithoutRow: [],
        rowsWithoutFile: [],
      });
    } finally {
      await server.close();
      await http.close();
    }
  }, 300_000);
});
