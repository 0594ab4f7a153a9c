import { describe, expect, it } from 'vitest';
import { parseClock, parseProgress } from '../../../main/analysis/ffmpeg/progress.js';

describe('parseClock', () => {
  it('reads HH:MM:SS.frac', () => {
    expect(parseClock('00:01:02.50')).toBeCloseTo(62.5);
    expect(parseClock('01:00:00.000000')).toBe(3600);
  });
  it('rejects N/A and garbage', () => {
    expect(parseClock('N/A')).toBeUndefined();
    expect(parseClock('')).toBeUndefined();
  });
});

describe('parseProgress', () => {
  const block = [
    'frame=250',
    'fps=120.5',
    'out_time_us=10000000',
    'out_time_ms=10000000',
    'out_time=00:00:10.000000',
    'speed=4.1x',
    'progress=continue',
  ].join('\n');

  it('reads a -progress block as a fraction of the duration', () => {
    expect(parseProgress(block, 40)).toEqual({ timeS: 10, fraction: 0.25, done: false });
  });

  it('takes the last of several blocks in one chunk', () => {
    const two = `${block}\nout_time_us=30000000\nprogress=continue\n`;
    expect(parseProgress(two, 40)?.timeS).toBe(30);
  });

  it('reads the stderr stats line (\\r separated)', () => {
    const stats = 'size=N/A time=00:00:05.00 bitrate=N/A speed=10x\rsize=N/A time=00:00:07.50 bitrate=N/A speed=11x';
    expect(parseProgress(stats, 10)).toEqual({ timeS: 7.5, fraction: 0.75, done: false });
  });

  it('treats progress=end as complete', () => {
    expect(parseProgress('out_time_us=9900000\nprogress=end\n', 10)).toEqual({ timeS: 9.9, fraction: 1, done: true });
  });

  it('clamps beyond the duration and ignores negative/N/A times', () => {
    expect(parseProgress('out_time_us=50000000', 10)?.fraction).toBe(1);
    expect(parseProgress('out_time_us=-5000\nout_time=N/A', 10)).toBeNull();
  });

  it('reports 0 fraction for an unknown duration, null for chunks without progress', () => {
    expect(parseProgress('out_time_us=1000000', 0)).toEqual({ timeS: 1, fraction: 0, done: false });
    expect(parseProgress('[silencedetect @ 0x1] silence_start: 2', 10)).toBeNull();
  });
});
