/**
 * `{ url }` imports through the real HTTP API against a real node:http server on 127.0.0.1 (Range + If-Range):
 * the happy path with progress events, a dropped connection resumed with Range, a 404, and a kill -9 of a
 * `filmroom serve` child mid-download followed by a restart that resumes from the checkpoint.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFlakyServer, type FlakyServer } from '../../helpers/flaky-http-server.js';
import { FFMPEG, sha256File } from '../../helpers/media.js';
import { openEvents, startTestServer, type Loose, type TestServer } from '../../helpers/server.js';
import { filesUnder, startServe, until, type ServeChild } from './child-process.js';

const work = mkdtempSync(join(tmpdir(), 'filmroom-url-'));
const cleanups: (() => Promise<void> | void)[] = [];

/** A real, probe-able video of roughly `seconds * 2.9 MB` (raw 320x240 frames in Matroska), unique bytes. */
function rawVideo(name: string, seconds: number): Buffer {
  const out = join(work, name);
  execFileSync(FFMPEG, [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
    '-c:v', 'rawvideo', '-pix_fmt', 'yuv420p', '-metadata', `comment=${randomUUID()}`, out,
  ]); // prettier-ignore
  return readFileSync(out);
}
const sha = (b: Buffer) => (execFileSync('sha256sum', { input: b }).toString().split(' ')[0] ?? '').trim();

let small: Buffer;
let big: Buffer;
beforeAll(() => {
  small = rawVideo('small.mkv', 0.6); // ~1.7 MB
  big = rawVideo('big.mkv', 3.6); // ~10 MB: checkpoints land every 4 MiB
}, 60_000);

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** These tests download from 127.0.0.1: the admin setting that allows local addresses (issue 11: SSRF). */
async function allowLocalUrls(api: TestServer['api']): Promise<void> {
  const r = await api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: true } });
  expect(r.status, r.text).toBe(200);
}

async function flaky(options: Parameters<typeof startFlakyServer>[0]): Promise<FlakyServer> {
  const f = await startFlakyServer(options);
  cleanups.push(() => f.close());
  return f;
}
async function server(): Promise<TestServer> {
  const s = await startTestServer({ autoAnalyze: false, watchFolders: false });
  cleanups.push(() => s.close());
  await allowLocalUrls(s.api);
  return s;
}

async function waitForStatus(
  get: (path: string) => Promise<{ status: number; body: Loose }>,
  id: string,
  statuses: string[],
  timeoutMs: number,
): Promise<Loose> {
  let last: Loose;
  await until(
    async () => {
      last = (await get(`/api/v1/sessions/${id}`)).body;
      return statuses.includes(last?.status);
    },
    timeoutMs,
    `session ${id} to become ${statuses.join('|')}`,
    100,
  ).catch((e: Error) => {
    throw new Error(`${e.message}; last: ${JSON.stringify(last)}`);
  });
  return last;
}

function partFiles(dataDir: string): string[] {
  return filesUnder(dataDir).filter((p) => p.endsWith('.part'));
}

describe('URL import', () => {
  it('happy path: 202 importing → uploaded, byte-exact copy, import.progress events', async () => {
    const f = await flaky({ body: small, chunkBytes: 128 * 1024, tickMs: 20 });
    const s = await server();
    const events = await openEvents(s.url, s.admin);
    cleanups.push(() => events.close());

    const res = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(res.status, res.text).toBe(202);
    expect(res.body.sessions).toEqual([{ id: expect.any(String), status: 'importing' }]);
    const id = res.body.sessions[0].id;

    const ses = await waitForStatus(s.api, id, ['uploaded', 'failed'], 30_000);
    expect(ses.status).toBe('uploaded');
    expect(ses.sha256).toBe(sha(small));
    expect(ses.size).toBe(small.length);
    expect(ses.duration).toBeGreaterThan(0.4);
    expect(ses.files).toEqual([expect.objectContaining({ kind: 'recording', size: small.length, managed: true })]);
    const stored = filesUnder(join(s.app.paths.libraryDir, id));
    expect(stored).toHaveLength(1);
    expect(sha256File(stored[0]!)).toBe(sha(small));
    expect(partFiles(s.dataDir)).toEqual([]);

    const progress = events.events.filter((e) => e.event === 'import.progress' && e.data.import_id === id);
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress.map((e) => e.data.bytes_done))).toBe(small.length);
    expect(progress.some((e) => e.data.bytes_total === small.length)).toBe(true);

    // The download is a job like any other: its states reach the event stream (they used to be dropped).
    await events.waitFor((e) => e.event === 'job.progress' && e.data.session_id === id && e.data.state === 'done');
    const jobStates = events.events
      .filter((e) => e.event === 'job.progress' && e.data.session_id === id && e.data.job_type === 'url-import')
      .map((e) => e.data.state);
    expect(jobStates[0]).toBe('queued');
    expect(jobStates).toContain('running');
    expect(jobStates.at(-1)).toBe('done');
  });

  it('a connection dropped mid-transfer is resumed with Range: bytes=N- (N>0) and the file is byte-exact', async () => {
    const f = await flaky({ body: small, chunkBytes: 64 * 1024, tickMs: 5, dropOnceAfterBytes: 700 * 1024 });
    const s = await server();
    const res = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(res.status).toBe(202);
    const id = res.body.sessions[0].id;
    const ses = await waitForStatus(s.api, id, ['uploaded', 'failed'], 30_000);
    expect(ses.status, ses.status_detail).toBe('uploaded');
    const starts = f.rangeStarts();
    expect(starts.length).toBeGreaterThan(0);
    expect(starts.some((n) => n > 0)).toBe(true);
    expect(f.requests.some((r) => r.status === 206)).toBe(true);
    expect(ses.sha256).toBe(sha(small));
    const stored = filesUnder(join(s.app.paths.libraryDir, id));
    expect(sha256File(stored[0]!)).toBe(sha(small));
    expect(partFiles(s.dataDir)).toEqual([]);
  });

  it('a 404 makes the session failed with a readable reason, and leaves no .part', async () => {
    const f = await flaky({ body: small, failWithStatus: 404 });
    const s = await server();
    const res = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(res.status).toBe(202);
    const id = res.body.sessions[0].id;
    const ses = await waitForStatus(s.api, id, ['failed', 'uploaded'], 30_000);
    expect(ses.status).toBe('failed');
    expect(ses.status_detail).toMatch(/not found/i);
    expect(ses.status_detail).toMatch(/404/);
    expect(f.requests).toHaveLength(1); // a 404 is final: no retries
    await until(() => partFiles(s.dataDir).length === 0, 5_000, 'no .part left');
  });

  it('a Zoom cloud file name in the URL is recognised (platform, UTC time); the same content again fails as a duplicate', async () => {
    const f = await flaky({ body: small, path: '/dl/GMT20240305-143012_Recording_640x360.mkv' });
    const s = await server();
    const first = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(first.status).toBe(202);
    const ses = await waitForStatus(s.api, first.body.sessions[0].id, ['uploaded', 'failed'], 30_000);
    expect(ses.status, ses.status_detail).toBe('uploaded');
    expect(ses.platform).toBe('zoom');
    expect(ses.recorded_at).toBe('2024-03-05T14:30:12.000Z');

    const again = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(again.status).toBe(202);
    const dup = await waitForStatus(s.api, again.body.sessions[0].id, ['uploaded', 'failed'], 30_000);
    expect(dup.status).toBe('failed');
    expect(dup.status_detail).toContain(ses.id);
    expect(filesUnder(join(s.app.paths.libraryDir, dup.id))).toEqual([]);
    expect(partFiles(s.dataDir)).toEqual([]);
  });

  it('kill -9 of `filmroom serve` mid-download, restart on the same data dir: resumes from the checkpoint, byte-exact, no .part', async () => {
    // ~10 MB at 64 KiB / 40 ms ≈ 1.6 MB/s: the download takes ~6 s, long enough to kill it past the 4 MiB checkpoint.
    const f = await flaky({ body: big, chunkBytes: 64 * 1024, tickMs: 40 });
    const dataDir = mkdtempSync(join(tmpdir(), 'filmroom-url-kill-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let serve: ServeChild = await startServe(dataDir);
    cleanups.push(() => serve.stop());
    await allowLocalUrls((path, opts) => serve.api(path, opts));

    const res = await serve.api('/api/v1/sessions/import', { method: 'POST', json: { url: f.fileUrl } });
    expect(res.status, res.text).toBe(202);
    const id = res.body.sessions[0].id;
    await until(() => f.bytesSent() >= 6 * 1024 * 1024, 60_000, '6 MiB sent');
    await serve.kill9();
    expect((await serve.exited).signal).toBe('SIGKILL');
    const requestsBefore = f.requests.length;
    expect(big.length - f.bytesSent()).toBeGreaterThan(1024 * 1024); // really killed mid-transfer

    serve = await startServe(dataDir);
    const ses = await waitForStatus(serve.api, id, ['uploaded', 'failed'], 60_000);
    expect(ses.status, `${ses.status_detail}\n${serve.output()}`).toBe('uploaded');
    const after = f.requests.slice(requestsBefore);
    expect(after.length).toBeGreaterThan(0);
    const resumedAt = after.map((r) => /^bytes=(\d+)-$/.exec(r.range ?? '')?.[1]).map(Number);
    expect(resumedAt[0]).toBeGreaterThan(0); // the first request after the restart resumes, it does not start over
    expect(after[0]!.status).toBe(206);
    expect(ses.sha256).toBe(sha(big));
    expect(ses.size).toBe(big.length);
    const stored = filesUnder(join(dataDir, 'library', id));
    expect(stored.length).toBe(1);
    expect(sha256File(stored[0]!)).toBe(sha(big));
    expect(partFiles(dataDir)).toEqual([]);
    await serve.stop();
  }, 150_000);
});
