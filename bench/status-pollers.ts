/**
 * Status route under load: 100 concurrent pollers on GET /api/v1/video/status/{id} against the real HTTP server
 * (loopback only, bounded in time). Each poller asks every 100 ms (1,000 requests/s in all): latency percentiles
 * while the analysis of a 5-minute upload runs on both cores, then with the app idle; then the same 100 without
 * pause, for the saturated throughput (whose latency is only queueing: 100 requests in line on one event loop).
 * The pollers run in this process too, so their own cost is inside every figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFilmroom } from '../main/composition.js';
import { locateMediaTools } from '../main/platform/ffmpeg-locate.js';
import { silentLogger } from '../main/platform/logger.js';

function get(agent: Agent, port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - started));
      },
    );
    req.on('error', reject);
    req.end();
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
    'testsrc2=size=640x360:rate=25:duration=300',
    '-f',
    'lavfi',
    '-i',
    'sine=duration=300',
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
    const agent = new Agent({ keepAlive: true, maxSockets: pollers });
    const path = `/api/v1/video/status/${sessionId}`;
    // Every poller opens its keep-alive connection first: connection set-up is not what the status route costs.
    await Promise.all(Array.from({ length: pollers }, () => get(agent, app.api!.port, path, app.adminToken)));
    const run = async (pauseMs: number) => {
      const latencies: number[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: pollers }, async (_, i) => {
          await new Promise((r) => setTimeout(r, (i * intervalMs) / pollers)); // spread the pollers over one interval
          while (performance.now() - started < durationMs) {
            const t = performance.now();
            latencies.push(await get(agent, app.api!.port, path, app.adminToken));
            if (pauseMs > 0) await new Promise((r) => setTimeout(r, Math.max(0, pauseMs - (performance.now() - t))));
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const pct = (p: number) =>
        Math.round((latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN) * 1000) / 1000;
      return {
        count: latencies.length,
        rps: Math.round(latencies.length / ((performance.now() - started) / 1000)),
        p50: pct(0.5),
        p99: pct(0.99),
        max: pct(1),
      };
    };
    const paced = await run(intervalMs); // while the 5-minute upload is being analysed on both cores
    const analysing = app.services.queue.get(app.services.analysis.latestJob(sessionId)?.id ?? '')?.state === 'running';
    await app.services.queue.waitForIdle();
    const idle = await run(intervalMs);
    const saturated = await run(0);
    agent.destroy();
    return {
      analysis_still_running_at_end_of_window: analysing ? 1 : 0,
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
