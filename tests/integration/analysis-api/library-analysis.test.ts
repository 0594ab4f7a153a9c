/**
 * Analysis of library sessions through the HTTP API: POST /sessions/{id}/analyze, progress in the session and on
 * SSE (≤ 10 events/s per job), stage-1 data before completion, final data with per-speaker shares from Zoom
 * participant tracks, thumbnails as session files behind signed URLs, cancel, Range requests on the recording,
 * and deleting a session while its analysis runs.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../../main/platform/clock.js';
import { createAnalysisFixtures, TRUTH, type AnalysisFixtures } from '../../helpers/analysis-fixtures.js';
import { openEvents, startTestServer, type Loose, type SseStream, type TestServer } from '../../helpers/server.js';
import { ffmpegProcessesWith, killFfmpegWith, makeLongRecording, openDbReadonly, waitUntil } from './helpers.js';

/** Real time plus an offset the test can move (signed-URL expiry), so the queue's progress throttle still works. */
class OffsetClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

const clock = new OffsetClock();
let fx: AnalysisFixtures;
let dir: string;
let server: TestServer;
let events: SseStream;

beforeAll(async () => {
  fx = createAnalysisFixtures();
  dir = mkdtempSync(join(tmpdir(), 'filmroom-lib-analysis-'));
  server = await startTestServer({ watchFolders: false, autoAnalyze: false, clock });
  events = await openEvents(server.url, server.admin);
}, 120_000);

afterAll(async () => {
  events?.close();
  if (server) killFfmpegWith(server.app.paths.libraryDir);
  await server?.close();
  fx?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function importPath(path: string): Promise<string> {
  const r = await server.api('/api/v1/sessions/import', { method: 'POST', json: { path } });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  expect(r.body.sessions).toHaveLength(1);
  const id = r.body.sessions[0].id as string;
  await waitUntil(
    async () => {
      const s = await server.api(`/api/v1/sessions/${id}`);
      return s.body.status !== 'pending' && s.body.status !== 'importing' ? s.body : undefined;
    },
    { what: 'import' },
  );
  return id;
}

async function analyze(id: string): Promise<string> {
  const r = await server.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' });
  expect(r.status).toBe(202);
  expect(typeof r.body.job_id).toBe('string');
  return r.body.job_id;
}

const session = async (id: string): Promise<Loose> => (await server.api(`/api/v1/sessions/${id}`)).body;
const sum = (segs: readonly (readonly [number, number])[]): number => segs.reduce((a, [s, e]) => a + e - s, 0);

describe('a Zoom meeting with per-participant tracks', () => {
  let id: string;
  let final: Loose;

  beforeAll(async () => {
    const folder = join(dir, '2024-11-02 09.05.00 Goal review');
    mkdirSync(join(folder, 'Audio Record'), { recursive: true });
    copyFileSync(fx.meeting, join(folder, 'video1730538300.mp4'));
    copyFileSync(fx.speakerA, join(folder, 'Audio Record', 'audioCoachKim11730538300.m4a'));
    copyFileSync(fx.speakerB, join(folder, 'Audio Record', 'audioLeePark21730538300.m4a'));
    id = await importPath(folder);
    await analyze(id);
    final = await waitUntil(
      async () => {
        const r = await server.api(`/api/v1/sessions/${id}/analysis`);
        return ['ready', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
      },
      { what: 'analysis end' },
    );
  }, 90_000);

  it('ends ready with complete data; the session is ready at 100 %', async () => {
    expect(final).toMatchObject({ session_id: id, status: 'ready', progress: 100, error: null });
    expect(final.data.stage).toBe('complete');
    const s = await session(id);
    expect(s).toMatchObject({ status: 'ready', analysis_status: 'ready', analysis_progress: 100 });
  });

  it('per-speaker talk time within 1 % and shares within 1 point, from the participant tracks', () => {
    const speakers = final.data.speakers;
    expect(speakers.source).toBe('participant_audio');
    expect(speakers.per_speaker).toHaveLength(2);
    const a = sum(TRUTH.speakerA);
    const b = sum(TRUTH.speakerB);
    const byTalk = [...speakers.per_speaker].sort((x: Loose, y: Loose) => x.talk_time_s - y.talk_time_s);
    const [coach, client] = byTalk as Loose[]; // A speaks 3.0 s, B 3.5 s
    expect(coach.name).toMatch(/kim/i);
    expect(client.name).toMatch(/lee/i);
    expect(Math.abs(coach.talk_time_s - a) / a).toBeLessThan(0.01);
    expect(Math.abs(client.talk_time_s - b) / b).toBeLessThan(0.01);
    expect(Math.abs(coach.share - a / (a + b))).toBeLessThan(0.01);
    expect(Math.abs(client.share - b / (a + b))).toBeLessThan(0.01);
    expect(Math.abs(final.data.speech.talk_time_s - TRUTH.talkTimeS) / TRUTH.talkTimeS).toBeLessThan(0.01);
  });

  it('thumbnails are recorded as session files and fetchable through the signed artifacts URL', async () => {
    const s = await session(id);
    const thumbs = (s.files as Loose[]).filter((f) => f.kind === 'thumbnail');
    const th = final.data.thumbnails;
    const names = [th.poster, th.strip, ...th.frames.map((f: Loose) => f.file)];
    for (const n of names) expect(thumbs.map((f) => f.name)).toContain(n);
    for (const f of thumbs) expect(f.size).toBeGreaterThan(0);

    const urls = await server.api(`/api/v1/sessions/${id}/media-url`);
    expect(urls.status).toBe(200);
    for (const n of [th.poster, th.strip]) {
      const r = await fetch(server.url + String(urls.body.artifacts_url).replace('{name}', n));
      expect(r.status, n).toBe(200);
      const bytes = Buffer.from(await r.arrayBuffer());
      expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8'); // JPEG
      expect(bytes.length).toBe(thumbs.find((f) => f.name === n).size);
    }
    const noAuth = await fetch(`${server.url}/api/v1/sessions/${id}/artifacts/${th.poster}`);
    expect(noAuth.status).toBe(401);
    const escape = await fetch(
      server.url + String(urls.body.artifacts_url).replace('{name}', encodeURIComponent('../video1730538300.mp4')),
    );
    expect([400, 403, 404]).toContain(escape.status);
  });
});

describe('GET /sessions/{id}/media (Range, signed URLs)', () => {
  let id: string;
  let original: Buffer;

  beforeAll(async () => {
    const file = join(dir, 'range-source.mp4');
    copyFileSync(fx.noAudio, file);
    original = readFileSync(file);
    id = await importPath(file);
  });

  it('Range bytes=0-99 → 206 with exactly those 100 bytes; bytes=N- seeks to the end', async () => {
    const first = await server.api(`/api/v1/sessions/${id}/media`, { headers: { range: 'bytes=0-99' } });
    expect(first.status).toBe(206);
    expect(first.headers.get('content-range')).toBe(`bytes 0-99/${original.length}`);
    const r0 = await fetch(`${server.url}/api/v1/sessions/${id}/media`, {
      headers: { authorization: `Bearer ${server.admin}`, range: 'bytes=0-99' },
    });
    const b0 = Buffer.from(await r0.arrayBuffer());
    expect(b0.length).toBe(100);
    expect(b0.equals(original.subarray(0, 100))).toBe(true);

    const n = Math.floor(original.length / 2) + 17;
    const r1 = await fetch(`${server.url}/api/v1/sessions/${id}/media`, {
      headers: { authorization: `Bearer ${server.admin}`, range: `bytes=${n}-` },
    });
    expect(r1.status).toBe(206);
    expect(r1.headers.get('content-range')).toBe(`bytes ${n}-${original.length - 1}/${original.length}`);
    const b1 = Buffer.from(await r1.arrayBuffer());
    expect(b1.equals(original.subarray(n))).toBe(true);
    expect(r1.headers.get('accept-ranges')).toBe('bytes');
  });

  it('the signed URL works without a token; tampered or expired signatures get 401', async () => {
    const urls = await server.api(`/api/v1/sessions/${id}/media-url`);
    expect(urls.status).toBe(200);
    const signed = server.url + urls.body.url;
    const ok = await fetch(signed, { headers: { range: 'bytes=0-9' } });
    expect(ok.status).toBe(206);
    expect(Buffer.from(await ok.arrayBuffer()).equals(original.subarray(0, 10))).toBe(true);

    const u = new URL(signed);
    const sig = u.searchParams.get('sig')!;
    const tampered = new URL(signed);
    tampered.searchParams.set('sig', (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    expect((await fetch(tampered)).status).toBe(401);
    const longer = new URL(signed);
    longer.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 86_400));
    expect((await fetch(longer)).status).toBe(401);
    const otherSession = new URL(signed.replace(id, 'ses_someoneelse'));
    expect([401, 404]).toContain((await fetch(otherSession)).status);
    expect((await fetch(`${server.url}/api/v1/sessions/${id}/media`)).status).toBe(401);

    clock.offsetMs = 2 * 3_600_000; // past the 1 h lifetime
    try {
      expect((await fetch(signed)).status).toBe(401);
    } finally {
      clock.offsetMs = 0;
    }
    expect((await fetch(signed, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
  });
});

describe('a long recording (240 s, 640x360)', () => {
  let longId: string | undefined;
  let longFinal: Loose;

  it('progress in the session and on SSE (≤ 10/s per job), stage-1 data before completion, then complete', async () => {
    const file = makeLongRecording(dir, 60, 4, '640x360');
    const id = await importPath(file);
    const startedAt = Date.now();
    const jobId = await analyze(id);
    const sessions: Loose[] = [];
    let stage1: Loose;
    const final = await waitUntil(
      async () => {
        const [s, a] = await Promise.all([session(id), server.api(`/api/v1/sessions/${id}/analysis`)]);
        sessions.push(s);
        if (a.body.status !== 'ready' && a.body.data?.stage === 'audio') stage1 ??= a.body;
        return ['ready', 'failed', 'cancelled'].includes(a.body.status) ? a.body : undefined;
      },
      // A 60 s recording's full analysis: seconds on an idle box, a minute or more when the box is shared.
      { intervalMs: 40, what: 'analysis end', timeoutMs: 200_000 },
    );
    const elapsedS = (Date.now() - startedAt) / 1000;
    longId = id;
    longFinal = final;

    expect(final.status).toBe('ready');
    expect(final.data.stage).toBe('complete');
    expect(final.data.scenes.count).toBeGreaterThan(20);

    // Stage 1 was readable while the video stage still ran: speech in, scenes not yet.
    expect(stage1).toBeDefined();
    expect(stage1.status).toBe('processing');
    expect(stage1.data.speech.talk_time_s).toBe(final.data.speech.talk_time_s);
    expect(stage1.data.scenes).toBeNull();

    // The session row follows: processing with rising progress, then ready at 100.
    const during = sessions.filter((s) => s.analysis_status === 'processing');
    expect(during.length).toBeGreaterThan(2);
    const progress = during.map((s) => s.analysis_progress as number);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(new Set(progress).size).toBeGreaterThan(2);
    expect(during.every((s) => s.status === 'processing')).toBe(true);
    expect(sessions.at(-1)).toMatchObject({ status: 'ready', analysis_status: 'ready', analysis_progress: 100 });

    // SSE: job.progress events for this job, at most 10 a second.
    await events.waitFor((e) => e.event === 'job.progress' && e.data.job_id === jobId && e.data.state === 'done');
    const mine = events.events.filter((e) => e.event === 'job.progress' && e.data.job_id === jobId);
    expect(mine.length).toBeGreaterThan(3);
    expect(mine.every((e) => e.data.session_id === id)).toBe(true);
    const running = mine.filter((e) => e.data.state === 'running').map((e) => e.data.progress as number);
    expect([...running].sort((a, b) => a - b)).toEqual(running);
    expect(mine.length).toBeLessThanOrEqual(Math.ceil(elapsedS * 10) + 4);
    expect(arrivals.get(jobId)?.length).toBe(mine.length);
    expect(maxPerSecond(jobId)).toBeLessThanOrEqual(10 + 2); // + the state changes (queued/running/done)
  }, 240_000);

  it('status and analysis_status agree as soon as the job runs (not processing + queued)', async () => {
    const file = join(dir, 'agree.m4a');
    copyFileSync(fx.audioOnly, file);
    const id = await importPath(file);
    await analyze(id);
    // The queue was idle, so the job was claimed before the 202: the session must say so consistently.
    const right = await session(id);
    if (right.status === 'processing') expect(right.analysis_status).toBe('processing');
    else expect(right.analysis_status).toBe('queued');
    await waitUntil(async () => (await session(id)).analysis_status === 'ready', { what: 'ready' });
  });

  it('a cancelled re-analysis keeps the previous complete results (and the session stays ready)', async () => {
    expect(longId).toBeDefined();
    const id = longId!;
    const folder = join(server.app.paths.libraryDir, id);
    await analyze(id);
    await waitUntil(
      async () => {
        const a = (await server.api(`/api/v1/sessions/${id}/analysis`)).body;
        if (a.status === 'ready') throw new Error('finished before it could be cancelled');
        return a.status === 'processing' && a.progress > 20 && ffmpegProcessesWith(folder).length > 0;
      },
      { intervalMs: 20, what: 're-analysis in its video stage' },
    );
    const r = await server.api(`/api/v1/sessions/${id}/analysis/cancel`, { method: 'POST' });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('cancelled');
    const a = (await server.api(`/api/v1/sessions/${id}/analysis`)).body;
    // What the review view shows: the last complete analysis, not the half of a run that was cancelled.
    expect(a.data?.stage).toBe('complete');
    expect(a.data?.scenes).toEqual(longFinal.data.scenes);
    expect(a.data?.thumbnails).toEqual(longFinal.data.thumbnails);
    const s = await session(id);
    expect(s.status).toBe('ready');
  });

  it('POST /sessions/{id}/analysis/cancel mid-run: cancelled, no ffmpeg left, session back to uploaded', async () => {
    const file = makeLongRecording(dir, 60, 4, '640x360');
    const id = await importPath(file);
    await analyze(id);
    const folder = join(server.app.paths.libraryDir, id);
    await waitUntil(
      async () => {
        const a = (await server.api(`/api/v1/sessions/${id}/analysis`)).body;
        if (a.status === 'ready') throw new Error('finished before it could be cancelled');
        return a.status === 'processing' && a.progress > 20 && ffmpegProcessesWith(folder).length > 0;
      },
      { intervalMs: 20, what: 'video stage' },
    );
    const r = await server.api(`/api/v1/sessions/${id}/analysis/cancel`, { method: 'POST' });
    const left = ffmpegProcessesWith(folder);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ session_id: id, status: 'cancelled' });
    expect(left).toEqual([]);
    const s = await session(id);
    expect(s.analysis_status).toBe('cancelled');
    expect(s.status).toBe('uploaded');
  });

  it('DELETE /sessions/{id} while its analysis runs: 204, its ffmpeg killed, files and rows gone', async () => {
    const file = makeLongRecording(dir, 60, 4, '640x360');
    const id = await importPath(file);
    const jobId = await analyze(id);
    const folder = join(server.app.paths.libraryDir, id);
    await waitUntil(
      async () => {
        const a = (await server.api(`/api/v1/sessions/${id}/analysis`)).body;
        if (a.status === 'ready') throw new Error('finished before the delete');
        return a.status === 'processing' && a.progress > 20 && ffmpegProcessesWith(folder).length > 0;
      },
      { intervalMs: 20, what: 'video stage' },
    );
    const r = await server.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
    const left = ffmpegProcessesWith(folder);
    expect(r.status).toBe(204);
    expect(left).toEqual([]);
    expect(existsSync(folder)).toBe(false);
    expect((await server.api(`/api/v1/sessions/${id}`)).status).toBe(404);
    expect((await server.api(`/api/v1/sessions/${id}/analysis`)).status).toBe(404);
    const db = openDbReadonly(server.dataDir);
    try {
      expect(db.prepare('SELECT COUNT(*) FROM sessions WHERE id = ?').pluck().get(id)).toBe(0);
      for (const table of ['session_files', 'jobs', 'analyses', 'participants']) {
        expect(db.prepare(`SELECT COUNT(*) FROM ${table} WHERE session_id = ?`).pluck().get(id), table).toBe(0);
      }
      expect(db.prepare('SELECT COUNT(*) FROM job_chunks WHERE job_id = ?').pluck().get(jobId)).toBe(0);
    } finally {
      db.close();
    }
    // Still nothing a second later (no retry of the cancelled job).
    await new Promise((r) => setTimeout(r, 1000));
    expect(ffmpegProcessesWith(folder)).toEqual([]);
  });
});

/** Most SSE job.progress events of one job that arrived within any 1-second window (by arrival order/time). */
function maxPerSecond(jobId: string): number {
  const times = arrivals.get(jobId) ?? [];
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/** Arrival times of job.progress events per job, recorded as they come in. */
const arrivals = new Map<string, number[]>();
beforeAll(async () => {
  await waitUntil(() => events !== undefined, { what: 'event stream' });
  const push = events.events.push.bind(events.events);
  events.events.push = (...items) => {
    for (const e of items) {
      if (e.event !== 'job.progress') continue;
      const list = arrivals.get(e.data.job_id) ?? [];
      list.push(performance.now());
      arrivals.set(e.data.job_id, list);
    }
    return push(...items);
  };
});
