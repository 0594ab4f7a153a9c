/**
 * The restore job's side of the restore worker: a worker thread with its own library and work connections that
 * fetches, checks and writes the restore's batches, so none of it runs on the API's thread (issue 18: the list p99
 * during a restore was 1.7–4× idle, the manifests' parsing and the library transactions — FTS rows, fsync — holding
 * the event loop between requests). WAL lets the API's connection read while the worker writes; the worker's writes
 * never nest (library transaction, then the work transaction for the analyses), and it writes only while the job
 * waits for a batch, so the job's own bookkeeping never waits on it.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../platform/logger.js';
import type { S3Config } from '../config.js';
import type { BatchResult } from './restore-batch.js';
import type { RestoreBatches } from './library-restore-job.js';
import type { FromRestoreWorker, RestoreWorkerInit, ToRestoreWorker } from './restore-worker-protocol.js';

export interface RestoreWorkerOptions {
  /** The worker's entry: the .ts source in a checkout (run through tsx), or the bundled .js of a build. */
  script: string;
  /** Folders per batch sent to the worker. */
  batchSize: number;
  /** Called on this thread for every session the worker created (the library's listeners live here). */
  announce(sessionId: string): void;
}

/** A source checkout (tests, bench, `filmroom serve` from source) starts the .ts entry through tsx's API. */
function spawn(script: string, init: RestoreWorkerInit): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, { workerData: init });
  const require = createRequire(import.meta.url);
  const tsx = pathToFileURL(join(dirname(require.resolve('tsx/esm/api')), 'index.mjs')).href;
  const boot =
    "const { workerData } = require('node:worker_threads');" +
    'import(workerData.tsx).then(({ tsImport }) => tsImport(workerData.entry, workerData.entry));';
  return new Worker(boot, { eval: true, workerData: { ...init, tsx, entry: pathToFileURL(script).href } });
}

export async function startRestoreWorker(
  options: RestoreWorkerOptions,
  init: RestoreWorkerInit,
): Promise<RestoreBatches> {
  const worker = spawn(options.script, init);
  worker.unref();
  const pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>();
  let gone: Error | null = null;
  let next = 1;
  const fail = (error: Error) => {
    gone ??= error;
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('message', (m: FromRestoreWorker) => {
      if (m.type === 'ready') resolve();
      else if (m.type === 'batch-done') {
        for (const id of m.announce) options.announce(id);
        pending.get(m.id)?.resolve(m.result);
        pending.delete(m.id);
      } else if (m.type === 'batch-failed') {
        pending.get(m.id)?.reject(new Error(m.message));
        pending.delete(m.id);
      }
    });
    worker.on('error', (error) => {
      fail(error);
      reject(error);
    });
    worker.on('exit', (code) => {
      const error = gone ?? new Error(`the restore worker stopped (exit code ${code})`);
      fail(error);
      reject(error);
    });
  });
  await ready;
  const post = (message: ToRestoreWorker) => worker.postMessage(message);
  return {
    size: options.batchSize,
    restore: (folders, runId) =>
      new Promise<BatchResult>((resolve, reject) => {
        if (gone) return reject(gone);
        const id = next++;
        pending.set(id, { resolve, reject });
        post({ type: 'batch', id, runId, folders });
      }),
    close: async () => {
      if (gone) return;
      const exited = once(worker, 'exit').catch(() => undefined);
      post({ type: 'close' });
      await Promise.race([exited, sleep(10_000)]);
      await worker.terminate();
    },
  };
}

export interface RestoreWorkerWiring {
  script: string;
  database: string;
  libraryDir: string;
  nativeBinding?: string;
  credentials(config: S3Config): Promise<NonNullable<S3Config['credentials']>>;
  manifestKey(config: S3Config): Promise<{ key: Buffer; keyId: string }>;
  announce(sessionId: string): void;
  logger: Logger;
}

/** Folders per batch the worker takes (its transactions stay time-bounded: the job's own writes wait at most one). */
export const WORKER_BATCH = 50;
/** Manifest GETs in flight in the worker. */
export const WORKER_FETCHES = 16;

/** The job's `openWorker`: the worker for this configuration, or null (then the batches run on this thread). */
export function restoreWorkerOpener(w: RestoreWorkerWiring, budgetMs: number) {
  return async (config: S3Config): Promise<RestoreBatches | null> => {
    try {
      const { accessKeyId, secretAccessKey, sessionToken } = await w.credentials(config);
      const batches = await startRestoreWorker(
        { script: w.script, batchSize: WORKER_BATCH, announce: w.announce },
        {
          database: w.database,
          libraryDir: w.libraryDir,
          ...(w.nativeBinding ? { nativeBinding: w.nativeBinding } : {}),
          config: {
            ...config,
            credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
          },
          manifestKey: await w.manifestKey(config),
          concurrency: WORKER_FETCHES,
          budgetMs,
        },
      );
      w.logger.info(
        { batch: WORKER_BATCH, fetches: WORKER_FETCHES },
        'restore batches run in the restore worker thread',
      );
      return batches;
    } catch (error) {
      w.logger.warn({ reason: (error as Error).message }, 'the restore worker did not start: restoring on this thread');
      return null;
    }
  };
}
