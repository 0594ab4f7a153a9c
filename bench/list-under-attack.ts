/**
 * List latency under hostile load (issue 11): p50/p99 of `GET /api/v1/sessions?limit=50` on a seeded library, with
 * the app idle, then while each "pressure" is held open against the same server. Goal: unchanged from idle.
 *
 * A pressure opens its hostile clients and returns a function that releases them. Add one to PRESSURES and it is
 * measured and reported as `<name>_p50` / `<name>_p99` / `<name>_vs_idle_p99`. The library has 50,000 sessions, so
 * a stalled export really stalls (its CSV is far larger than the socket buffers).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFilmroom, type FilmroomApp } from '../main/composition/index.js';
import { seedLibrary } from '../main/library/seed/seed-library.js';
import { silentLogger } from '../main/platform/logger.js';

export interface PressureContext {
  app: FilmroomApp;
  port: number;
  coachToken: string;
}

export type Pressure = (ctx: PressureContext) => Promise<() => void>;

/** Opens a socket and sends `bytes`; resolves once they are written. */
function openAndSend(port: number, bytes: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes, () => resolve(socket)));
    socket.on('error', reject);
  });
}

/** 100 multipart uploads that announce 10 MB, send 64 KiB of the file part, and then hold the connection. */
const abandonedUploads: Pressure = async ({ port, coachToken }) => {
  const boundary = 'XXbenchXX';
  const part =
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="held.mp4"\r\n` +
    `Content-Type: video/mp4\r\n\r\n${'x'.repeat(64 * 1024)}`;
  const sockets = await Promise.all(
    Array.from({ length: 100 }, () =>
      openAndSend(
        port,
        `POST /api/v1/sessions/import HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${coachToken}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: 10000000\r\n\r\n${part}`,
      ),
    ),
  );
  return () => sockets.forEach((s) => s.destroy());
};

/** A CSV export of the whole library whose client never reads: the server must not hold the library for it. */
const stalledExport: Pressure = async ({ port, app }) => {
  const socket = await openAndSend(
    port,
    `GET /api/v1/sessions/export.csv?exclude_failed=false HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n` +
      `Authorization: Bearer ${app.adminToken}\r\n\r\n`,
  );
  socket.pause(); // read nothing: the kernel buffers fill and the server sees backpressure
  await new Promise((r) => setTimeout(r, 500));
  return () => socket.destroy();
};

/** Both at once, as the issue asks: a stalled export and 100 abandoned uploads held open together. */
const stalledExportAndUploads: Pressure = async (ctx) => {
  const releases = [await stalledExport(ctx), await abandonedUploads(ctx)];
  return () => releases.forEach((release) => release());
};

export const PRESSURES: Record<string, Pressure> = {
  abandoned_uploads_100: abandonedUploads,
  stalled_export: stalledExport,
  stalled_export_and_abandoned_uploads_100: stalledExportAndUploads,
};

async function listLatencies(url: string, token: string, requests: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < requests; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1/sessions?limit=50`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`list answered ${res.status}`);
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 100) / 100;

export async function benchListUnderAttack(sessions = 50_000, requests = 300): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-bench-attack-'));
  const app = await startFilmroom({
    dataDir: dir,
    port: 0,
    logger: silentLogger,
    autoAnalyze: false,
    watchFolders: false,
  });
  try {
    seedLibrary(app.db, { sessions, seed: 7, now: new Date() });
    const { url, port } = app.api!;
    const ctx: PressureContext = { app, port, coachToken: app.tokens.createCoachToken('default') };
    await listLatencies(url, app.adminToken, 30); // warm up statements and the page cache
    const idle = await listLatencies(url, app.adminToken, requests);
    const results: Record<string, number> = {
      sessions,
      requests,
      idle_p50_ms: percentile(idle, 50),
      idle_p99_ms: percentile(idle, 99),
    };
    for (const [name, pressure] of Object.entries(PRESSURES)) {
      const release = await pressure(ctx);
      try {
        const held = await listLatencies(url, app.adminToken, requests);
        results[`${name}_p50_ms`] = percentile(held, 50);
        results[`${name}_p99_ms`] = percentile(held, 99);
        results[`${name}_vs_idle_p99`] = Math.round((percentile(held, 99) / results.idle_p99_ms!) * 100) / 100;
      } finally {
        release();
      }
    }
    return results;
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
