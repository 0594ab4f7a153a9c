/**
 * Library list and delete figures: first page of the default view (with total) at 1k, 100k and 1M sessions, a
 * keyset page at depth 500k vs the first page, and a bulk delete of 10k sessions. Medians of repeated runs, all
 * through the real services on a real SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFilmroom, type FilmroomApp } from '../main/composition/index.js';
import { openDatabase } from '../main/db/index.js';
import { seedLibrary } from '../main/library/seed/seed-library.js';
import { encodeCursor, sortValue } from '../main/library/sessions/list-query.js';
import type { SessionRow } from '../main/library/sessions/session-row.js';
import { ADMIN } from '../main/platform/actor.js';
import { silentLogger } from '../main/platform/logger.js';

const ctx = { actor: ADMIN };
const defaultView = {
  limit: 50,
  offset: 0,
  exclude_failed: true,
  sort: '-recorded_at' as const,
  include_analysis: false,
  include_transcript: false,
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function timeMs(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < 5; i++) await fn(); // warm the statement cache and pages
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

async function seededApp(sessions: number): Promise<{ app: FilmroomApp; dir: string; seedS: number }> {
  const dir = mkdtempSync(join(tmpdir(), `filmroom-bench-${sessions}-`));
  const db = await openDatabase(join(dir, 'library.db'));
  const t = performance.now();
  seedLibrary(db, { sessions, seed: 42, now: new Date() });
  const seedS = (performance.now() - t) / 1000;
  db.close();
  const app = await startFilmroom({ dataDir: dir, logger: silentLogger, recover: false });
  return { app, dir, seedS };
}

export async function benchLibrary(sizes = [1_000, 100_000, 1_000_000]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const size of sizes) {
    const { app, dir, seedS } = await seededApp(size);
    try {
      out[`seed_${size}_s`] = round(seedS, 2);
      out[`list_first_page_${size}_ms`] = round(
        await timeMs(200, () => app.handlers.sessions.list(defaultView, ctx)),
        3,
      );
      if (size >= 1_000_000) {
        const depth = 500_000;
        const row = app.db
          .prepare(
            `SELECT recorded_at, title, duration, size, created_at, id FROM sessions WHERE listed = 1 AND status <> 'failed'
             ORDER BY recorded_at DESC, id DESC LIMIT 1 OFFSET ?`,
          )
          .get(depth - 1) as SessionRow;
        const cursor = encodeCursor({
          sort: '-recorded_at',
          value: sortValue('-recorded_at', row),
          id: row.id,
          offset: depth,
        });
        out.keyset_page_depth_500k_ms = round(
          await timeMs(200, () => app.handlers.sessions.list({ ...defaultView, cursor }, ctx)),
          3,
        );
        out.keyset_vs_first_page_ratio = round(out.keyset_page_depth_500k_ms / out[`list_first_page_${size}_ms`]!, 2);
        out.offset_page_depth_500k_ms = round(
          await timeMs(5, () => app.handlers.sessions.list({ ...defaultView, offset: depth }, ctx)),
          1,
        );
      }
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const first = out[`list_first_page_${sizes[0]}_ms`];
  const last = out[`list_first_page_${sizes.at(-1)}_ms`];
  if (first && last) out[`list_first_page_ratio_${sizes.at(-1)}_vs_${sizes[0]}`] = round(last / first, 2);
  return out;
}

/**
 * Bulk delete of ~10k sessions through the API (`DELETE /sessions/bulk?status_filter=failed` over a seeded library of
 * 100k: ~10% failed), with a list request after another while it runs: how long the delete takes and how long a list
 * waits meanwhile (issue 21: ≤ 1 s, list p99 ≤ 50 ms).
 */
export async function benchBulkDelete(sessions = 100_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-bench-bulk-'));
  const app = await startFilmroom({
    dataDir: dir,
    port: 0,
    logger: silentLogger,
    autoAnalyze: false,
    watchFolders: false,
  });
  try {
    seedLibrary(app.db, { sessions, seed: 42, now: new Date() });
    const { url } = app.api!;
    const headers = { authorization: `Bearer ${app.adminToken}` };
    const list = async () => {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/v1/sessions?limit=50`, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`list answered ${res.status}`);
      return performance.now() - t0;
    };
    for (let i = 0; i < 30; i++) await list(); // warm statements and pages
    let running = true;
    const waits: number[] = [];
    const lists = (async () => {
      while (running) waits.push(await list());
    })();
    const t = performance.now();
    const res = await fetch(`${url}/api/v1/sessions/bulk?status_filter=failed`, { method: 'DELETE', headers });
    const body = (await res.json()) as { deleted_count: number };
    const seconds = (performance.now() - t) / 1000;
    running = false;
    await lists;
    if (res.status !== 200) throw new Error(`bulk delete answered ${res.status}`);
    waits.sort((a, b) => a - b);
    const pct = (p: number) => round(waits[Math.min(waits.length - 1, Math.floor((waits.length * p) / 100))] ?? NaN, 1);
    return {
      bulk_delete_sessions: body.deleted_count,
      bulk_delete_10k_s: round(seconds, 2),
      bulk_delete_per_session_ms: round((seconds * 1000) / body.deleted_count, 3),
      list_during_delete_requests: waits.length,
      list_during_delete_p50_ms: pct(50),
      list_during_delete_p99_ms: pct(99),
      list_during_delete_max_ms: round(waits.at(-1) ?? NaN, 1),
    };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
