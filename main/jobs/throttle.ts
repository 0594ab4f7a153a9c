import { backoffMs as sharedBackoffMs } from '../platform/retry.js';

/**
 * Progress throttle: at most one event per `minIntervalMs` per key (10/s by default). Pure over an injected clock:
 * `offer` says whether to emit now; a dropped update is kept as `pending` so the caller can flush the latest
 * value once the interval has passed (a bar must not stay stuck at the last emitted value).
 */
export class ProgressThrottle<T> {
  private readonly lastEmitAt = new Map<string, number>();
  private readonly pendingByKey = new Map<string, T>();

  constructor(
    private readonly minIntervalMs: number,
    private readonly now: () => number,
  ) {}

  /** True when `value` should be emitted now; otherwise it becomes the key's pending value. */
  offer(key: string, value: T, force = false): boolean {
    const t = this.now();
    const last = this.lastEmitAt.get(key);
    if (force || last === undefined || t - last >= this.minIntervalMs) {
      this.lastEmitAt.set(key, t);
      this.pendingByKey.delete(key);
      return true;
    }
    this.pendingByKey.set(key, value);
    return false;
  }

  /** Milliseconds until a pending value may be emitted (0 when it may now), or undefined when none is pending. */
  pendingDueInMs(key: string): number | undefined {
    if (!this.pendingByKey.has(key)) return undefined;
    const last = this.lastEmitAt.get(key) ?? 0;
    return Math.max(0, last + this.minIntervalMs - this.now());
  }

  /** Takes the pending value if its time has come (and records the emission). */
  takeDue(key: string): T | undefined {
    if (this.pendingDueInMs(key) !== 0) return undefined;
    const value = this.pendingByKey.get(key);
    this.pendingByKey.delete(key);
    this.lastEmitAt.set(key, this.now());
    return value;
  }

  forget(key: string): void {
    this.lastEmitAt.delete(key);
    this.pendingByKey.delete(key);
  }
}

/** A job's wait before retry `attempt` (1-based): the shared backoff (platform/retry.ts), 2 s doubling up to 10 min. */
export function backoffMs(attempt: number, baseMs = 2000, maxMs = 10 * 60_000): number {
  return sharedBackoffMs(attempt, { baseMs, maxMs });
}
