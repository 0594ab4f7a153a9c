/**
 * Daily cleanup at `cleanup_schedule_hour` (local time) while the app runs, a start-up run when
 * `auto_cleanup_on_startup`, and one catch-up run when a daily slot passed while the app was closed — only one,
 * however many days were missed. The clock and the timer are injected, so tests move time instead of waiting.
 */
import type { Clock } from '../platform/clock.js';

export interface SchedulerDeps {
  clock: Clock;
  scheduleHour: () => number;
  autoOnStartup: () => boolean;
  /** When the last scheduled run started (ISO), or null. */
  lastScheduledAt: () => string | null;
  /** When this library first ran the scheduler (ISO): slots before it were never "missed". */
  since: () => string;
  busy: () => boolean;
  request: (trigger: 'schedule' | 'startup') => void;
  setTimer?: (fn: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

/** The most recent daily slot at or before `now` (local time). */
export function lastSlot(now: Date, hour: number): Date {
  const slot = new Date(now);
  slot.setHours(hour, 0, 0, 0);
  if (slot.getTime() > now.getTime()) slot.setDate(slot.getDate() - 1);
  return slot;
}

export function nextSlot(now: Date, hour: number): Date {
  const slot = lastSlot(now, hour);
  slot.setDate(slot.getDate() + 1);
  return slot;
}

/** A slot is due when it passed after the scheduler's first start and no scheduled run started since. */
export function slotDue(now: Date, hour: number, lastRunAt: string | null, since: string): boolean {
  const slot = lastSlot(now, hour).getTime();
  if (slot < Date.parse(since)) return false;
  return lastRunAt === null || Date.parse(lastRunAt) < slot;
}

/** Longest sleep between checks: a changed hour setting or a clock jump is noticed within it. */
const MAX_SLEEP_MS = 15 * 60_000;

export class CleanupScheduler {
  #timer: unknown = null;
  #stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

  start(): void {
    this.#stopped = false;
    if (this.deps.autoOnStartup()) this.deps.request('startup');
    else this.check(); // the catch-up run (a startup run covers it when there is one)
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) (this.deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout)))(this.#timer);
    this.#timer = null;
  }

  /** Requests the scheduled run when its slot is due; returns whether it did. */
  check(): boolean {
    const now = this.deps.clock.now();
    if (!slotDue(now, this.deps.scheduleHour(), this.deps.lastScheduledAt(), this.deps.since())) return false;
    if (this.deps.busy()) return false;
    this.deps.request('schedule');
    return true;
  }

  #arm(): void {
    if (this.#stopped) return;
    const now = this.deps.clock.now();
    const wait = Math.min(
      MAX_SLEEP_MS,
      Math.max(1000, nextSlot(now, this.deps.scheduleHour()).getTime() - now.getTime()),
    );
    const set = this.deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    const timer = set(() => {
      this.check();
      this.#arm();
    }, wait);
    timer.unref?.();
    this.#timer = timer;
  }
}
