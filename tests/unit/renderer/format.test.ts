import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatSpan, plural } from '../../../renderer/lib/format.js';

describe('formatDuration', () => {
  it('writes h:mm:ss, rounding to the second', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(2.4)).toBe('0:00:02');
    expect(formatDuration(4142)).toBe('1:09:02');
    expect(formatDuration(36_000)).toBe('10:00:00');
  });
  it('shows a dash for unknown durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal below 100', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(1024 ** 2)).toBe('1 MB');
    expect(formatBytes(262_483_572)).toBe('250 MB');
    expect(formatBytes(59_604_523_576)).toBe('55.5 GB');
  });
});

describe('plural', () => {
  it('agrees with the count', () => {
    expect(plural(1, 'session')).toBe('1 session');
    expect(plural(2, 'session')).toBe('2 sessions');
  });
});

describe('formatSpan: one unit style for talk time, silence and monologues', () => {
  it('writes seconds, minutes and seconds, then hours and minutes', () => {
    expect(formatSpan(32.4)).toBe('32 s');
    expect(formatSpan(59.6)).toBe('1 min');
    expect(formatSpan(72)).toBe('1 min 12 s');
    expect(formatSpan(150)).toBe('2 min 30 s');
    expect(formatSpan(840)).toBe('14 min');
    expect(formatSpan(3780)).toBe('1 h 03 min');
    expect(formatSpan(3599.6)).toBe('1 h 00 min');
    expect(formatSpan(36_000)).toBe('10 h 00 min');
  });
  it('never writes decimals, and reads 0 s for nothing or nonsense', () => {
    for (const n of [0, -5, Number.NaN, null, undefined]) expect(formatSpan(n)).toBe('0 s');
    for (const n of [1.5, 61.5, 599.9, 7322.2]) expect(formatSpan(n)).not.toMatch(/\./);
  });
});
