/**
 * Review round 2, item 5: a large folder import is a cancellable job with progress. More than 20 meetings: 202 with a
 * `job_id` at once (no sessions yet), `job.progress` events, GET /imports/{job_id} for the result, and a cancel that
 * stops it between meetings (nothing more is created afterwards). Real HTTP server, real ffmpeg files, real SQLite.
 */
import { appendFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { openEvents, startTestServer, tempDir, type TestServer } from '../../helpers/server.js';
import { until } from './child-process.js';

let srv: TestServer;
let media: string;
let source: string;

beforeAll(async () => {
  srv = await startTestServer();
  media = tempDir('filmroom-folder-job-');
  source = makeVideo(media, 'source.mp4');
});
afterAll(async () => {
  await srv?.close();
});

/** `count` distinct recordings (the same video with different trailing bytes: each its own sha256). */
function folderOf(name: string, count: number): string {
  const folder = join(media, name);
  mkdirSync(folder);
  for (let i = 0; i < count; i += 1) {
    const file = join(folder, `${name} call ${String(i).padStart(3, '0')}.mp4`);
    copyFileSync(source, file);
    appendFileSync(file, `${name}-${i}`);
  }
  return folder;
}

const sessionCount = async () =>
  (await srv.api('/api/v1/sessions', { query: { limit: 1, exclude_failed: false } })).body.total as number;

describe('a large folder import', () => {
  it('answers 202 with a job_id at once, reports progress, and its result lists every session', async () => {
    const folder = folderOf('big', 24);
    const events = await openEvents(srv.url, srv.admin);
    try {
      const before = await sessionCount();
      const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
      expect(r.status, r.text).toBe(202);
      expect(r.body.sessions).toEqual([]);
      expect(r.body.job_id).toEqual(expect.any(String));
      const jobId = r.body.job_id as string;
      const done = await events.waitFor(
        (e) => e.event === 'job.progress' && e.data.job_id === jobId && e.data.state === 'done',
        120_000,
      );
      expect(done.data.job_type).toBe('folder-import');
      expect(
        events.events.some((e) => e.event === 'job.progress' && e.data.job_id === jobId && e.data.state === 'running'),
      ).toBe(true);
      const status = await srv.api(`/api/v1/imports/${jobId}`);
      expect(status.status, status.text).toBe(200);
      expect(status.body).toMatchObject({ job_id: jobId, state: 'done', progress: 100 });
      expect(status.body.result.sessions).toHaveLength(24);
      expect(await sessionCount()).toBe(before + 24);
    } finally {
      events.close();
    }
  }, 180_000);

  it('is cancelled between meetings: nothing more is created after the cancel answers', async () => {
    const folder = folderOf('cancel', 30);
    const before = await sessionCount();
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
    expect(r.status, r.text).toBe(202);
    const jobId = r.body.job_id as string;
    await until(async () => (await sessionCount()) > before, 60_000, 'the job to import a first meeting', 20);
    const cancel = await srv.api(`/api/v1/imports/${jobId}/cancel`, { method: 'POST' });
    expect(cancel.status, cancel.text).toBe(200);
    expect(cancel.body.state).toBe('cancelled');
    const after = await sessionCount();
    expect(after - before).toBeLessThan(30);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await sessionCount()).toBe(after);
    expect((await srv.api(`/api/v1/imports/${jobId}/cancel`, { method: 'POST' })).status).toBe(409);
  }, 180_000);

  it('unknown job ids are 404; coach tokens are refused (admin only)', async () => {
    const unknown = await srv.api('/api/v1/imports/job_nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe(404);
    const coach = srv.app.tokens.createCoachToken('coach-j');
    expect((await srv.api('/api/v1/imports/job_nothing', { token: coach })).status).toBe(403);
  });

  it('a small folder keeps the synchronous answer (sessions listed, no job_id)', async () => {
    const folder = folderOf('small', 3);
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
    expect(r.status, r.text).toBe(202);
    expect(r.body.sessions).toHaveLength(3);
    expect(r.body.job_id).toBeUndefined();
  });
});
