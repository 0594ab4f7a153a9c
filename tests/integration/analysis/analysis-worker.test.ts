/**
 * analyzeFile run in the analysis worker process (the real child process, the real ffmpeg): same data as in
 * process, chunk bookkeeping mirrored back, resume from saved chunks, cancel that leaves no ffmpeg, errors that
 * keep their class, and a worker that dies (kill -9) failing its run and being replaced for the next one.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, NoUsableStreamError } from '../../../main/analysis/analyze-file.js';
import type { ChunkPlanEntry } from '../../../main/analysis/chunks/plan.js';
import { CancelledError } from '../../../main/analysis/ffmpeg/run-ffmpeg.js';
import { UnreadableMediaError } from '../../../main/analysis/probe.js';
import type { VideoChunkStore } from '../../../main/analysis/stage2-video.js';
import type { VideoChunkResult } from '../../../main/analysis/types.js';
import { forkLauncher, type WorkerChannel } from '../../../main/analysis/worker/worker-channel.js';
import { AnalysisWorkerClient, WorkerGoneError } from '../../../main/analysis/worker/worker-client.js';
import { sourceWorkerScript } from '../../../main/analysis/worker/worker-script.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import {
  createAnalysisFixtures,
  createLongFixture,
  TRUTH,
  type AnalysisFixtures,
} from '../../helpers/analysis-fixtures.js';
import { isAlive } from '../../helpers/processes.js';

const tools = locateMediaTools();
let fx: AnalysisFixtures;
let long: string;
const channels: WorkerChannel[] = [];
const launch = (script: string): WorkerChannel => {
  const channel = forkLauncher(script);
  channels.push(channel);
  return channel;
};
let client: AnalysisWorkerClient;

beforeAll(() => {
  fx = createAnalysisFixtures();
  long = createLongFixture(fx.dir, 120);
  const script = sourceWorkerScript();
  if (!script) throw new Error('worker entry missing from the source tree');
  client = new AnalysisWorkerClient(script, launch);
});
afterAll(() => {
  client.close();
  fx.cleanup();
});

/** A chunk store that records what the worker reported, starting from a given saved state. */
function recordingStore(saved?: ChunkPlanEntry[], done = new Map<number, VideoChunkResult>()) {
  const calls: string[] = [];
  let plan = saved;
  const store: VideoChunkStore = {
    plan: (entries) => {
      calls.push(`plan:${entries.length}`);
      return (plan ??= [...entries]);
    },
    saved: () => plan,
    markRunning: (idx) => calls.push(`running:${idx}`),
    markDone: (idx, result) => {
      calls.push(`done:${idx}`);
      done.set(idx, result);
    },
    doneResults: () => new Map(done),
  };
  return { store, calls, done };
}

describe('analysis in the worker process', () => {
  it('gives the same data as in-process analysis, with progress, stage 1 and chunk bookkeeping sent back', async () => {
    const local = await analyzeFile(fx.meeting, { tools, outDir: join(fx.dir, 'local'), chunkS: 4 });
    const { store, calls } = recordingStore();
    const progress: number[] = [];
    const stages: string[] = [];
    const pids: number[] = [];
    const remote = await client.analyzeFile(fx.meeting, {
      tools,
      outDir: join(fx.dir, 'remote'),
      chunkS: 4,
      chunks: store,
      onProgress: (pct) => progress.push(pct),
      onStage1: (data) => stages.push(data.stage),
      onSpawn: (pid) => pids.push(pid),
    });
    expect(remote.scenes?.cuts).toEqual(local.scenes?.cuts);
    expect(remote.scenes?.cuts.length).toBe(TRUTH.cuts.length);
    expect(remote.speech).toEqual(local.speech);
    expect(remote.loudness).toEqual(local.loudness);
    // Stage 1 first; a lone mixed track republishes it once more with the speakers diarization found (issue 23).
    expect(remote.speakers?.source).toBe(local.speakers?.source);
    expect(stages).toEqual(local.speakers?.source === 'diarization' ? ['audio', 'audio'] : ['audio']);
    expect(progress.at(-1)).toBe(100);
    expect(pids.length).toBeGreaterThan(0);
    const planned = calls.filter((c) => c.startsWith('plan:'));
    const finished = calls.filter((c) => c.startsWith('done:'));
    expect(planned).toHaveLength(1);
    expect(finished.length).toBe(Number(planned[0]!.split(':')[1]));
    expect(finished.length).toBeGreaterThan(1);
  });

  it('resumes from the chunks an earlier attempt finished: only the others are decoded again', async () => {
    const first = recordingStore();
    const full = await client.analyzeFile(long, { tools, outDir: join(fx.dir, 'r1'), chunkS: 30, chunks: first.store });
    const plan = first.store.saved!()!;
    expect(plan.length).toBeGreaterThan(2);
    // Pretend a crash came after the first chunk: its result is saved, the rest must be redone.
    const kept = new Map([[0, first.done.get(0)!]]);
    const second = recordingStore(plan, kept);
    const resumed = await client.analyzeFile(long, {
      tools,
      outDir: join(fx.dir, 'r1'), // a resumed job writes where its first attempt did (chunk 0's thumbnails are there)
      chunkS: 30,
      chunks: second.store,
    });
    expect(second.calls).not.toContain('running:0');
    expect(second.calls.filter((c) => c.startsWith('done:'))).toHaveLength(plan.length - 1);
    expect(resumed.scenes?.cuts).toEqual(full.scenes?.cuts);
  });

  it('cancel rejects with CancelledError once every ffmpeg it started is gone; the worker serves the next run', async () => {
    const controller = new AbortController();
    const pids: number[] = [];
    const run = client.analyzeFile(long, {
      tools,
      outDir: join(fx.dir, 'cancel'),
      chunkS: 20,
      signal: controller.signal,
      onSpawn: (pid) => pids.push(pid),
      onProgress: (pct) => {
        if (pct > 20) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.filter(isAlive)).toEqual([]);
    const next = await client.analyzeFile(fx.meeting, { tools, outDir: join(fx.dir, 'after-cancel') });
    expect(next.stage).toBe('complete');
  });

  it('permanent errors keep their class across the process boundary', async () => {
    await expect(client.analyzeFile(fx.garbage, { tools, outDir: join(fx.dir, 'g') })).rejects.toBeInstanceOf(
      UnreadableMediaError,
    );
    const noStreams = client.analyzeFile(fx.noStreams, { tools, outDir: join(fx.dir, 'n') });
    await expect(noStreams).rejects.toSatisfy(
      (e: Error) => e instanceof NoUsableStreamError || e instanceof UnreadableMediaError,
    );
  });

  it('a worker killed with SIGKILL fails its run (transient) and a new worker takes the next one', async () => {
    const run = client.analyzeFile(long, {
      tools,
      outDir: join(fx.dir, 'killed'),
      chunkS: 20,
      onProgress: (pct) => {
        if (pct > 20) process.kill(channels.at(-1)!.pid!, 'SIGKILL');
      },
    });
    await expect(run).rejects.toBeInstanceOf(WorkerGoneError);
    const before = channels.length;
    const next = await client.analyzeFile(fx.meeting, { tools, outDir: join(fx.dir, 'after-kill') });
    expect(next.stage).toBe('complete');
    expect(channels.length).toBe(before + 1);
  });
});
