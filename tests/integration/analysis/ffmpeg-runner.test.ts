import { describe, expect, it } from 'vitest';
import { CancelledError, ProcessFailedError, runProcess } from '../../../main/analysis/ffmpeg/run-ffmpeg.js';
import type { ProgressUpdate } from '../../../main/analysis/ffmpeg/progress.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { isAlive } from '../../helpers/processes.js';

const { ffmpeg } = locateMediaTools();

describe('runProcess with the real ffmpeg', () => {
  it('reports progress from -progress pipe:1 and resolves on success', async () => {
    const updates: ProgressUpdate[] = [];
    const args = [
      '-hide_banner',
      '-nostats',
      '-f',
      'lavfi',
      '-i',
      'sine=d=3',
      '-progress',
      'pipe:1',
      '-f',
      'null',
      '-',
    ];
    const result = await runProcess(ffmpeg, args, { durationS: 3, onProgress: (u) => updates.push(u) });
    expect(result.exitCode).toBe(0);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.at(-1)).toMatchObject({ done: true, fraction: 1 });
  });

  it('progress: blocks split across reads are parsed whole, stderr stats never follow the end, the last says done', async () => {
    // A stand-in for ffmpeg with the timing that made the real run flaky: a `-progress` block cut mid-line between
    // two reads, and ffmpeg 5.1's final `time=` stats line on stderr after `progress=end` (even with -nostats).
    const script = `
      const w = (s, t) => new Promise((r) => setTimeout(() => { s.write(t); r(); }, 30));
      (async () => {
        await w(process.stdout, 'out_time_us=1000000\\nprogr');
        await w(process.stdout, 'ess=continue\\nout_time_us=3000000\\n');
        await w(process.stdout, 'progress=end\\n');
        await w(process.stderr, 'size=N/A time=00:00:02.50 bitrate=N/A speed=1x\\n');
      })();`;
    const updates: ProgressUpdate[] = [];
    await runProcess(process.execPath, ['-e', script], { durationS: 3, onProgress: (u) => updates.push(u) });
    expect(updates).toEqual([
      { timeS: 1, fraction: 1 / 3, done: false },
      { timeS: 3, fraction: 1, done: true },
    ]);
  });

  it('progress: a run that exits 0 without saying progress=end still ends with a done update', async () => {
    const updates: ProgressUpdate[] = [];
    await runProcess(process.execPath, ['-e', "process.stdout.write('out_time_us=500000\\nprogress=continue\\n')"], {
      durationS: 2,
      onProgress: (u) => updates.push(u),
    });
    expect(updates.map((u) => u.done)).toEqual([false, true]);
    expect(updates.at(-1)).toMatchObject({ fraction: 1, done: true });
  });

  it('fails with the stderr reason (an argument array: a shell-looking name is just a file name)', async () => {
    const error = await runProcess(ffmpeg, [
      '-hide_banner',
      '-i',
      '/nonexistent/$(rm -rf x); echo.mp4',
      '-f',
      'null',
      '-',
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessFailedError);
    expect((error as ProcessFailedError).message).toMatch(/No such file or directory/);
    expect((error as ProcessFailedError).exitCode).not.toBe(0);
  });

  it('cancel kills the child at once and settles only when it is gone', async () => {
    const controller = new AbortController();
    let pid = -1;
    // An endless input: without cancellation this never ends.
    const args = ['-hide_banner', '-re', '-f', 'lavfi', '-i', 'testsrc2=s=320x240', '-f', 'null', '-'];
    const run = runProcess(ffmpeg, args, { signal: controller.signal, onSpawn: (p) => (pid = p) });
    await new Promise((r) => setTimeout(r, 300));
    expect(pid).toBeGreaterThan(0);
    expect(isAlive(pid)).toBe(true);
    const t0 = Date.now();
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(isAlive(pid)).toBe(false);
  });

  it('escalates to SIGKILL when the child ignores SIGTERM', async () => {
    const controller = new AbortController();
    let pid = -1;
    const run = runProcess(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], {
      signal: controller.signal,
      killGraceMs: 200,
      onSpawn: (p) => (pid = p),
    });
    await new Promise((r) => setTimeout(r, 300));
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(isAlive(pid)).toBe(false);
  });

  it('an already aborted signal does not spawn at all', async () => {
    const controller = new AbortController();
    controller.abort();
    let spawned = false;
    await expect(
      runProcess(ffmpeg, ['-version'], { signal: controller.signal, onSpawn: () => (spawned = true) }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(spawned).toBe(false);
  });
});
