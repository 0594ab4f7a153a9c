/**
 * analyzeFile in the analysis worker process, with analyzeFile's own signature: the job handler cannot tell the
 * difference. The worker is started on first use and again after it dies; a death fails the runs it had (the queue
 * retries them, resuming from their finished chunks). Cancel resolves only once the worker reports the run over,
 * which it does after its ffmpeg children have exited.
 */
import type { AnalyzeOptions } from '../analyze-file.js';
import { NoUsableStreamError } from '../analyze-file.js';
import { CancelledError } from '../ffmpeg/run-ffmpeg.js';
import { UnreadableMediaError } from '../probe.js';
import type { AnalysisData } from '../types.js';
import type { FromWorker, RemoteAnalyzeOptions } from './protocol.js';
import type { WorkerChannel, WorkerLauncher } from './worker-channel.js';

export class WorkerGoneError extends Error {
  constructor(description: string) {
    super(`the analysis worker process stopped (${description})`);
    this.name = 'WorkerGoneError';
  }
}

interface PendingRun {
  options: AnalyzeOptions;
  resolve(data: AnalysisData): void;
  reject(error: Error): void;
}

/** Errors keep their class across the process boundary: the handler tells permanent from transient by it. */
function reviveError(name: string, message: string, path: string): Error {
  const error =
    name === 'CancelledError'
      ? new CancelledError(message)
      : name === 'UnreadableMediaError'
        ? new UnreadableMediaError(path, message)
        : name === 'NoUsableStreamError'
          ? new NoUsableStreamError(path, message)
          : new Error(message);
  error.name = name;
  error.message = message; // the worker's own text, which already names the file
  return error;
}

export class AnalysisWorkerClient {
  #channel: WorkerChannel | null = null;
  #nextRunId = 1;
  readonly #runs = new Map<number, PendingRun & { path: string }>();

  constructor(
    private readonly script: string,
    private readonly launch: WorkerLauncher,
  ) {}

  /** Same contract as analyzeFile. */
  readonly analyzeFile = (path: string, options: AnalyzeOptions): Promise<AnalysisData> => {
    if (options.signal?.aborted) return Promise.reject(new CancelledError());
    const runId = this.#nextRunId++;
    const channel = this.#ensureChannel();
    const { signal, chunks, onProgress: _p, onStage1: _s, onSpawn: _o, ...serialisable } = options;
    const remote: RemoteAnalyzeOptions = serialisable;
    return new Promise<AnalysisData>((resolve, reject) => {
      const onAbort = (): void => channel.send({ type: 'cancel', runId });
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.#runs.delete(runId);
      };
      this.#runs.set(runId, {
        path,
        options,
        resolve: (data) => (settle(), resolve(data)),
        reject: (error) => (settle(), reject(error)),
      });
      channel.send({
        type: 'run',
        runId,
        path,
        options: remote,
        savedPlan: chunks?.saved?.(),
        doneChunks: chunks?.doneResults() ?? new Map(),
      });
    });
  };

  /** Starts the worker ahead of the first analysis (forking this process costs a few ms: better at start-up). */
  warm(): void {
    this.#ensureChannel();
  }

  /** Stops the worker; runs still in it fail (callers stop their jobs first). */
  close(): void {
    this.#channel?.kill();
    this.#channel = null;
  }

  #ensureChannel(): WorkerChannel {
    if (this.#channel) return this.#channel;
    const channel = this.launch(this.script);
    channel.onMessage((message) => this.#onMessage(message));
    channel.onExit((description) => {
      if (this.#channel === channel) this.#channel = null;
      for (const run of [...this.#runs.values()]) {
        run.reject(run.options.signal?.aborted ? new CancelledError() : new WorkerGoneError(description));
      }
    });
    this.#channel = channel;
    return channel;
  }

  #onMessage(message: FromWorker): void {
    const run = this.#runs.get(message.runId);
    if (!run) return;
    const { options } = run;
    switch (message.type) {
      case 'progress':
        options.onProgress?.(message.percent, message.message);
        break;
      case 'spawn':
        options.onSpawn?.(message.pid);
        break;
      case 'stage1':
        options.onStage1?.(message.data);
        break;
      case 'chunk-plan':
        options.chunks?.plan(message.entries);
        break;
      case 'chunk-running':
        options.chunks?.markRunning?.(message.idx);
        break;
      case 'chunk-done':
        options.chunks?.markDone(message.idx, message.result);
        break;
      case 'done':
        run.resolve(message.data);
        break;
      case 'error':
        run.reject(reviveError(message.name, message.message, run.path));
        break;
    }
  }
}
