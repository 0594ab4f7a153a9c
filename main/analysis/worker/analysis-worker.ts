/**
 * The analysis worker process: runs analyzeFile for the API process, which keeps the job queue and the database.
 *
 * Why a process: every ffmpeg spawn forks the spawning process, and forking the API process (V8 heap, SQLite page
 * cache, Fastify) blocked its event loop 5–13 ms per spawn — an analysis spawns a dozen ffmpeg/ffprobe runs, and
 * the status route's p99 under 100 pollers was 15 ms instead of ≤ 5 ms. From this small process the forks are
 * cheap and block nobody. It runs at a lower CPU priority, which its ffmpeg children inherit.
 *
 * Entry for `child_process.fork` (messages on `process`) and Electron's utilityProcess (`process.parentPort`).
 */
import { execFileSync } from 'node:child_process';
import { setPriority } from 'node:os';
import { analyzeFile } from '../analyze-file.js';
import type { VideoChunkStore } from '../stage2-video.js';
import type { FromWorker, ToWorker } from './protocol.js';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(message: FromWorker): void {
  if (parentPort) parentPort.postMessage(message);
  else if (process.connected) process.send?.(message);
}

const running = new Map<number, AbortController>();

/** The API process's job_chunks rows, mirrored: read once at the start, every change sent back. */
function mirroredChunks(request: ToWorker & { type: 'run' }): VideoChunkStore {
  const { runId } = request;
  const done = new Map(request.doneChunks);
  return {
    plan: (entries) => {
      const plan = request.savedPlan?.length ? request.savedPlan : [...entries];
      post({ type: 'chunk-plan', runId, entries: plan });
      return plan;
    },
    markRunning: (idx) => post({ type: 'chunk-running', runId, idx }),
    markDone: (idx, result) => {
      done.set(idx, result);
      post({ type: 'chunk-done', runId, idx, result });
    },
    doneResults: () => new Map(done),
  };
}

async function run(request: ToWorker & { type: 'run' }): Promise<void> {
  const { runId } = request;
  const controller = new AbortController();
  running.set(runId, controller);
  try {
    const data = await analyzeFile(request.path, {
      ...request.options,
      signal: controller.signal,
      chunks: mirroredChunks(request),
      onProgress: (percent, message) => post({ type: 'progress', runId, percent, message }),
      onStage1: (stage1) => post({ type: 'stage1', runId, data: stage1 }),
      onSpawn: (pid) => post({ type: 'spawn', runId, pid }),
    });
    post({ type: 'done', runId, data });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: 'error', runId, name: controller.signal.aborted ? 'CancelledError' : e.name, message: e.message });
  } finally {
    running.delete(runId);
  }
}

function onMessage(message: ToWorker): void {
  if (message.type === 'run') void run(message);
  else running.get(message.runId)?.abort(new Error('cancelled'));
}

/** The API process went away (closed, or killed): stop every ffmpeg, then leave. */
function shutdown(): void {
  for (const controller of running.values()) controller.abort(new Error('parent gone'));
  const exitWhenIdle = (): void => {
    if (running.size === 0) process.exit(0);
    else setTimeout(exitWhenIdle, 20);
  };
  exitWhenIdle();
}

/**
 * Background priority for this process and every ffmpeg it starts (children inherit both settings): nice 19
 * everywhere, and on Linux also the SCHED_IDLE policy. Nice alone still let a busy ffmpeg hold a core for up to
 * a scheduler slice after the API process woke up (status p99 5–23 ms); a SCHED_IDLE task is preempted at once.
 * Lowering one's own priority needs no privilege; where either step is unavailable, analysis simply runs.
 */
function runInBackground(): void {
  try {
    setPriority(process.pid, 19);
  } catch {
    // not permitted on this OS
  }
  if (process.platform !== 'linux') return;
  try {
    execFileSync('chrt', ['--idle', '--all-tasks', '--pid', '0', String(process.pid)], { stdio: 'ignore' });
  } catch {
    // util-linux's chrt missing: nice 19 only
  }
}

runInBackground();
if (parentPort) parentPort.on('message', (event) => onMessage(event.data as ToWorker));
else {
  process.on('message', (message) => onMessage(message as ToWorker));
  process.on('disconnect', shutdown);
}
process.on('SIGTERM', shutdown);
