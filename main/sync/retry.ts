/**
 * Which store errors are worth another try, and the policy of the S3 calls sync retries itself (the multipart
 * uploader's, a restore's reads of a body): the shared backoff of platform/retry.ts, with full jitter.
 */
import { plainReason } from '../platform/plain-errors.js';
import { retry } from '../platform/retry.js';

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

/**
 * Runs `fn` until it succeeds, fails permanently, or the attempts are spent; counts each retry. For what the SDK's
 * own retries do not cover: the uploader's calls (its client has none) and a call whose body is read after the answer
 * (a GetObject read whole, a listing's pages), which a reset mid-body fails after the SDK has returned. A single call
 * on the retrying client (`S3ClientCache.get`) is not wrapped: the SDK already retried it.
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: { policy: RetryPolicy; signal?: AbortSignal; onRetry?: (error: unknown, attempt: number) => void },
): Promise<T> {
  const { attempts, baseMs, maxMs } = options.policy;
  return retry(fn, {
    attempts,
    backoff: { baseMs, maxMs, jitter: true },
    retryable: isTransient,
    signal: options.signal,
    onRetry: options.onRetry,
  });
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
