/** The one retry policy (main/platform/retry.ts): the backoff's numbers and the loop's stops. */
import { describe, expect, it } from 'vitest';
import { backoffMs, retry } from '../../../main/platform/retry.js';
import { DEFAULT_RETRY, withRetry } from '../../../main/sync/retry.js';

const fast = { baseMs: 1, maxMs: 4 };

describe('backoffMs', () => {
  it('doubles per attempt (1-based) and is capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, { baseMs: 1000, maxMs: 5000 }))).toEqual([1000, 2000, 4000, 5000]);
  });

  it('with full jitter draws below the exponential wait', () => {
    const policy = { baseMs: DEFAULT_RETRY.baseMs, maxMs: DEFAULT_RETRY.maxMs, jitter: true };
    expect(backoffMs(1, policy, () => 1)).toBe(DEFAULT_RETRY.baseMs);
    expect(backoffMs(4, policy, () => 1)).toBe(DEFAULT_RETRY.baseMs * 8);
    expect(backoffMs(31, policy, () => 1)).toBe(DEFAULT_RETRY.maxMs);
    expect(backoffMs(4, policy, () => 0)).toBe(0);
    expect(backoffMs(4, policy, () => 0.5)).toBe(DEFAULT_RETRY.baseMs * 4);
  });
});

describe('retry', () => {
  it('tries again what is retryable, numbering the tries, until it succeeds', async () => {
    const seen: number[] = [];
    const retried: number[] = [];
    const out = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Error('transient');
        return 'ok';
      },
      { attempts: 5, backoff: fast, retryable: () => true, onRetry: (_e, n) => retried.push(n) },
    );
    expect(out).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(retried).toEqual([1, 2]);
  });

  it('throws at once what is not retryable, and the last error when the tries are spent', async () => {
    let calls = 0;
    const final = new Error('final');
    await expect(
      retry(
        async () => {
          calls++;
          throw final;
        },
        { attempts: 5, backoff: fast, retryable: (e) => e !== final },
      ),
    ).rejects.toBe(final);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retry(
        async () => {
          calls++;
          throw new Error(`try ${calls}`);
        },
        { attempts: 3, backoff: fast, retryable: () => true },
      ),
    ).rejects.toThrow('try 3');
    expect(calls).toBe(3);
  });

  it('an abort during the wait ends it with the signal’s reason', async () => {
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const run = retry(
      async () => {
        setTimeout(() => controller.abort(reason), 5);
        throw new Error('transient');
      },
      { attempts: 5, backoff: { baseMs: 60_000, maxMs: 60_000 }, retryable: () => true, signal: controller.signal },
    );
    await expect(run).rejects.toBe(reason);
  });

  it("sync's withRetry retries the store's transient errors only", async () => {
    let calls = 0;
    const policy = { attempts: 4, baseMs: 1, maxMs: 2 };
    const slowDown = { name: 'SlowDown', $metadata: { httpStatusCode: 503 } };
    await expect(
      withRetry(
        async () => {
          calls++;
          if (calls < 3) throw slowDown;
          return calls;
        },
        { policy },
      ),
    ).resolves.toBe(3);
    calls = 0;
    const denied = { name: 'AccessDenied', $metadata: { httpStatusCode: 403 } };
    await expect(
      withRetry(
        async () => {
          calls++;
          throw denied;
        },
        { policy },
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });
});
