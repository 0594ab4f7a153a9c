/**
 * The one retry policy of main/: exponential backoff (optionally with full jitter) and a loop that tries again what
 * its caller calls transient. The job queue's next try (jobs/throttle.ts), S3 calls the multipart uploader owns and
 * a restore's reads (sync/retry.ts), URL downloads (library/download) and the S3 read-through (api/store-stream.ts)
 * all wait by `backoffMs`; callers only choose the numbers and what is worth another try. S3 calls nobody owns are
 * retried by the SDK's standard mode (sync/s3-client.ts), not here.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface Backoff {
  /** Wait before the first retry (the ceiling of it with jitter); doubles each retry. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /** Full jitter: a uniform draw in [0, the exponential wait], so many clients retrying at once spread out. */
  jitter?: boolean;
}

/** The wait before retry `attempt` (1-based): base, 2·base, 4·base … capped at `maxMs`; with jitter, a draw below it. */
export function backoffMs(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return backoff.jitter ? Math.round(random() * ceiling) : ceiling;
}

/** Waits `ms`; an abort meanwhile ends it with the signal's reason (as an abort during the work does), not Node's AbortError. */
export async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch((error: unknown) => {
    throw signal?.aborted ? (signal.reason as Error) : error;
  });
}

export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts: number;
  backoff: Backoff;
  /** Whether an error is worth another try; anything else is thrown at once. */
  retryable: (error: unknown) => boolean;
  signal?: AbortSignal;
  /** Called before each wait with the error and the number of the retry to come (1-based). */
  onRetry?: (error: unknown, attempt: number) => void;
}

/** Runs `fn` (given its try number, 1-based) until it succeeds, fails for good, or the tries are spent. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { signal } = options;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw signal.reason as Error;
    try {
      return await fn(attempt);
    } catch (error) {
      if (signal?.aborted) throw signal.reason as Error;
      if (attempt >= options.attempts || !options.retryable(error)) throw error;
      options.onRetry?.(error, attempt);
      await pause(backoffMs(attempt, options.backoff), signal);
    }
  }
}
