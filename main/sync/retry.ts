import { plainReason } from '../platform/plain-errors.js';

/** Which store errors are worth another try, and how long to wait (exponential backoff with full jitter). */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 250, maxMs: 15_000 };

const TRANSIENT_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
  'RequestTimeTooSkewed',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED']);

interface StoreError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

export function isTransient(error: unknown): boolean {
  const e = error as StoreError;
  if (!e || typeof e !== 'object') return false;
  if (e.name === 'AbortError') return false;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) return true;
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.code && TRANSIENT_CODES.has(e.code)) return true;
  return /socket hang up|ECONNRESET|ECONNREFUSED|EPIPE|premature close|aborted/i.test(e.message ?? '');
}

export function isNoSuchUpload(error: unknown): boolean {
  const e = error as StoreError;
  return e?.name === 'NoSuchUpload' || (e?.$metadata?.httpStatusCode === 404 && /NoSuchUpload/.test(e?.message ?? ''));
}

export function isNotFound(error: unknown): boolean {
  const e = error as StoreError;
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}

/** The store's error in plain words with what to do (never credentials: the SDK's messages do not carry them). */
export function storeReason(error: unknown): string {
  return plainReason(error);
}

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** Runs `fn` until it succeeds, fails permanently, or the attempts are spent; counts each retry. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: { policy: RetryPolicy; signal?: AbortSignal; onRetry?: (error: unknown, attempt: number) => void },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw options.signal.reason as Error;
    try {
      return await fn();
    } catch (error) {
      if (options.signal?.aborted) throw options.signal.reason as Error;
      if (!isTransient(error) || attempt + 1 >= options.policy.attempts) throw error;
      options.onRetry?.(error, attempt + 1);
      const signal = options.signal;
      // An abort while waiting ends with the signal's reason, as an abort during `fn` does (not Node's AbortError).
      await sleep(backoffMs(attempt, options.policy), undefined, { signal }).catch((error: unknown) => {
        throw signal?.aborted ? (signal.reason as Error) : error;
      });
    }
  }
}

/** How long a request that writes an object may still run after its upload was stopped (see `lingeringSignal`). */
export const OBJECT_WRITE_GRACE_MS = 5_000;

/**
 * The abort signal for one request that writes an object (a PUT, a CompleteMultipartUpload): aborted `graceMs`
 * after `signal`, not at once. Aborting such a request does not stop the store from finishing it: a delete that
 * stopped the upload and then deleted the session's keys could run before the object lands, and leave it behind
 * (found by the soak). With the grace the request answers first, and the delete then removes what it wrote.
 */
export function lingeringSignal(signal: AbortSignal, graceMs = OBJECT_WRITE_GRACE_MS) {
  const inner = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onAbort = () => {
    timer = setTimeout(() => inner.abort(signal.reason), graceMs);
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  return {
    signal: inner.signal,
    /** The request answered: no abort is owed any more. */
    done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    },
  };
}
