/**
 * kill -9 of `filmroom serve` in the middle of a chunked analysis, then a restart on the same data folder: the job
 * resumes from the chunks already finished (their job_chunks rows are not touched again), the orphaned ffmpeg of
 * the killed server are reaped, and the results equal those of an uninterrupted run of the same file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, type Loose } from '../../helpers/server.js';
import {
  ffmpegProcessesWith,
  killFfmpegWith,
  makeLongRecording,
  openDbReadonly,
  sleep,
  uploadMultipart,
  waitUntil,
} from './helpers.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
let dir: string;
let dataDir: string;
let long: string;
let child: ChildProcess | undefined;
let stderr = '';

interface Running {
  url: string;
  token: string;
  proc: ChildProcess;
}

async function serve(): Promise<Running> {
  rmSync(join(dataDir, 'api.json'), { force: true });
  stderr = '';
  const proc = spawn(
    process.execPath,
    [join(repoRoot, 'bin/filmroom.js'), 'serve', '--data-dir', dataDir, '--port', '0'],
    {
      cwd: repoRoot,
      env: { ...process.env, FILMROOM_WATCH_FOLDERS: '0', FILMROOM_AUTO_ANALYZE: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child = proc;
  const info = await waitUntil(
    () => {
      if (proc.exitCode !== null) throw new Error(`filmroom serve exited ${proc.exitCode}: ${stderr}`);
      if (!existsSync(join(dataDir, 'api.json'))) return undefined;
      try {
        return JSON.parse(readFileSync(join(dataDir, 'api.json'), 'utf8')) as { url: string };
      } catch {
        return undefined; // being written
      }
    },
    { timeoutMs: 30_000, intervalMs: 50, what: 'filmroom serve to listen' },
  );
  const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
  return { url: info.url, token, proc };
}

async function stop(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  await exited;
}

interface ChunkRow {
  idx: number;
  state: string;
  attempts: number;
  updated_at: string;
  result: string | null;
}

function chunks(jobId: string): ChunkRow[] {
  const db = openDbReadonly(dataDir);
  try {
    return db
      .prepare('SELECT idx, state, attempts, updated_at, result FROM job_chunks WHERE job_id = ? ORDER BY idx')
      .all(jobId) as ChunkRow[];
  } finally {
    db.close();
  }
}

function jobOf(sessionId: string): { id: string; state: string; attempts: number } | undefined {
  const db = openDbReadonly(dataDir);
  try {
    return db.prepare('SELECT id, state, attempts FROM jobs WHERE session_id = ?').get(sessionId) as
      { id: string; state: string; attempts: number } | undefined;
  } finally {
    db.close();
  }
}

async function waitDone(s: Running, id: string): Promise<Loose> {
  const st = await waitUntil(
    async () => {
      const r = await apiRequest(s.url, s.token, `/api/v1/video/status/${id}`);
      return ['completed', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 200, what: 'analysis end' },
  );
  expect(st.status).toBe('completed');
  const res = await apiRequest(s.url, s.token, `/api/v1/video/results/${id}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'filmroom-crash-'));
  dataDir = join(dir, 'data');
  // 660 s: more than two 300 s chunks, so the engine plans 3 and runs 2 at a time (one finishes before the last).
  long = makeLongRecording(dir, 60, 11, '640x360');
}, 120_000);

afterAll(async () => {
  if (child) await stop(child, 'SIGKILL');
  killFfmpegWith(dataDir);
  rmSync(dir, { recursive: true, force: true });
});

describe('kill -9 of filmroom serve mid-analysis, then restart', () => {
  it('resumes from the finished chunks and ends with the same results as an uninterrupted run', async () => {
    let s = await serve();
    const up = await uploadMultipart(s.url, '/api/v1/video/upload', long, { token: s.token });
    expect(up.status).toBe(202);
    expect(up.answerMs).toBeLessThan(500); // ~150 MB, answered within 500 ms of the body arriving
    const id = up.body.sessionId as string;
    const folder = join(dataDir, 'library', id);

    // Wait for a chunk to be done while another is not, then kill -9.
    const job = await waitUntil(() => jobOf(id), { what: 'job row' });
    await waitUntil(
      () => {
        const rows = chunks(job.id);
        const done = rows.filter((r) => r.state === 'done').length;
        if (rows.length > 0 && done === rows.length) throw new Error('every chunk finished before the kill');
        return done >= 1;
      },
      { timeoutMs: 120_000, intervalMs: 20, what: 'a finished chunk' },
    );
    await stop(s.proc, 'SIGKILL');
    const before = chunks(job.id);
    expect(before.length).toBeGreaterThanOrEqual(3);
    const doneBefore = before.filter((r) => r.state === 'done');
    expect(doneBefore.length).toBeGreaterThanOrEqual(1);
    expect(doneBefore.length).toBeLessThan(before.length);
    expect(jobOf(id)?.state).toBe('running'); // the crash left it so

    s = await serve();
    const resumed = await waitDone(s, id);

    const after = chunks(job.id);
    expect(after.map((r) => r.idx)).toEqual(before.map((r) => r.idx)); // same plan
    expect(after.every((r) => r.state === 'done')).toBe(true);
    for (const d of doneBefore) {
      // Not redone: the row was not touched again.
      const a = after.find((r) => r.idx === d.idx)!;
      expect({ idx: a.idx, attempts: a.attempts, updated_at: a.updated_at, result: a.result }).toEqual({
        idx: d.idx,
        attempts: d.attempts,
        updated_at: d.updated_at,
        result: d.result,
      });
    }
    for (const b of before.filter((r) => r.state !== 'done')) {
      const a = after.find((r) => r.idx === b.idx)!;
      expect(a.updated_at > b.updated_at).toBe(true);
    }
    expect(jobOf(id)).toMatchObject({ state: 'done', attempts: 2 });
    // The killed server's ffmpeg children were reaped; nothing of this session runs any more.
    expect(ffmpegProcessesWith(folder)).toEqual([]);

    // The same file, uninterrupted.
    const again = await uploadMultipart(s.url, '/api/v1/video/upload', long, { token: s.token, fileName: 'again.mp4' });
    expect(again.status).toBe(202);
    const clean = await waitDone(s, again.body.sessionId);

    expect(resumed.speech).toEqual(clean.speech);
    expect(resumed.scenes).toEqual(clean.scenes);
    expect(resumed.scenes.count).toBeGreaterThan(50);
    expect(resumed.loudness).toEqual(clean.loudness);
    expect(resumed.quality).toEqual(clean.quality);
    expect(resumed.thumbnails.frames.map((f: Loose) => f.t)).toEqual(clean.thumbnails.frames.map((f: Loose) => f.t));
    expect(resumed.media.duration).toBe(clean.media.duration);

    await stop(s.proc, 'SIGTERM');
    await sleep(100);
  }, 170_000);
});
