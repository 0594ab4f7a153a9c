/**
 * Status route under load: 100 concurrent pollers on GET /api/v1/video/status/{id} against the real HTTP server
 * (loopback only, bounded in time). The pollers run in their own process (bench/status-poller-client.mjs), as other
 * tools would. Each asks every 100 ms (1,000 requests/s in all): latency percentiles while the analysis of a
 * 10-minute upload runs on both cores (the window ends when the analysis does, so every figure is from under
 * load), then with the app idle; then the same 100 without pause, for the saturated throughput (whose latency is
 * only queueing: 100 requests in line on one event loop).
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFilmroom } from '../main/composition/index.js';
import { locateMediaTools } from '../main/platform/ffmpeg-locate.js';
import { silentLogger } from '../main/platform/logger.js';

interface PollStats {
  count: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`status poller client exited (${code})`)));
  });
}

export async function benchStatusPollers(
  pollers = 100,
  intervalMs = 100,
  durationMs = 5000,
): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-bench-poll-'));
  const { ffmpeg } = locateMediaTools();
  const video = join(dir, 'clip.mp4');
  execFileSync(ffmpeg, [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=25:duration=600',
    '-f',
    'lavfi',
    '-i',
    'sine=duration=600',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-c:a',
    'aac',
    '-shortest',
    video,
  ]);
  const app = await startFilmroom({ dataDir: join(dir, 'data'), port: 0, logger: silentLogger, watchFolders: false });
  try {
    const form = new FormData();
    form.append('video', new Blob([readFileSync(video)]), 'clip.mp4');
    const res = await fetch(`${app.api!.url}/api/v1/video/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.adminToken}` },
      body: form,
    });
    const { sessionId } = (await res.json()) as { sessionId: string };
    const path = `/api/v1/video/status/${sessionId}`;
    const client = fork(
      fileURLToPath(new URL('./status-poller-client.mjs', import.meta.url)),
      [JSON.stringify({ port: app.api!.port, path, token: app.adminToken, pollers, intervalMs })],
      { execArgv: [] },
    );
    await nextMessage(client); // connections open
    const jobState = () => app.services.queue.get(app.services.analysis.latestJob(sessionId)?.id ?? '')?.state;
    const run = async (pauseMs: number, until?: Promise<unknown>): Promise<PollStats> => {
      const stats = nextMessage<PollStats>(client);
      client.send({ cmd: 'run', pauseMs, durationMs });
      void until?.then(() => client.send({ cmd: 'stop' }));
      return stats;
    };
    while (jobState() !== 'running') await new Promise((r) => setTimeout(r, 5));
    // Only while the analysis runs: the client is told to stop as soon as it is over.
    const paced = await run(intervalMs, app.services.queue.waitForIdle());
    await app.services.queue.waitForIdle();
    const idle = await run(intervalMs);
    const saturated = await run(0);
    client.send({ cmd: 'exit' });
    return {
      window_during_analysis_s: paced.seconds,
      idle_status_p50_ms: idle.p50,
      idle_status_p99_ms: idle.p99,
      pollers,
      poll_interval_ms: intervalMs,
      requests: paced.count,
      requests_per_s: paced.rps,
      status_p50_ms_during_analysis: paced.p50,
      status_p99_ms_during_analysis: paced.p99,
      status_max_ms: paced.max,
      saturated_requests_per_s: saturated.rps,
      saturated_p99_ms: saturated.p99,
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
