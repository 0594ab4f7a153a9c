/**
 * The async analysis API for other tools (`/api/v1/video/*`) through the real HTTP server: real ffmpeg, a real
 * SQLite file, multipart uploads over node:http. Ground truth comes from the generated fixtures (TRUTH).
 */
import { existsSync, readdirSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalysisFixtures, TRUTH, type AnalysisFixtures } from '../../helpers/analysis-fixtures.js';
import { openEvents, startTestServer, type Loose, type TestServer } from '../../helpers/server.js';
import { openDbReadonly, uploadMultipart, waitUntil } from './helpers.js';

let fx: AnalysisFixtures;
let server: TestServer;

const FRAME = 1 / TRUTH.fps;
const UPLOAD = '/api/v1/video/upload';

beforeAll(async () => {
  fx = createAnalysisFixtures();
  server = await startTestServer({ autoAnalyze: false, watchFolders: false });
}, 120_000);

afterAll(async () => {
  await server?.close();
  fx?.cleanup();
});

async function upload(file: string | Buffer, options: Parameters<typeof uploadMultipart>[3] = {}) {
  return uploadMultipart(server.url, UPLOAD, file, { token: server.admin, ...options });
}

async function waitForState(id: string, states: string[], token = server.admin, timeoutMs = 60_000): Promise<Loose> {
  return waitUntil(
    async () => {
      const r = await server.api(`/api/v1/video/status/${id}`, { token });
      return states.includes(r.body.status) ? r.body : undefined;
    },
    { timeoutMs, what: `status ${states.join('|')} of ${id}` },
  );
}

describe('POST /video/upload → status → results (meeting fixture, ground truth by construction)', () => {
  let sessionId: string;
  let answer: Awaited<ReturnType<typeof upload>>;
  let early: Loose;
  const seen: Loose[] = [];
  let results: Loose;

  beforeAll(async () => {
    answer = await upload(fx.meeting);
    sessionId = answer.body.sessionId;
    // Asked at once: the 12 s fixture cannot be analysed yet.
    early = await server.api(`/api/v1/video/results/${sessionId}`);
    await waitUntil(
      async () => {
        const r = await server.api(`/api/v1/video/status/${sessionId}`);
        seen.push({ ...r.body, httpStatus: r.status });
        return r.body.status === 'completed' || r.body.status === 'failed';
      },
      { intervalMs: 15, what: 'completion' },
    );
    results = await server.api(`/api/v1/video/results/${sessionId}`);
  }, 90_000);

  it('answers 202 { sessionId, status: queued, message, expires_at } within 500 ms of the body arriving', () => {
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({ status: 'queued' });
    expect(answer.body.sessionId).toMatch(/\S/);
    expect(typeof answer.body.message).toBe('string');
    expect(answer.body.message.length).toBeGreaterThan(0);
    const expires = Date.parse(answer.body.expires_at);
    // 24 h by default
    expect(Math.abs(expires - Date.now() - 24 * 3_600_000)).toBeLessThan(120_000);
    expect(answer.answerMs).toBeLessThan(500);
  });

  it('results before completion: 400 { error: Results not ready, status, progress, code: 400 }', () => {
    expect(early.status).toBe(400);
    expect(early.body).toMatchObject({ error: 'Results not ready', code: 400 });
    expect(['queued', 'processing']).toContain(early.body.status);
    expect(typeof early.body.progress).toBe('number');
  });

  it('status goes queued → processing → completed with progress 0–100 (never backwards) and messages', () => {
    const order = ['queued', 'processing', 'completed'];
    expect(seen.every((s) => s.httpStatus === 200)).toBe(true);
    const states = seen.map((s) => s.status as string);
    expect(states.at(-1)).toBe('completed');
    expect(states).toContain('processing');
    const ranks = states.map((s) => order.indexOf(s));
    expect(ranks.every((r) => r >= 0)).toBe(true);
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    const progress = seen.map((s) => s.progress as number);
    for (const p of progress) {
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(100);
    }
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(seen.at(-1)?.progress).toBe(100);
    for (const s of seen) {
      expect(s.sessionId).toBe(sessionId);
      expect(typeof s.message).toBe('string');
      expect(s.message.length).toBeGreaterThan(0);
      expect(s.expires_at).toBe(answer.body.expires_at);
    }
  });

  it('results: 200 { sessionId, status: completed, data } with every section of docs/api.md', () => {
    expect(results.status).toBe(200);
    expect(results.body).toMatchObject({ sessionId, status: 'completed' });
    const data = results.body.data;
    for (const key of ['media', 'speech', 'speakers', 'loudness', 'scenes', 'thumbnails', 'waveform', 'quality']) {
      expect(data, key).toHaveProperty(key);
    }
    expect(data.stage).toBe('complete');
    expect(data.media).toMatchObject({ width: 320, height: 180, fps: 25, video_codec: 'h264', audio_codec: 'aac' });
    expect(data.media.duration).toBeCloseTo(TRUTH.duration, 0);
    expect(typeof data.media.container).toBe('string');
    expect(data.media.bitrate).toBeGreaterThan(0);
    expect(data.quality).toMatchObject({ no_audio: false, silent_audio: false, black_video: false, truncated: false });
    expect(data.loudness.integrated_lufs).toBeLessThan(-5);
    expect(data.loudness.integrated_lufs).toBeGreaterThan(-30);
    expect(typeof data.loudness.range_lu).toBe('number');
    expect(data.waveform.peaks.length).toBeGreaterThan(100);
    expect(data.thumbnails.poster).toBeTruthy();
    expect(data.thumbnails.strip).toBeTruthy();
    expect(data.thumbnails.frames.length).toBeGreaterThanOrEqual(4);
  });

  it('speech: talk time within 1 %, boundaries within 0.25 s', () => {
    const speech = results.body.data.speech;
    expect(Math.abs(speech.talk_time_s - TRUTH.talkTimeS) / TRUTH.talkTimeS).toBeLessThan(0.01);
    expect(speech.segments).toHaveLength(TRUTH.mixedSpeech.length);
    speech.segments.forEach(([s, e]: [number, number], i: number) => {
      const [ts, te] = TRUTH.mixedSpeech[i]!;
      expect(Math.abs(s - ts)).toBeLessThan(0.25);
      expect(Math.abs(e - te)).toBeLessThan(0.25);
    });
    expect(Math.abs(speech.silence_time_s - (TRUTH.duration - TRUTH.talkTimeS))).toBeLessThan(0.25);
    expect(Math.abs(speech.longest_monologue_s - 2)).toBeLessThan(0.25);
  });

  it('scenes: the hard cuts within one frame', () => {
    const cuts = results.body.data.scenes.cuts as number[];
    expect(cuts).toHaveLength(TRUTH.cuts.length);
    cuts.forEach((t, i) => expect(Math.abs(t - TRUTH.cuts[i]!)).toBeLessThanOrEqual(FRAME + 1e-6));
  });

  it('the upload is a transient session: hidden from the library list', async () => {
    const list = await server.api('/api/v1/sessions', { query: { limit: 500, exclude_failed: false } });
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: Loose) => s.id)).not.toContain(sessionId);
  });
});

describe('status reflects the job', () => {
  it("is 'processing' as soon as the job runs (never 'queued' while its job is running)", async () => {
    // The queue is idle: the upload's job is claimed while the upload is answered. The job row is read first, the
    // status second, so a running job seen in the row must already show in the status.
    const up = await upload(fx.meeting, { fileName: 'runs-at-once.mp4' });
    expect(up.status).toBe(202);
    const id = up.body.sessionId;
    const db = openDbReadonly(server.dataDir);
    try {
      const job = db.prepare('SELECT state FROM jobs WHERE session_id = ?').get(id) as { state: string };
      const st = (await server.api(`/api/v1/video/status/${id}`)).body;
      if (job.state === 'running') expect(st.status).toBe('processing');
      else expect(job.state).toBe('queued'); // then the status may say queued
    } finally {
      db.close();
    }
    await waitForState(id, ['completed', 'failed']);
  });

  it('the live library feed (SSE) never carries a transient session; its job progress does go out', async () => {
    const events = await openEvents(server.url, server.admin);
    try {
      const up = await upload(fx.audioOnly, { fileName: 'not-in-library-feed.m4a' });
      const id = up.body.sessionId;
      await events.waitFor(
        (e) => e.event === 'job.progress' && e.data.session_id === id && e.data.state === 'done',
        30_000,
      );
      const leaked = events.events.filter(
        (e) => e.event.startsWith('session.') && (e.data.session?.id ?? e.data.id) === id,
      );
      expect(leaked).toEqual([]);
    } finally {
      events.close();
    }
  });

  it('expires_at in every answer (upload, status, results, cancel)', async () => {
    const up = await upload(fx.audioOnly, { fileName: 'expires-everywhere.m4a' });
    const id = up.body.sessionId;
    expect(up.body.expires_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    await waitForState(id, ['completed', 'failed']);
    const st = await server.api(`/api/v1/video/status/${id}`);
    const res = await server.api(`/api/v1/video/results/${id}`);
    const cancel = await server.api(`/api/v1/video/cancel/${id}`, { method: 'POST' });
    expect(st.body.expires_at).toBe(up.body.expires_at);
    expect(res.body.expires_at).toBe(up.body.expires_at);
    // Cancelling a finished analysis is refused (409, naming its state), still with expires_at.
    expect(cancel.status).toBe(409);
    expect(cancel.body.status).toBe('completed');
    expect(cancel.body.expires_at).toBe(up.body.expires_at);
  });
});

describe('analysis_type', () => {
  it("'audio' computes speech only; 'video' computes scenes only", async () => {
    const audio = await upload(fx.meeting, { fields: { analysis_type: 'audio' }, fileName: 'audio-only-run.mp4' });
    const video = await upload(fx.meeting, { fields: { analysis_type: 'video' }, fileName: 'video-only-run.mp4' });
    expect(audio.status).toBe(202);
    expect(video.status).toBe(202);
    await waitForState(audio.body.sessionId, ['completed', 'failed']);
    await waitForState(video.body.sessionId, ['completed', 'failed']);
    const a = (await server.api(`/api/v1/video/results/${audio.body.sessionId}`)).body.data;
    const v = (await server.api(`/api/v1/video/results/${video.body.sessionId}`)).body.data;
    expect(Math.abs(a.speech.talk_time_s - TRUTH.talkTimeS) / TRUTH.talkTimeS).toBeLessThan(0.01);
    expect(a.scenes).toBeNull();
    expect(v.speech).toBeNull();
    expect(v.scenes.cuts).toHaveLength(TRUTH.cuts.length);
  });
});

describe('params (analysis tuning)', () => {
  it('min_pause_s and scene_threshold change the analysis as constructed; unknown keys are named as unused', async () => {
    // The fixture's speech has 1 s pauses: with min_pause_s 1.5 they are part of speech, so talk time runs from the
    // first word (1 s) to the last (10.5 s). scene_threshold 100 is a score no cut reaches.
    const params = JSON.stringify({ min_pause_s: 1.5, scene_threshold: 100, language: 'en' });
    const tuned = await upload(fx.meeting, { fields: { params }, fileName: 'tuned.mp4' });
    expect(tuned.status).toBe(202);
    expect(tuned.body.message).toContain('params not used by this analysis: language');
    expect(tuned.body.message).not.toContain('min_pause_s');
    await waitForState(tuned.body.sessionId, ['completed', 'failed']);
    const data = (await server.api(`/api/v1/video/results/${tuned.body.sessionId}`)).body.data;
    const spanS = TRUTH.mixedSpeech.at(-1)![1] - TRUTH.mixedSpeech[0]![0];
    expect(Math.abs(data.speech.talk_time_s - spanS) / spanS).toBeLessThan(0.01);
    expect(data.scenes.cuts).toEqual([]);
  });

  it('fields sent after the file (curl -F video=@f -F params=…) are used; a bad late field stores nothing', async () => {
    const late = await upload(fx.meeting, {
      fieldsLast: true,
      fields: { analysis_type: 'video', params: '{"scene_threshold": 100}' },
      fileName: 'late-fields.mp4',
    });
    expect(late.status, late.text).toBe(202);
    await waitForState(late.body.sessionId, ['completed', 'failed']);
    const data = (await server.api(`/api/v1/video/results/${late.body.sessionId}`)).body.data;
    expect(data.speech).toBeNull(); // analysis_type 'video' was read
    expect(data.scenes.cuts).toEqual([]); // and so were the params

    const folders = readdirSync(server.app.paths.libraryDir);
    const bad = await upload(fx.meeting, { fieldsLast: true, fields: { params: '{"min_pause_s": -1}' } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('params.min_pause_s');
    // Nothing added (other sessions' folders may come and go meanwhile).
    expect(readdirSync(server.app.paths.libraryDir).filter((f) => !folders.includes(f))).toEqual([]);
  });

  it("out-of-range or mistyped known params: 400 naming 'params.<key>'", async () => {
    for (const [params, field] of [
      ['{"scene_threshold": 0}', 'params.scene_threshold'],
      ['{"silence_threshold_db": 5}', 'params.silence_threshold_db'],
      ['{"min_pause_s": "long"}', 'params.min_pause_s'],
    ]) {
      const r = await upload(fx.noAudio, { fields: { params: params! } });
      expect(r.status, params).toBe(400);
      expect(r.body.field, params).toBe(field);
    }
  });
});

describe('errors', () => {
  it('unknown id: 404 { error: Session not found, sessionId, code: 404 } on status, results and cancel', async () => {
    const id = 'ses_doesnotexist';
    for (const [method, path] of [
      ['GET', `/api/v1/video/results/${id}`],
      ['GET', `/api/v1/video/status/${id}`],
      ['POST', `/api/v1/video/cancel/${id}`],
      ['DELETE', `/api/v1/video/cleanup/${id}`],
    ] as const) {
      const r = await server.api(path, { method });
      expect(r.status, path).toBe(404);
      expect(r.body, path).toMatchObject({ error: 'Session not found', sessionId: id, code: 404 });
    }
  });

  it('a library session id is not a /video session (404)', async () => {
    const imp = await server.api('/api/v1/sessions/import', { method: 'POST', json: { path: fx.noAudio } });
    expect(imp.status).toBe(202);
    const id = imp.body.sessions[0].id;
    const r = await server.api(`/api/v1/video/results/${id}`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: 'Session not found', code: 404 });
  });

  it('garbage and stream-less files: status failed, results 409 { error: Analysis failed, message, sessionId }', async () => {
    for (const file of [fx.garbage, fx.noStreams]) {
      const up = await upload(file);
      expect(up.status, file).toBe(202);
      const id = up.body.sessionId;
      const st = await waitForState(id, ['completed', 'failed', 'cancelled']);
      expect(st.status, file).toBe('failed');
      expect(st.message.length).toBeGreaterThan(0);
      const r = await server.api(`/api/v1/video/results/${id}`);
      expect(r.status, file).toBe(409);
      expect(r.body).toMatchObject({ error: 'Analysis failed', sessionId: id, code: 409 });
      expect(typeof r.body.message).toBe('string');
      expect(r.body.message.length).toBeGreaterThan(5);
    }
  });

  it("bad analysis_type: 400 naming 'analysis_type'", async () => {
    const r = await upload(fx.noAudio, { fields: { analysis_type: 'everything' } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(400);
    expect(JSON.stringify(r.body)).toContain('analysis_type');
  });

  it("bad params JSON: 400 naming 'params'", async () => {
    for (const params of ['{not json', '[1,2]', '"text"']) {
      const r = await upload(fx.noAudio, { fields: { params } });
      expect(r.status, params).toBe(400);
      expect(r.body.code).toBe(400);
      expect(JSON.stringify(r.body), params).toContain('params');
    }
    const ok = await upload(fx.noAudio, { fields: { params: '{"language":"en"}' }, fileName: 'with-params.mp4' });
    expect(ok.status).toBe(202);
  });

  it('a 400 on an upload does not stall the keep-alive connection (the next request is answered)', async () => {
    // Clients such as Python requests.Session and Node's global agent reuse connections. A server that answers
    // before reading the rest of the multipart body must discard it or close the connection.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = Buffer.alloc(512 * 1024, 7); // bigger than the socket buffers: the server must read or drop it
      const timeout = <T>(p: Promise<T>): Promise<T | 'timed out'> =>
        Promise.race([p, new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), 5000))]);
      const bad = await timeout(
        uploadMultipart(server.url, UPLOAD, body, { token: server.admin, agent, fields: { params: '{not json' } }),
      );
      expect(bad === 'timed out' ? bad : bad.status).toBe(400);
      const next = await timeout(
        uploadMultipart(server.url, UPLOAD, body, { token: server.admin, agent, fields: { analysis_type: 'x' } }),
      );
      expect(next === 'timed out' ? next : next.status).toBe(400);
    } finally {
      agent.destroy();
    }
  });

  it("no file: 400 naming 'video'; empty file: 400 naming 'video'", async () => {
    const none = await upload(fx.noAudio, { fileField: null, fields: { analysis_type: 'full' } });
    expect(none.status).toBe(400);
    expect(JSON.stringify(none.body)).toContain('video');
    const empty = await upload(Buffer.alloc(0), { fileName: 'empty.mp4' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('video');
  });

  it('no token or a wrong token: 401 on every /video route', async () => {
    const up = await upload(fx.noAudio, { token: null });
    expect(up.status).toBe(401);
    const bad = await upload(fx.noAudio, { token: 'not-a-token' });
    expect(bad.status).toBe(401);
    for (const [method, path] of [
      ['GET', '/api/v1/video/status/ses_x'],
      ['GET', '/api/v1/video/results/ses_x'],
      ['POST', '/api/v1/video/cancel/ses_x'],
      ['DELETE', '/api/v1/video/cleanup/ses_x'],
    ] as const) {
      const r = await server.api(path, { method, token: null });
      expect(r.status, path).toBe(401);
    }
  });

  it("a coach sees only their own uploads (another coach's: 404 everywhere)", async () => {
    const coachA = server.app.tokens.createCoachToken('coach-a');
    const coachB = server.app.tokens.createCoachToken('coach-b');
    const up = await uploadMultipart(server.url, UPLOAD, fx.audioOnly, { token: coachA });
    expect(up.status).toBe(202);
    const id = up.body.sessionId;
    await waitForState(id, ['completed', 'failed'], coachA);
    expect((await server.api(`/api/v1/video/results/${id}`, { token: coachA })).status).toBe(200);
    for (const [method, path] of [
      ['GET', `/api/v1/video/status/${id}`],
      ['GET', `/api/v1/video/results/${id}`],
      ['POST', `/api/v1/video/cancel/${id}`],
      ['DELETE', `/api/v1/video/cleanup/${id}`],
    ] as const) {
      const r = await server.api(path, { method, token: coachB });
      expect(r.status, path).toBe(404);
    }
    // Nothing coach B tried changed anything.
    const after = await server.api(`/api/v1/video/status/${id}`, { token: coachA });
    expect(after.body.status).toBe('completed');
    expect((await server.api(`/api/v1/video/results/${id}`)).status).toBe(200); // admin sees all
  });
});

describe('DELETE /video/cleanup/{id}', () => {
  it('answers { message }, removes the files, the folder and every row; status is then 404', async () => {
    const up = await upload(fx.meeting, { fileName: 'to-clean.mp4' });
    const id = up.body.sessionId;
    await waitForState(id, ['completed', 'failed']);
    const folder = join(server.app.paths.libraryDir, id);
    expect(existsSync(folder)).toBe(true);
    expect(readdirSync(join(folder, 'analysis')).length).toBeGreaterThan(0);

    const r = await server.api(`/api/v1/video/cleanup/${id}`, { method: 'DELETE' });
    expect(r.status).toBe(200);
    expect(typeof r.body.message).toBe('string');
    expect(existsSync(folder)).toBe(false);
    const db = openDbReadonly(server.dataDir);
    try {
      for (const table of ['sessions']) {
        expect(db.prepare(`SELECT COUNT(*) FROM ${table} WHERE id = ?`).pluck().get(id), table).toBe(0);
      }
      for (const table of ['session_files', 'jobs', 'analyses', 'participants']) {
        expect(db.prepare(`SELECT COUNT(*) FROM ${table} WHERE session_id = ?`).pluck().get(id), table).toBe(0);
      }
      const chunks = db
        .prepare('SELECT COUNT(*) FROM job_chunks WHERE job_id NOT IN (SELECT id FROM jobs)')
        .pluck()
        .get();
      expect(chunks).toBe(0);
    } finally {
      db.close();
    }
    const st = await server.api(`/api/v1/video/status/${id}`);
    expect(st.status).toBe(404);
    expect(st.body).toMatchObject({ error: 'Session not found', sessionId: id, code: 404 });
    expect((await server.api(`/api/v1/video/results/${id}`)).status).toBe(404);
  });
});
