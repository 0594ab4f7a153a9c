/**
 * Runs one request per item with a few in flight at once: bulk actions over hundreds of selected sessions must not
 * open hundreds of connections (the browser queues them anyway, and the server would see a burst), nor run one at a
 * time. Every item is tried; failures are collected with their readable reason instead of stopping the rest.
 */
import { errorMessage } from './error-message.js';

export interface EachFailure<T> {
  item: T;
  error: string;
  cause: unknown;
}

export interface EachOutcome<T, R> {
  done: { item: T; result: R }[];
  failed: EachFailure<T>[];
}

export async function runEach<T, R>(
  items: readonly T[],
  run: (item: T) => Promise<R>,
  options: {
    concurrency?: number;
    onProgress?(finished: number, total: number): void;
    /** Cancel: no new item starts once aborted (those in flight finish and are reported). */
    signal?: AbortSignal;
  } = {},
): Promise<EachOutcome<T, R>> {
  const outcome: EachOutcome<T, R> = { done: [], failed: [] };
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < items.length && !options.signal?.aborted) {
      const item = items[next++]!;
      try {
        outcome.done.push({ item, result: await run(item) });
      } catch (cause) {
        outcome.failed.push({ item, error: errorMessage(cause), cause });
      }
      options.onProgress?.(++finished, items.length);
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 4, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcome;
}
