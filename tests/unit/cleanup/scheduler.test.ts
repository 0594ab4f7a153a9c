/**
 * The cleanup scheduler with an injected clock and timer: the daily slot at the configured hour, the start-up run,
 * exactly one catch-up run however many days were missed, none for slots before the library first ran it, and
 * nothing stacked while a run is busy.
 */
import { describe, expect, it } from 'vitest';
import { CleanupScheduler, lastSlot, nextSlot, slotDue } from '../../../main/cleanup/scheduler.js';

/** Local-time dates, as the schedule hour is local. */
const at = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi);

describe('slots', () => {
  it('finds the last and next daily slot around now', () => {
    expect(lastSlot(at(2026, 3, 10, 2, 59), 3)).toEqual(at(2026, 3, 9, 3));
    expect(lastSlot(at(2026, 3, 10, 3, 0), 3)).toEqual(at(2026, 3, 10, 3));
    expect(nextSlot(at(2026, 3, 10, 3, 0), 3)).toEqual(at(2026, 3, 11, 3));
    expect(nextSlot(at(2026, 3, 31, 23, 0), 3)).toEqual(at(2026, 4, 1, 3));
  });

  it('a slot is due once: after the first start, and only when no scheduled run started since', () => {
    const since = at(2026, 3, 1, 12).toISOString();
    expect(slotDue(at(2026, 3, 1, 13), 3, null, since)).toBe(false); // today's slot was before the first start
    expect(slotDue(at(2026, 3, 2, 3, 1), 3, null, since)).toBe(true);
    expect(slotDue(at(2026, 3, 2, 3, 1), 3, at(2026, 3, 2, 3, 0).toISOString(), since)).toBe(false);
    expect(slotDue(at(2026, 3, 9, 10), 3, at(2026, 3, 2, 3).toISOString(), since)).toBe(true); // a week missed
  });
});

function harness(opts: { hour?: number; auto?: boolean; last?: string | null; since: string; now: Date }) {
  const state = {
    now: opts.now,
    last: opts.last ?? null,
    busy: false,
    requests: [] as string[],
    timers: [] as { fn: () => void; ms: number }[],
  };
  const scheduler = new CleanupScheduler({
    clock: { now: () => state.now },
    scheduleHour: () => opts.hour ?? 3,
    autoOnStartup: () => opts.auto ?? false,
    lastScheduledAt: () => state.last,
    since: () => opts.since,
    busy: () => state.busy,
    request: (trigger) => {
      state.requests.push(trigger);
      state.last = state.now.toISOString();
    },
    setTimer: (fn, ms) => {
      state.timers.push({ fn, ms });
      return {};
    },
    clearTimer: () => undefined,
  });
  const fire = (advanceTo: Date) => {
    state.now = advanceTo;
    state.timers.shift()!.fn();
  };
  return { state, scheduler, fire };
}

describe('CleanupScheduler', () => {
  it('runs one catch-up after several missed days, then the daily slot', () => {
    const h = harness({
      since: at(2026, 1, 1, 0).toISOString(),
      last: at(2026, 3, 1, 3).toISOString(),
      now: at(2026, 3, 5, 9),
    });
    h.scheduler.start();
    expect(h.state.requests).toEqual(['schedule']);
    expect(h.state.timers[0]!.ms).toBeLessThanOrEqual(15 * 60_000);
    h.fire(at(2026, 3, 5, 20)); // same day, later: nothing more
    expect(h.state.requests).toEqual(['schedule']);
    h.fire(at(2026, 3, 6, 3, 0)); // next slot
    expect(h.state.requests).toEqual(['schedule', 'schedule']);
    h.scheduler.stop();
  });

  it('runs at start-up when asked, and that run counts for the missed slot', () => {
    const h = harness({ auto: true, since: at(2026, 1, 1, 0).toISOString(), last: null, now: at(2026, 3, 5, 9) });
    h.scheduler.start();
    expect(h.state.requests).toEqual(['startup']);
    h.fire(at(2026, 3, 5, 9, 15));
    expect(h.state.requests).toEqual(['startup']);
  });

  it('a fresh library does not catch up, and a busy run is not stacked', () => {
    const h = harness({ since: at(2026, 3, 5, 8).toISOString(), now: at(2026, 3, 5, 9) });
    h.scheduler.start();
    expect(h.state.requests).toEqual([]);
    h.state.busy = true;
    h.fire(at(2026, 3, 6, 3, 5));
    expect(h.state.requests).toEqual([]);
    h.state.busy = false;
    h.fire(at(2026, 3, 6, 3, 20));
    expect(h.state.requests).toEqual(['schedule']);
  });
});
