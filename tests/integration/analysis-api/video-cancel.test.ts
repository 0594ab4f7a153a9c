/**
 * POST /video/cancel/{id}: cancelling a running analysis of a long (240 s, 640x360) upload answers only once its
 * ffmpeg processes are gone (checked in /proc by the session folder on their command line); a queued analysis
 * never starts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import {
  ffmpegProcessesWith,
  killFfmpegWith,
  makeLongRecording,
  openDbReadonly,
  sleep,
  uploadMultipart,
  waitUntil,
} from './helpers.js';

let dir: string;
let server: TestServer;
let long: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'filmroom-cancel-'));
  long = makeLongRecording(dir, 60, 4, '640x360');
  // One analysis at a time, so a second upload stays queued.
  server = await startTestServer({ watchFolders: false, analysisConcurrency: 1 });
}, 120_000);

afterAll(async () => {
  if (server) killFfmpegWith(server.app.paths.libraryDir);
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const status = async (id: string) => (await server.api(`/api/v1/video/status/${id}`)).body;

describe('POST /video/cancel/{id}', () => {
  it('mid-run: answers cancelled with no ffmpeg left; a queued one never runs; status cancelled', async () => {
    const running = await uploadMultipart(server.url, '/api/v1/video/upload', long, { token: server.admin });
    const queued = await uploadMultipart(server.url, '/api/v1/video/upload', long, {
      token: server.admin,
      fileName: 'second.mp4',
    });
    expect(running.status).toBe(202);
    expect(queued.status).toBe(202);
    // A 240 s 640x360 file (tens of MB), the second one sent while the first is being analysed: still answered
    // within 500 ms of the body arriving.
    expect(running.answerMs).toBeLessThan(500);
    expect(queued.answerMs).toBeLessThan(500);
    const id = running.body.sessionId as string;
    const qid = queued.body.sessionId as string;
    const folder = join(server.app.paths.libraryDir, id);

    // Into the video stage (progress past the audio share), with its ffmpeg children at work.
    await waitUntil(
      async () => {
        const st = await status(id);
        if (st.status === 'completed' || st.status === 'failed')
          throw new Error(`finished before cancel: ${st.status}`);
        return st.status === 'processing' && st.progress > 20 && ffmpegProcessesWith(folder).length > 0;
      },
      { intervalMs: 20, what: 'video stage running' },
    );
    expect((await status(qid)).status).toBe('queued');

    const cancelQueued = await server.api(`/api/v1/video/cancel/${qid}`, { method: 'POST' });
    expect(cancelQueued.status).toBe(200);
    expect(cancelQueued.body).toMatchObject({ sessionId: qid, status: 'cancelled' });

    const answer = await server.api(`/api/v1/video/cancel/${id}`, { method: 'POST' });
    // Checked the moment the answer is in: not one ffmpeg/ffprobe of this session may be left.
    const left = ffmpegProcessesWith(folder);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ sessionId: id, status: 'cancelled' });
    expect(typeof answer.body.message).toBe('string');
    expect(left).toEqual([]);

    const st = await status(id);
    expect(st.status).toBe('cancelled');
    expect(st.progress).toBeLessThan(100);
    expect((await status(qid)).status).toBe('cancelled');
    const results = await server.api(`/api/v1/video/results/${id}`);
    expect(results.status).toBe(400);
    expect(results.body).toMatchObject({ error: 'Results not ready', status: 'cancelled', code: 400 });

    // Nothing comes back to life: no retry, no ffmpeg for either session, jobs stay cancelled.
    await sleep(1500);
    expect(ffmpegProcessesWith(folder)).toEqual([]);
    expect(ffmpegProcessesWith(join(server.app.paths.libraryDir, qid))).toEqual([]);
    const db = openDbReadonly(server.dataDir);
    try {
      const states = db
        .prepare('SELECT session_id, state FROM jobs WHERE session_id IN (?, ?) ORDER BY session_id')
        .all(id, qid) as { session_id: string; state: string }[];
      expect(states.map((s) => s.state)).toEqual(['cancelled', 'cancelled']);
    } finally {
      db.close();
    }
    expect((await status(id)).status).toBe('cancelled');
  });
});
