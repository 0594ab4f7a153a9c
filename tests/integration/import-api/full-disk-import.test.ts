/**
 * Importing onto a full disk (issue 19): a real tmpfs over the library folder, filled to the last bytes. An upload
 * or a folder import that cannot fit answers 507 `{ error, code: 507, reason: "disk_full" }` in plain words (it
 * answered 500 with "Internal error"), leaves nothing behind (no `.part`, no `.incoming/` upload, no session folder,
 * no session row), and the same import succeeds once space is freed. The library database on a full disk (SQLITE_FULL
 * while the session is committed) is the same 507, with the copied recording removed and no row.
 * Needs root for `mount -t tmpfs`; skipped with the reason elsewhere.
 */
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startFlakyServer } from '../../helpers/flaky-http-server.js';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { mountSmallDisk, tmpfsUnavailable, type SmallDisk } from '../../helpers/small-disk.js';

const cannot = tmpfsUnavailable();
const media = tempDir('filmroom-full-disk-media-');
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(() => rmSync(media, { recursive: true, force: true }));

async function server(): Promise<TestServer> {
  const s = await startTestServer({ autoAnalyze: false, watchFolders: false });
  cleanups.push(() => s.close());
  return s;
}

function disk(folder: string, size: string): SmallDisk {
  const d = mountSmallDisk(folder, size);
  cleanups.push(() => d.unmount());
  return d;
}

async function sessionCount(s: TestServer): Promise<number> {
  const r = await s.api('/api/v1/sessions', { query: { exclude_failed: false, limit: 1 } });
  expect(r.status, r.text).toBe(200);
  return r.body.total as number;
}

/** Everything under the library folder but the test's own filler. */
function leftovers(s: TestServer): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name === '.filler') continue;
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        const before = out.length;
        walk(join(dir, e.name), path);
        if (out.length === before && e.name !== '.incoming') out.push(`${path}/`);
      } else out.push(path);
    }
  };
  if (existsSync(s.app.paths.libraryDir)) walk(s.app.paths.libraryDir, '');
  return out;
}

function expectDiskFull(r: { status: number; body: Loose; text: string }) {
  expect(r.status, r.text).toBe(507);
  expect(r.body).toMatchObject({ code: 507, reason: 'disk_full' });
  expect(r.body.error).toMatch(/space/i);
  expect(r.body.error).toMatch(/free/i);
}

function uploadForm(file: string): FormData {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(file)]), basename(file));
  return form;
}

describe.skipIf(cannot !== null)(`imports onto a full disk${cannot ? ` (skipped: ${cannot})` : ''}`, () => {
  it('an upload answers 507, leaves nothing, and works once space is freed', async () => {
    const s = await server();
    const clip = makeVideo(media, 'upload-full.mp4', 2);
    const d = disk(s.app.paths.libraryDir, '2m');
    d.fill(8 * 1024);
    const before = await sessionCount(s);

    const r = await s.api('/api/v1/sessions/import', { method: 'POST', body: uploadForm(clip) });
    expectDiskFull(r);
    expect(await sessionCount(s)).toBe(before);
    expect(leftovers(s)).toEqual([]);

    d.free();
    const again = await s.api('/api/v1/sessions/import', { method: 'POST', body: uploadForm(clip) });
    expect(again.status, again.text).toBe(202);
    expect(again.body.sessions).toHaveLength(1);
    expect(again.body.sessions[0].status).toBe('uploaded');
    expect(await sessionCount(s)).toBe(before + 1);
  });

  it('a video sent for analysis (POST /video/upload) answers 507 and leaves nothing', async () => {
    const s = await server();
    const clip = makeVideo(media, 'video-api-full.mp4', 2);
    const d = disk(s.app.paths.libraryDir, '2m');
    d.fill(8 * 1024);
    const form = new FormData();
    form.append('video', new Blob([readFileSync(clip)]), basename(clip));
    const r = await s.api('/api/v1/video/upload', { method: 'POST', body: form });
    expectDiskFull(r);
    expect(leftovers(s)).toEqual([]);
    d.free();
    const again = new FormData();
    again.append('video', new Blob([readFileSync(clip)]), basename(clip));
    const ok = await s.api('/api/v1/video/upload', { method: 'POST', body: again });
    expect(ok.status, ok.text).toBe(202);
  });

  it('a folder import answers 507, leaves nothing, and works once space is freed', async () => {
    const s = await server();
    const folder = join(media, '2026-11-20 10.00.00 Full disk check-in');
    mkdirSync(folder, { recursive: true });
    makeVideo(folder, 'video1234567890.mp4', 2);
    const d = disk(s.app.paths.libraryDir, '2m');
    d.fill(8 * 1024);
    const before = await sessionCount(s);

    const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
    expectDiskFull(r);
    expect(await sessionCount(s)).toBe(before);
    expect(leftovers(s)).toEqual([]);

    d.free();
    const again = await s.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
    expect(again.status, again.text).toBe(202);
    expect(again.body.sessions).toHaveLength(1);
    expect(await sessionCount(s)).toBe(before + 1);
  });

  it('the library database on a full disk (SQLITE_FULL) answers 507 and keeps no copy', async () => {
    // The data folder (library.db) is one small disk; the library folder another, with room for the copy.
    const root = tempDir('filmroom-full-db-');
    const dataDir = join(root, 'data');
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dbDisk = disk(dataDir, '16m');
    const s = await startTestServer({ autoAnalyze: false, watchFolders: false, dataDir });
    cleanups.push(() => s.stop()); // the disks are unmounted after the server stops, then the folder removed
    disk(s.app.paths.libraryDir, '8m');
    const clip = makeVideo(media, 'db-full.mp4', 2);
    const before = await sessionCount(s);
    // The WAL is emptied, so the import's commit must grow it on a disk with no byte left.
    s.app.db.pragma('wal_checkpoint(TRUNCATE)');
    dbDisk.fill(0);

    const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { path: clip } });
    expectDiskFull(r);
    expect(leftovers(s)).toEqual([]);

    dbDisk.free();
    expect(await sessionCount(s)).toBe(before);
    const again = await s.api('/api/v1/sessions/import', { method: 'POST', json: { path: clip } });
    expect(again.status, again.text).toBe(202);
    expect(await sessionCount(s)).toBe(before + 1);
    const id = again.body.sessions[0].id as string;
    const files = s.app.services.sessions.files(id);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(join(s.app.paths.libraryDir, f.path))).toBe(true);
  });
});

describe.skipIf(cannot !== null)(
  `a large folder import onto a full disk${cannot ? ` (skipped: ${cannot})` : ''}`,
  () => {
    it('stops its job with the reason in plain words (not 21 refusals), and the folder imports once space is freed', async () => {
      const s = await server();
      const source = makeVideo(media, 'job-source.mp4', 1);
      const folder = join(media, 'big-folder');
      mkdirSync(folder);
      for (let i = 0; i < 21; i += 1) {
        const file = join(folder, `call ${String(i).padStart(3, '0')}.mp4`);
        copyFileSync(source, file);
        appendFileSync(file, `distinct-${i}`); // each its own sha256
      }
      const d = disk(s.app.paths.libraryDir, '2m');
      d.fill(8 * 1024);
      const before = await sessionCount(s);

      const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
      expect(r.status, r.text).toBe(202);
      const jobId = r.body.job_id as string;
      await s.app.services.queue.waitForIdle();
      const job = (await s.api(`/api/v1/imports/${jobId}`)).body;
      expect(job.state).toBe('failed');
      expect(job.error).toMatch(/^The disk that holds the library is full\. Free some space/);
      expect(await sessionCount(s)).toBe(before);
      expect(leftovers(s)).toEqual([]);

      d.free();
      const again = await s.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
      expect(again.status, again.text).toBe(202);
      await s.app.services.queue.waitForIdle();
      const done = (await s.api(`/api/v1/imports/${again.body.job_id as string}`)).body;
      expect(done.state, JSON.stringify(done)).toBe('done');
      expect(done.result.sessions).toHaveLength(21);
      expect(await sessionCount(s)).toBe(before + 21);
    }, 120_000);
  },
);

describe.skipIf(cannot !== null)(`a URL import onto a full disk${cannot ? ` (skipped: ${cannot})` : ''}`, () => {
  it('fails the session in plain words at once, keeps no partial download, and works once space is freed', async () => {
    const body = readFileSync(makeVideo(media, 'url-full.mp4', 2));
    const f = await startFlakyServer({ body, chunkBytes: 16 * 1024, tickMs: 1 });
    cleanups.push(() => f.close());
    const s = await server();
    const allow = await s.api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: true } });
    expect(allow.status, allow.text).toBe(200);
    const d = disk(s.app.paths.libraryDir, '2m');
    d.fill(8 * 1024);

    const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(r.status, r.text).toBe(202);
    const id = r.body.sessions[0].id as string;
    // At once: not after the queue's retries (8 attempts with backoff), which only waited on the same full disk.
    const failed = await waitFor(s, id, 'failed', 15_000);
    expect(failed.status_detail).toMatch(/^Download failed: The disk that holds the library is full\. Free some space/);
    await s.app.services.queue.waitForIdle();
    expect(s.app.services.queue.hasActiveJobs(id)).toBe(false); // no job left to retry on the full disk
    expect(leftovers(s)).toEqual([]);

    d.free();
    const again = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(again.status, again.text).toBe(202);
    const done = await waitFor(s, again.body.sessions[0].id as string, 'uploaded', 30_000);
    expect(done.size).toBe(body.length);
  });
});

async function waitFor(s: TestServer, id: string, status: string, timeoutMs: number): Promise<Loose> {
  const end = Date.now() + timeoutMs;
  let last: Loose;
  while (Date.now() < end) {
    last = (await s.api(`/api/v1/sessions/${id}`)).body;
    if (last?.status === status) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`session ${id} did not become ${status}: ${JSON.stringify(last)}`);
}
