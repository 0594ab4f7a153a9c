import { describe, expect, it } from 'vitest';
import { ProgressThrottle, backoffMs } from '../../../main/jobs/throttle.js';

describe('ProgressThrottle', () => {
  it('lets at most one event per interval through per key, and keeps the latest dropped one', () => {
    let t = 0;
    const throttle = new ProgressThrottle<number>(100, () => t);
    expect(throttle.offer('a', 1)).toBe(true);
    t = 50;
    expect(throttle.offer('a', 2)).toBe(false);
    expect(throttle.offer('b', 1)).toBe(true); // other jobs are independent
    t = 60;
    expect(throttle.offer('a', 3)).toBe(false);
    expect(throttle.pendingDueInMs('a')).toBe(40);
    expect(throttle.takeDue('a')).toBeUndefined();
    t = 100;
    expect(throttle.takeDue('a')).toBe(3);
    expect(throttle.pendingDueInMs('a')).toBeUndefined();
    t = 150;
    expect(throttle.offer('a', 4)).toBe(false);
    expect(throttle.offer('a', 5, true)).toBe(true); // state changes are never dropped
  });

  it('never exceeds 10 events per second under a flood', () => {
    let t = 0;
    const throttle = new ProgressThrottle<number>(100, () => t);
    let emitted = 0;
    for (t = 0; t < 1000; t += 1) if (throttle.offer('job', t)) emitted++;
    expect(emitted).toBe(10);
  });
});

describe('backoffMs', () => {
  it('doubles per attempt and is capped', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });
});
