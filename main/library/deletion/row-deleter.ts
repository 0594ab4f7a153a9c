/**
 * Who deletes a queued session's rows (issue 21, cheap writes). A bulk delete's rows cost ~0.3 ms each in SQLite
 * (21 indexes, five FTS tables, 11 cascades) plus the commit's WAL writes: 10,000 sessions held the API's event loop
 * for seconds, a list waiting up to ~0.8 s. The worker thread (main/composition/row-delete-worker.ts) runs those
 * transactions on its own connection: WAL lets the API's connection read meanwhile, and the API's thread only
 * queues and sweeps. A few sessions (a single delete, start-up) are deleted here, on the API's connection.
 * A worker that cannot start, or stops, is reported once and its work is done here instead.
 */
import type { Worker } from 'node:worker_threads';
import type { LibraryDb } from '../../db/index.js';
import type { Logger } from '../../platform/logger.js';
import { spawnWorkerThread } from '../../platform/worker-thread.js';
import { RowDeletionRepository } from './row-deletion-repository.js';

/** Where the worker's entry is and which database it opens (null: no worker, rows go on the API's thread). */
export interface RowDeleteWorkerInit {
  script: string;
  database: string;
  nativeBinding?: string;
}

export type ToRowDeleteWorker = { type: 'delete'; id: number; ids: string[] };
export type FromRowDeleteWorker =
  | { type: 'ready' }
  | { type: 'deleted'; id: number; deleted: string[] }
  | { type: 'failed'; id: number; message: string };

export interface RowDeleter {
  /** Deletes the rows of queued sessions (see RowDeletionRepository); answers the ids whose rows went. */
  deleteQueued(ids: readonly string[], opts: { bulk: boolean }): Promise<string[]>;
  /** Starts the worker if it is not running; true once it answers (false: none, or it could not start). */
  warm(): Promise<boolean>;
  close(): Promise<void>;
}

/** Rows a transaction on the API's thread while a bulk delete's worker is starting or gone (the loop served between). */
const INLINE_CHUNK = 100;

export function createRowDeleter(db: LibraryDb, worker: RowDeleteWorkerInit | null, logger: Logger): RowDeleter {
  const inline = new RowDeletionRepository(db);
  let thread: Promise<WorkerChannel | null> | null = null;
  let ready: WorkerChannel | null = null;
  const start = () =>
    WorkerChannel.start(worker!).then(
      (channel) => (ready = channel),
      (error: Error) => {
        logger.warn({ err: error.message }, 'the row-delete worker did not start; deleting on the API thread');
        return null;
      },
    );
  /** Short transactions here, the event loop served between them (the worker is starting, or gone). */
  const here = async (ids: readonly string[]) => {
    const gone: string[] = [];
    for (let i = 0; i < ids.length; i += INLINE_CHUNK) {
      gone.push(...inline.deleteQueued(ids.slice(i, i + INLINE_CHUNK)));
      if (i + INLINE_CHUNK < ids.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    return gone;
  };
  return {
    async deleteQueued(ids, opts) {
      if (!opts.bulk || !worker) return opts.bulk ? here(ids) : inline.deleteQueued(ids);
      // The worker starts with the first bulk delete (from source, tsx compiles it: seconds on a loaded machine);
      // until it is ready the rows go here, in short transactions.
      thread ??= start();
      if (ready?.alive) {
        try {
          return await ready.deleteQueued(ids);
        } catch (error) {
          // The transaction either committed or not: the rows still present are deleted here (the rest are gone).
          logger.warn({ err: (error as Error).message }, 'the row-delete worker failed; deleting on the API thread');
        }
      }
      return here(ids);
    },
    async warm() {
      if (!worker) return false;
      thread ??= start();
      return (await thread)?.alive ?? false;
    },
    async close() {
      const channel = await thread;
      thread = null;
      ready = null;
      await channel?.close();
    },
  };
}

class WorkerChannel {
  readonly #pending = new Map<number, { resolve: (ids: string[]) => void; reject: (error: Error) => void }>();
  #next = 1;
  alive = true;

  private constructor(private readonly worker: Worker) {}

  static async start(init: RowDeleteWorkerInit): Promise<WorkerChannel> {
    const worker = spawnWorkerThread(init.script, init);
    worker.unref();
    const channel = new WorkerChannel(worker);
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (m: FromRowDeleteWorker) => {
        if (m.type === 'ready') return resolve();
        const p = channel.#pending.get(m.id);
        channel.#pending.delete(m.id);
        if (m.type === 'deleted') p?.resolve(m.deleted);
        else p?.reject(new Error(m.message));
      });
      const gone = (error: Error) => {
        channel.alive = false;
        for (const p of channel.#pending.values()) p.reject(error);
        channel.#pending.clear();
        reject(error);
      };
      worker.on('error', gone);
      worker.on('exit', (code) => gone(new Error(`the row-delete worker stopped (exit code ${code})`)));
    });
    return channel;
  }

  deleteQueued(ids: readonly string[]): Promise<string[]> {
    const id = this.#next++;
    return new Promise<string[]>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'delete', id, ids: [...ids] } satisfies ToRowDeleteWorker);
    });
  }

  async close(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }
}
