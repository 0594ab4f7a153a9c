/**
 * Runs tasks with a concurrency limit. On the first failure the siblings are aborted (killing their ffmpeg) and
 * the error is thrown only after every task has settled, so no child outlives the call.
 */
import { CancelledError } from './ffmpeg/run-ffmpeg.js';

export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, signal: AbortSignal) => Promise<R>,
  outer?: AbortSignal,
): Promise<R[]> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (next < items.length && !controller.signal.aborted) {
      const i = next++;
      try {
        results[i] = await task(items[i] as T, controller.signal);
      } catch (error) {
        if (firstError === undefined) firstError = error;
        controller.abort(error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
  if (firstError !== undefined) throw firstError;
  if (outer?.aborted) throw new CancelledError();
  return results;
}
