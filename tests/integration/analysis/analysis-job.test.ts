import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkDb } from '../../../main/db/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../main/analysis/analyze-file.js';
import { AnalysesRepository } from '../../../main/library/analyses-repository.js';
import {
  ANALYSIS_JOB,
  createAnalysisHandler,
  type AnalysisHandlerDeps,
  type AnalysisJobPayload,
} from '../../../main/analysis/pipeline.js';
import { JobQueue, jobRegistration, type JobQueueDeps } from '../../../main/jobs/index.js';
import { reapAllOrphans, reapOrphans, recordChildPid } from '../../../main/analysis/orphan-reaper.js';
import type { JobEvent } from '../../../main/jobs/index.js';
import type { AnalysisData } from '../../../main/analysis/types.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import {
  createAnalysisFixtures,
  createLongFixture,
  createTestDb,
  TRUTH,
  type AnalysisFixtures,
} from '../../helpers/analysis-fixtures.js';
import { isAlive } from '../../helpers/processes.js';

const tools = locateMediaTools();
let fx: AnalysisFixtures;
let db: WorkDb;
let dbFile: string;

beforeAll(() => {
  fx = createAnalysisFixtures();
  dbFile = join(fx.dir, 'library.db');
  db = createTestDb(dbFile);
  const now = new Date().toISOString();
  db.prepare(
    `INSERT INTO sessions (id, title, status, platform, recorded_at, created_at, updated_at) VALUES ('s1', 'Session', 'uploaded', 'local', ?, ?, ?)`,
  ).run(now, now, now);
});
/** A queue on the test database running the analysis job type. */
/** Where every queue of these tests (and the crash worker) records its ffmpeg pids. */
const pidDir = () => join(fx.dir, 'pids');
function analysisQueue(handler: Omit<AnalysisHandlerDeps, 'pidDir'>, extra: Partial<JobQueueDeps> = {}): JobQueue {
  const queue = new JobQueue({ db, ...extra });
  queue.register(jobRegistration(ANALYSIS_JOB, createAnalysisHandler({ pidDir: pidDir(), ...handler })));
  return queue;
}

afterAll(() => {
  db.close();
  fx.cleanup();
});

describe('the analysis job in the persistent queue', () => {
  it('analyses a session: stage 1 published early, chunks persisted, merged data as the job result', async () => {
    const stage1: AnalysisData[] = [];
    const events: JobEvent[] = [];
    const analyses = new AnalysesRepository(db);
    const queue = analysisQueue(
      {
        tools,
        onStage1: (job, data) => {
          stage1.push(data);
          analyses.save({ sessionId: job.sessionId ?? '', jobId: job.id, data, now: new Date().toISOString() });
        },
      },
      { emit: (e) => events.push(e) },
    );
    queue.start();
    const payload: AnalysisJobPayload = {
      path: fx.meeting,
      outDir: join(fx.dir, 'job-out'),
      chunkS: 3.5,
      participants: [
        { name: 'coach', path: fx.speakerA },
        { name: 'client', path: fx.speakerB },
      ],
    };
    const id = queue.enqueue(ANALYSIS_JOB, payload, { sessionId: 's1' });
    await queue.waitForIdle();
    const job = queue.get(id);
    expect(job?.state).toBe('done');
    const data = job?.result as AnalysisData;
    expect(data.scenes?.cuts).toEqual(TRUTH.cuts);
    expect(data.speakers?.per_speaker.map((s) => s.name)).toEqual(['coach', 'client']);
    expect(stage1).toHaveLength(1);
    expect(analyses.load('s1')?.stage).toBe('audio');
    const chunks = db
      .prepare(`SELECT idx, start_s, end_s, state FROM job_chunks WHERE job_id = ? ORDER BY idx`)
      .all(id);
    expect(chunks).toEqual([
      { idx: 0, start_s: 0, end_s: 3, state: 'done' },
      { idx: 1, start_s: 3, end_s: 6, state: 'done' },
      { idx: 2, start_s: 6, end_s: 9, state: 'done' },
      { idx: 3, start_s: 9, end_s: 12, state: 'done' },
    ]);
    expect(events.some((e) => e.jobId === id && /Analyzing segment \d\/4/.test(e.message))).toBe(true);
    await queue.stop();
  });

  /**
   * Two ffmpeg runs recorded under one job: one reading the job's input (an orphan), one reading something else
   * (a reused pid). `reap` must kill the first only; `after` checks what else the reaping left.
   */
  async function reaperCase(
    folder: string,
    reap: (pidDir: string, input: string) => number[],
    after: (pidDir: string, input: string) => void,
  ) {
    const pidDir = join(fx.dir, folder);
    const long = createLongFixture(fx.dir, 60);
    const start = (input: string) =>
      spawn(tools.ffmpeg, ['-nostdin', '-v', 'error', '-re', '-i', input, '-f', 'null', '-'], { stdio: 'ignore' });
    const ours = start(long);
    const other = start(fx.meeting);
    try {
      recordChildPid(pidDir, 'job-1', long, ours.pid ?? -1);
      recordChildPid(pidDir, 'job-1', long, other.pid ?? -1);
      await new Promise((r) => setTimeout(r, 100));
      expect(reap(pidDir, long)).toEqual([ours.pid]);
      await new Promise((r) => ours.once('exit', r));
      expect(isAlive(other.pid ?? -1)).toBe(true);
      after(pidDir, long);
    } finally {
      other.kill('SIGKILL');
    }
  }

  it('the orphan reaper kills leftover ffmpeg of the same input only', async () => {
    await reaperCase(
      'reaper',
      (pidDir, input) => reapOrphans(pidDir, 'job-1', input),
      (pidDir, input) => expect(reapOrphans(pidDir, 'job-1', input)).toEqual([]), // the record is consumed
    );
  });

  it('start-up reaps the records of jobs that will never run again (killed mid-cancel): ffmpeg and file', async () => {
    await reaperCase(
      'sweep',
      (pidDir) => reapAllOrphans(pidDir),
      (pidDir) => expect(readdirSync(pidDir)).toEqual([]),
    );
  });

  it('an unreadable file fails at once with the reason (no retries)', async () => {
    const queue = analysisQueue({ tools });
    queue.start();
    const id = queue.enqueue(ANALYSIS_JOB, { path: fx.garbage, outDir: join(fx.dir, 'g') });
    await queue.waitForIdle();
    expect(queue.get(id)).toMatchObject({ state: 'failed', attempts: 1 });
    expect(queue.get(id)?.error).toMatch(/Invalid data found/);
    await queue.stop();
  });

  it('kill -9 of the process running the analysis, then restart: resumes from the finished chunks, same results', async () => {
    const long = createLongFixture(fx.dir, 60);
    const outDir = join(fx.dir, 'crash-out');
    const reference = await analyzeFile(long, { tools, outDir: join(fx.dir, 'crash-ref'), chunkS: 10 });

    const seed = analysisQueue({ tools });
    const id = seed.enqueue(ANALYSIS_JOB, { path: long, outDir, chunkS: 10 } satisfies AnalysisJobPayload);

    const worker = fileURLToPath(new URL('./crash-worker.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', worker, dbFile, pidDir()], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const childPids: number[] = [];
    child.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/pid (\d+)/g)) childPids.push(Number(m[1]));
    });
    const doneCount = (): number =>
      (db.prepare(`SELECT COUNT(*) AS n FROM job_chunks WHERE job_id = ? AND state = 'done'`).get(id) as { n: number })
        .n;
    const t0 = Date.now();
    while (doneCount() < 2 && Date.now() - t0 < 40_000) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // A SIGKILLed parent cannot take its children along: the chunk in flight keeps its ffmpeg running…
    const orphans = childPids.filter(isAlive);

    const before = db.prepare(`SELECT idx, state, attempts FROM job_chunks WHERE job_id = ? ORDER BY idx`).all(id) as {
      idx: number;
      state: string;
      attempts: number;
    }[];
    const finishedBefore = before.filter((c) => c.state === 'done').map((c) => c.idx);
    expect(finishedBefore.length).toBeGreaterThanOrEqual(2);
    expect(finishedBefore.length).toBeLessThan(before.length); // it really died mid-analysis
    expect(db.prepare(`SELECT state FROM jobs WHERE id = ?`).get(id)).toEqual({ state: 'running' });

    const restarted = analysisQueue({ tools, parallel: 2 });
    restarted.start();
    // …until the restarted job reaps it (checked while the new attempt runs, long before it could finish alone).
    await new Promise((r) => setTimeout(r, 200));
    expect(orphans.filter(isAlive)).toEqual([]);
    await restarted.waitForIdle();
    const job = restarted.get(id);
    expect(job?.state).toBe('done');
    const after = db
      .prepare(`SELECT idx, state, attempts FROM job_chunks WHERE job_id = ? ORDER BY idx`)
      .all(id) as typeof before;
    for (const idx of finishedBefore) expect(after[idx]?.attempts).toBe(before[idx]?.attempts); // not redone
    expect(after.every((c) => c.state === 'done')).toBe(true);
    const data = job?.result as AnalysisData;
    expect(data.scenes).toEqual(reference.scenes);
    expect(data.scenes?.cuts).toEqual([7, 14, 21, 28, 35, 42, 49, 56]);
    expect(data.speech).toEqual(reference.speech);
    expect(data.thumbnails?.frames.map((f) => f.t)).toEqual(reference.thumbnails?.frames.map((f) => f.t));
    await restarted.stop();
  });
});
