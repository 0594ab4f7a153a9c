/**
 * Expiry of transient (/video/upload) sessions with an injected clock: after the retention their files and rows
 * are removed and the status answers `expired`; the sweep also runs at start-up. Transient sessions never show in
 * the library list.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisFixtures, type AnalysisFixtures } from '../../helpers/analysis-fixtures.js';
import { startTestServer, tempDir, TestClock, type Loose, type TestServer } from '../../helpers/server.js';
import {
  ffmpegProcessesWith,
  killFfmpegWith,
  makeLongRecording,
  openDbReadonly,
  uploadMultipart,
  waitUntil,
} from './helpers.js';

const HOUR = 3_600_000;
let fx: AnalysisFixtures;
let dataDir: string;
let server: TestServer | undefined;
const clock = new TestClock(Date.parse('2026-03-01T10:00:00.000Z'));
const t0 = clock.t;

beforeAll(() => {
  fx = createAnalysisFixtures();
  dataDir = tempDir('filmroom-expiry-');
});
afterAll(async () => {
  if (server) killFfmpegWith(server.app.paths.libraryDir);
  await server?.close();
  fx?.cleanup();
});

async function uploadAndFinish(s: TestServer, file: string): Promise<Loose> {
  const up = await uploadMultipart(s.url, '/api/v1/video/upload', file, { token: s.admin });
  expect(up.status).toBe(202);
  await waitUntil(
    async () => {
      const st = await s.api(`/api/v1/video/status/${up.body.sessionId}`);
      return st.body.status === 'completed' || st.body.status === 'failed';
    },
    { what: 'analysis end' },
  );
  return up.body;
}

function rowCounts(id: string): Record<string, number> {
  const db = openDbReadonly(dataDir);
  try {
    const counts: Record<string, number> = {};
    for (const table of ['session_files', 'jobs', 'analyses', 'participants']) {
      counts[table] = db.prepare(`SELECT COUNT(*) FROM ${table} WHERE session_id = ?`).pluck().get(id) as number;
    }
    return counts;
  } finally {
    db.close();
  }
}

async function libraryIds(s: TestServer): Promise<string[]> {
  const list = await s.api('/api/v1/sessions', { query: { limit: 500, exclude_failed: false } });
  expect(list.status).toBe(200);
  return list.body.items.map((x: Loose) => x.id);
}

describe('transient session expiry', () => {
  let first: Loose;
  let second: Loose;

  it('expires_at is creation + 24 h by default', async () => {
    server = await startTestServer({ dataDir, clock, watchFolders: false });
    first = await uploadAndFinish(server, fx.meeting);
    expect(Date.parse(first.expires_at)).toBe(t0 + 24 * HOUR);
    const st = await server.api(`/api/v1/video/status/${first.sessionId}`);
    expect(st.body).toMatchObject({ status: 'completed', expires_at: first.expires_at });
    expect(await libraryIds(server)).not.toContain(first.sessionId);
  });

  it('nothing expires before its time', async () => {
    clock.t = t0 + 20 * HOUR;
    second = await uploadAndFinish(server!, fx.audioOnly);
    expect(Date.parse(second.expires_at)).toBe(t0 + 44 * HOUR);
    expect(await server!.app.services.video.expireDue()).toBe(0);
    expect((await server!.api(`/api/v1/video/status/${first.sessionId}`)).body.status).toBe('completed');
  });

  it('past 24 h: status expired, files and rows removed, results 404; hidden from the library list', async () => {
    clock.t = t0 + 24 * HOUR + 60_000;
    const folder = join(server!.app.paths.libraryDir, first.sessionId);
    expect(existsSync(folder)).toBe(true);
    expect(await server!.app.services.video.expireDue()).toBe(1);

    const st = await server!.api(`/api/v1/video/status/${first.sessionId}`);
    expect(st.status).toBe(200);
    expect(st.body).toMatchObject({ sessionId: first.sessionId, status: 'expired' });
    const res = await server!.api(`/api/v1/video/results/${first.sessionId}`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'Session not found', sessionId: first.sessionId, code: 404 });
    expect(existsSync(folder)).toBe(false);
    expect(rowCounts(first.sessionId)).toEqual({ session_files: 0, jobs: 0, analyses: 0, participants: 0 });
    // The other one is untouched.
    expect((await server!.api(`/api/v1/video/status/${second.sessionId}`)).body.status).toBe('completed');
    expect(await libraryIds(server!)).not.toContain(first.sessionId);
    expect(await libraryIds(server!)).not.toContain(second.sessionId);
  });

  it('the sweep at start-up expires what became due while the app was closed; retention is configurable', async () => {
    await server!.stop();
    clock.t = t0 + 45 * HOUR;
    server = await startTestServer({ dataDir, clock, watchFolders: false, transientRetentionHours: 2 });
    const st = await server.api(`/api/v1/video/status/${second.sessionId}`);
    expect(st.body.status).toBe('expired');
    expect(existsSync(join(server.app.paths.libraryDir, second.sessionId))).toBe(false);
    expect(rowCounts(second.sessionId)).toEqual({ session_files: 0, jobs: 0, analyses: 0, participants: 0 });

    const third = await uploadMultipart(server.url, '/api/v1/video/upload', fx.noAudio, { token: server.admin });
    expect(third.status).toBe(202);
    expect(Date.parse(third.body.expires_at)).toBe(clock.t + 2 * HOUR);
  });

  it('a session expiring while its analysis runs: its ffmpeg is killed, files and rows removed', async () => {
    const long = makeLongRecording(dataDir, 60, 4, '640x360');
    const up = await uploadMultipart(server!.url, '/api/v1/video/upload', long, { token: server!.admin });
    expect(up.status).toBe(202);
    const id = up.body.sessionId as string;
    const folder = join(server!.app.paths.libraryDir, id);
    await waitUntil(() => ffmpegProcessesWith(folder).length > 0, { intervalMs: 20, what: 'its ffmpeg' });
    clock.t = Date.parse(up.body.expires_at) + 1000;
    expect(await server!.app.services.video.expireDue()).toBeGreaterThanOrEqual(1);
    expect(ffmpegProcessesWith(folder)).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    expect((await server!.api(`/api/v1/video/status/${id}`)).body.status).toBe('expired');
    expect(rowCounts(id)).toEqual({ session_files: 0, jobs: 0, analyses: 0, participants: 0 });
    await new Promise((r) => setTimeout(r, 1000));
    expect(ffmpegProcessesWith(folder)).toEqual([]);
    expect((await server!.api(`/api/v1/video/status/${id}`)).body.status).toBe('expired');
  });
});
