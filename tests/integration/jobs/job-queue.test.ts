import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProcess } from '../../../main/analysis/ffmpeg/run-ffmpeg.js';
import { z } from 'zod';
import {
  defineJobType,
  DuplicateJobTypeError,
  InvalidJobPayloadError,
  JobQueue,
  jobRegistration,
  UnknownJobTypeError,
  type JobEvent,
  type JobHandler,
  type JobQueueDeps,
  type JobType,
} from '../../../main/jobs/index.js';
import type { WorkDb } from '../../../main/db/index.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { createTestDb } from '../../helpers/analysis-fixtures.js';
import { isAlive } from '../../helpers/processes.js';

let dir: string;
let dbFile: string;
let db: Database.Database;
const queues: JobQueue[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'filmroom-queue-'));
  dbFile = join(dir, 'library.db');
  db = createTestDb(dbFile);
});
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

type Payload = Record<string, unknown>;
const types = new Map<string, JobType<Payload>>();
/** A job type whose payload is any object (these tests are about the queue, not about payloads). */
const t = (name: string): JobType<Payload> => {
  let type = types.get(name);
  if (!type) types.set(name, (type = defineJobType({ name, payload: z.record(z.string(), z.unknown()) })));
  return type;
};

function makeQueue(handlers: Record<string, JobHandler<Payload>>, extra: Partial<JobQueueDeps> = {}): JobQueue {
  const q = new JobQueue({ db: db as WorkDb, backoff: { baseMs: 30 }, ...extra });
  for (const [name, handler] of Object.entries(handlers)) q.register(jobRegistration(t(name), handler));
  queues.push(q);
  return q;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('JobQueue', () => {
  it('runs a job to done, persists its result and emits state events', async () => {
    const events: JobEvent[] = [];
    const q = makeQueue(
      { echo: async ({ job }) => ({ status: 'done', result: { got: job.payload } }) },
      { emit: (e) => events.push(e) },
    );
    q.start();
    const id = q.enqueue(t('echo'), { n: 1 });
    await q.waitForIdle();
    const job = q.get(id);
    expect(job).toMatchObject({ state: 'done', attempts: 1, progress: 100, result: { got: { n: 1 } } });
    expect(job?.finishedAt).not.toBeNull();
    expect(events.filter((e) => e.jobId === id).map((e) => e.state)).toEqual(['queued', 'running', 'done']);
  });

  it('retries with exponential backoff, then succeeds', async () => {
    const delays: number[] = [];
    const claimedAt: number[] = [];
    const q = makeQueue(
      {
        flaky: async ({ job }) => {
          claimedAt.push(Date.now());
          return job.attempts < 3 ? { status: 'retry', error: `transient ${job.attempts}` } : { status: 'done' };
        },
      },
      {
        emit: (e) => {
          if (e.state !== 'queued' || e.error === null) return;
          const job = q.get(e.jobId);
          if (job) delays.push(Date.parse(job.runAfter) - Date.parse(job.updatedAt));
        },
      },
    );
    q.start();
    const id = q.enqueue(t('flaky'), {}, { maxAttempts: 5 });
    await q.waitForIdle({ includeScheduled: true });
    expect(q.get(id)).toMatchObject({ state: 'done', attempts: 3 });
    expect(delays).toEqual([30, 60]);
    expect((claimedAt[1] ?? 0) - (claimedAt[0] ?? 0)).toBeGreaterThanOrEqual(25);
    expect((claimedAt[2] ?? 0) - (claimedAt[1] ?? 0)).toBeGreaterThanOrEqual(55);
  });

  it('gives up after maxAttempts (thrown errors count as retries); `failed` is final at once', async () => {
    const q = makeQueue({
      broken: async () => {
        throw new Error('disk on fire');
      },
      hopeless: async () => ({ status: 'failed', error: 'not a video' }),
    });
    q.start();
    const a = q.enqueue(t('broken'), {}, { maxAttempts: 2 });
    const b = q.enqueue(t('hopeless'), {}, { maxAttempts: 5 });
    await q.waitForIdle({ includeScheduled: true });
    expect(q.get(a)).toMatchObject({ state: 'failed', attempts: 2, error: 'gave up after 2 attempt(s): disk on fire' });
    expect(q.get(b)).toMatchObject({ state: 'failed', attempts: 1, error: 'not a video' });
  });

  it('never runs more jobs at once than the concurrency limit, and honours priority', async () => {
    for (const limit of [1, 2, 3]) {
      let active = 0;
      let peak = 0;
      const order: number[] = [];
      const q = makeQueue(
        {
          work: async ({ job }) => {
            order.push((job.payload as { n: number }).n);
            peak = Math.max(peak, ++active);
            await sleep(30);
            active--;
            return { status: 'done' };
          },
        },
        { concurrency: limit },
      );
      for (let n = 0; n < 6; n++) q.enqueue(t('work'), { n }, { priority: n === 5 ? 10 : 0 });
      q.start();
      await q.waitForIdle();
      expect(peak).toBe(limit);
      if (limit === 1) expect(order[0]).toBe(5);
      await q.stop();
    }
  });

  it('cancel of a running job kills its ffmpeg before resolving; cancel of a queued job stops it from running', async () => {
    const { ffmpeg } = locateMediaTools();
    let pid = -1;
    let ran = 0;
    const q = makeQueue(
      {
        encode: async ({ signal }) => {
          ran++;
          await runProcess(ffmpeg, ['-re', '-f', 'lavfi', '-i', 'testsrc2', '-f', 'null', '-'], {
            signal,
            onSpawn: (p) => (pid = p),
          });
          return { status: 'done' };
        },
      },
      { concurrency: 1 },
    );
    q.start();
    const running = q.enqueue(t('encode'), {});
    const waiting = q.enqueue(t('encode'), {});
    while (pid < 0) await sleep(20);
    expect(await q.cancel(waiting)).toBe(true);
    expect(await q.cancel(running)).toBe(true);
    expect(isAlive(pid)).toBe(false);
    await q.waitForIdle();
    expect(q.get(running)?.state).toBe('cancelled');
    expect(q.get(waiting)?.state).toBe('cancelled');
    expect(ran).toBe(1);
  });

  it('refuses to start with queued jobs nobody can handle, and refuses to enqueue unknown types', () => {
    db.prepare(
      `INSERT INTO jobs (id, type, state, run_after, created_at, updated_at) VALUES ('x', 'mystery', 'queued', '2000-01-01T00:00:00.000Z', '', '')`,
    ).run();
    const q = makeQueue({ known: async () => ({ status: 'done' }) });
    expect(() => q.start()).toThrow(UnknownJobTypeError);
    expect(() => q.start()).toThrow(/mystery/);
    expect(() => q.enqueue(t('other'), {})).toThrow(UnknownJobTypeError);
  });

  it('crash recovery: jobs and chunks left running resume from the last finished chunk', async () => {
    // A first process planned 4 chunks, finished 0 and 1, was working on 2 when it died.
    const first = makeQueue({ chunked: async () => ({ status: 'done' }) });
    const id = first.enqueue(t('chunked'), {});
    db.prepare(`UPDATE jobs SET state = 'running', attempts = 1 WHERE id = ?`).run(id);
    const insert = db.prepare(
      `INSERT INTO job_chunks (job_id, idx, start_s, end_s, state, result, updated_at) VALUES (?, ?, ?, ?, ?, ?, '')`,
    );
    insert.run(id, 0, 0, 10, 'done', JSON.stringify({ sum: 0 }));
    insert.run(id, 1, 10, 20, 'done', JSON.stringify({ sum: 1 }));
    insert.run(id, 2, 20, 30, 'running', null);
    insert.run(id, 3, 30, 40, 'queued', null);

    const computed: number[] = [];
    const restarted = makeQueue({
      chunked: async ({ chunks }) => {
        const plan = chunks.plan([0, 1, 2, 3, 4, 5].map((idx) => ({ idx, start: idx, end: idx + 1 }))); // ignored: a plan exists
        const done = chunks.doneResults();
        for (const c of plan.filter((c) => !done.has(c.idx))) {
          chunks.markRunning?.(c.idx);
          computed.push(c.idx);
          chunks.markDone(c.idx, { sum: c.idx });
        }
        const all = chunks.doneResults();
        return { status: 'done', result: [...all.values()] };
      },
    });
    restarted.start();
    await restarted.waitForIdle();
    expect(computed).toEqual([2, 3]);
    expect(restarted.get(id)).toMatchObject({
      state: 'done',
      attempts: 2,
      result: [{ sum: 0 }, { sum: 1 }, { sum: 2 }, { sum: 3 }],
    });
    const states = db.prepare(`SELECT state FROM job_chunks WHERE job_id = ? ORDER BY idx`).all(id) as {
      state: string;
    }[];
    expect(states.map((s) => s.state)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('stop() puts running jobs back in the queue; the next start resumes them', async () => {
    let calls = 0;
    const slow: JobHandler = async ({ signal }) => {
      calls++;
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, calls === 1 ? 10_000 : 10);
        signal.addEventListener('abort', () => {
          clearTimeout(t);
          reject(new Error('aborted'));
        });
      });
      return { status: 'done' };
    };
    const q1 = makeQueue({ slow });
    q1.start();
    const id = q1.enqueue(t('slow'), {});
    while (calls === 0) await sleep(10);
    await q1.stop();
    expect(q1.get(id)).toMatchObject({ state: 'queued', attempts: 0 });
    const q2 = makeQueue({ slow });
    q2.start();
    await q2.waitForIdle();
    expect(q2.get(id)).toMatchObject({ state: 'done', attempts: 1 });
  });

  it('progress events are throttled to ≤ 10/s per job and the latest value is not lost', async () => {
    const events: JobEvent[] = [];
    const q = makeQueue(
      {
        chatty: async ({ reportProgress }) => {
          const t0 = Date.now();
          let i = 0;
          while (Date.now() - t0 < 450) {
            reportProgress(Math.min(99, i++ / 10), `step ${i}`);
            await sleep(1);
          }
          reportProgress(99.5, 'almost');
          await sleep(150); // the trailing update gets flushed
          return { status: 'done' };
        },
      },
      { emit: (e) => events.push(e) },
    );
    q.start();
    const id = q.enqueue(t('chatty'), {});
    await q.waitForIdle();
    const progressEvents = events.filter((e) => e.jobId === id && e.state === 'running').slice(1); // first: the claim
    expect(progressEvents.length).toBeGreaterThan(3);
    expect(progressEvents.length).toBeLessThanOrEqual(7); // 0.6 s at ≤ 10/s
    expect(progressEvents.at(-1)).toMatchObject({ progress: 99.5, message: 'almost' });
  });

  it('validates payloads against the job type: a bad one is a 400 naming the field, and nothing is stored', () => {
    const typed = defineJobType({ name: 'typed', payload: z.object({ importId: z.string().min(1) }) });
    const q = new JobQueue({ db: db as WorkDb });
    queues.push(q);
    q.register(jobRegistration(typed, async () => ({ status: 'done' })));
    const bad = { importId: 42 } as unknown as { importId: string };
    let error: unknown;
    try {
      q.enqueue(typed, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidJobPayloadError);
    expect(error).toMatchObject({ status: 400, details: { field: 'importId' } });
    expect(db.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(0);
  });

  it('refuses a second handler for a job type', () => {
    const q = makeQueue({ once: async () => ({ status: 'done' }) });
    expect(() => q.register(jobRegistration(t('once'), async () => ({ status: 'done' })))).toThrow(
      DuplicateJobTypeError,
    );
  });

  it('fails, without running it, a stored job whose payload no longer fits its type', async () => {
    const strict = defineJobType({ name: 'strict', payload: z.object({ n: z.number() }) });
    let ran = false;
    const q = new JobQueue({ db: db as WorkDb });
    queues.push(q);
    q.register(jobRegistration(strict, async () => ((ran = true), { status: 'done' })));
    const id = q.enqueue(strict, { n: 1 });
    db.prepare('UPDATE jobs SET payload = ? WHERE id = ?').run(JSON.stringify({ n: 'one' }), id);
    q.start();
    await q.waitForIdle();
    expect(ran).toBe(false);
    expect(q.get(id)).toMatchObject({ state: 'failed' });
    expect(q.get(id)?.error).toMatch(/payload for job 'strict' at 'n'/);
  });

  it('tells subscribers every state of every job type, before the bridge to the event bus', async () => {
    const seen: string[] = [];
    const q = makeQueue(
      { a: async () => ({ status: 'done' }), b: async () => ({ status: 'failed', error: 'no' }) },
      { emit: (e) => seen.push(`bus:${e.jobType}:${e.state}`) },
    );
    q.onEvent((e) => seen.push(`sub:${e.jobType}:${e.state}`));
    q.start();
    q.enqueue(t('a'), {});
    q.enqueue(t('b'), {});
    await q.waitForIdle();
    for (const type of ['a', 'b']) {
      const final = type === 'a' ? 'done' : 'failed';
      expect(seen.indexOf(`sub:${type}:${final}`)).toBeGreaterThanOrEqual(0);
      expect(seen.indexOf(`sub:${type}:${final}`)).toBe(seen.indexOf(`bus:${type}:${final}`) - 1);
    }
  });
});
