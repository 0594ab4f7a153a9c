/**
 * Restore from the bucket (issue 18): N signed manifests (sessions with a transcript and an analysis) seeded into
 * s3rver, then "Restore my library from S3" on a fresh data folder — wall time, and the p50/p99 of
 * `GET /api/v1/sessions?limit=50` while the restore runs against the same figures idle (same process, same run).
 * N is FILMROOM_BENCH_RESTORE_SESSIONS (default 2,000 so `npm run bench -- restore` stays under ~2 minutes on the
 * shared machine; the 10,000 takes ~5 minutes here, most of it seeding s3rver through PUTs).
 * The restore runs in its worker thread by default (16 GETs in flight, time-bounded library transactions with their
 * FTS rows and fsync, off the API's thread); FILMROOM_RESTORE_WORKER=0 writes on the API's thread instead, for a
 * before/after in one checkout (`restore_in_worker` says which ran). Note the pass-through counting proxy and the
 * list client run on the API's thread here.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startFilmroom } from '../main/composition/index.js';
import { ADMIN } from '../main/platform/actor.js';
import { silentLogger } from '../main/platform/logger.js';
import { startFaultProxy, type FaultProxy } from '../tests/helpers/s3-fault-proxy.js';
import { seedManifests, SEED_MANIFEST_KEY } from '../tests/helpers/seed-manifests.js';
import { bareS3Client, startS3Server, type S3TestServer } from '../tests/helpers/s3-server.js';
import { listObjects } from '../main/sync/restore/bucket-folders.js';

const percentile = (sorted: number[], p: number) =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 100) / 100;

async function listOnce(url: string, token: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/sessions?limit=50&sort=-recorded_at`, {
    headers: { authorization: `Bearer ${token}` },
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`list answered ${res.status}`);
  return performance.now() - t0;
}

/** The store alone: every manifest GET from a bare SDK client, 8 at a time (as the restore fetches them). */
async function bareGets(s3: S3TestServer): Promise<number> {
  const client = bareS3Client(s3);
  try {
    const keys = (await listObjects(client, s3.bucket, 'recordings/')).map((o) => o.key);
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < keys.length) {
        const out = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: keys[next++]! }));
        await out.Body?.transformToString();
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return (performance.now() - started) / 1000;
  } finally {
    client.destroy();
  }
}

export async function benchRestore(
  sessions = Number(process.env.FILMROOM_BENCH_RESTORE_SESSIONS ?? 2000),
): Promise<Record<string, number>> {
  const s3 = await startS3Server();
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-bench-restore-'));
  let counter: FaultProxy | undefined;
  try {
    const seeded = performance.now();
    await seedManifests(s3, sessions);
    const seedMs = performance.now() - seeded;
    // A pass-through proxy (no faults) between Filmroom and s3rver, only to count the restore's requests by type.
    // FILMROOM_BENCH_RESTORE_COUNT=0: Filmroom talks to s3rver directly (the proxy pipes every GET through this
    // process's event loop, which the list figures then include); the request counts read 0.
    if (process.env.FILMROOM_BENCH_RESTORE_COUNT !== '0') counter = await startFaultProxy(s3.endpoint);
    const app = await startFilmroom({
      dataDir: dir,
      port: 0,
      logger: silentLogger,
      autoAnalyze: false,
      watchFolders: false,
      env: { ...process.env, ...s3.env(counter?.endpoint), FILMROOM_MANIFEST_KEY: SEED_MANIFEST_KEY },
    });
    try {
      const { url } = app.api!;
      const token = app.adminToken;
      const empty: number[] = [];
      for (let i = 0; i < 200; i++) empty.push(await listOnce(url, token));
      const bareGetsS = await bareGets(s3);
      const loopDuring = monitorEventLoopDelay({ resolution: 10 });
      loopDuring.enable();
      const started = performance.now();
      const { job_id } = await app.handlers.restore.start({ include_deleted: false }, { actor: ADMIN });
      const during: number[] = [];
      for (;;) {
        during.push(await listOnce(url, token));
        const run = (await app.handlers.restore.latest({}, { actor: ADMIN })).items.find((r) => r.job_id === job_id);
        if (run && run.state !== 'running') {
          if (run.restored !== sessions) throw new Error(`restored ${run.restored} of ${sessions}`);
          break;
        }
      }
      const wallMs = performance.now() - started;
      loopDuring.disable();
      // Idle on the same, now full, library: the fair comparison for the figures measured during the restore.
      const loopIdle = monitorEventLoopDelay({ resolution: 10 });
      loopIdle.enable();
      const idle: number[] = [];
      for (let i = 0; i < 300; i++) idle.push(await listOnce(url, token));
      loopIdle.disable();
      const seen = counter?.requests ?? [];
      const requests = seen.length;
      const gets = seen.filter((r) => r.type === 'get').length;
      const lists = seen.filter((r) => r.type === 'list').length;
      // "Verify backups" over the same restored library: a HEAD per object its rows reference (the manifests).
      const verify = app.services.sync.verify;
      const verifyStarted = performance.now();
      const checked = await verify.run(verify.createRun('cli', 0), new AbortController().signal);
      const verifyMs = performance.now() - verifyStarted;
      idle.sort((a, b) => a - b);
      empty.sort((a, b) => a - b);
      during.sort((a, b) => a - b);
      return {
        sessions,
        restore_in_worker: process.env.FILMROOM_RESTORE_WORKER === '0' ? 0 : 1,
        seed_s: Math.round(seedMs / 100) / 10,
        restore_wall_s: Math.round(wallMs / 100) / 10,
        restore_sessions_per_s: Math.round(sessions / (wallMs / 1000)),
        bare_sdk_manifest_gets_s: Number(bareGetsS.toFixed(1)),
        restore_requests: requests,
        restore_get_requests: gets,
        restore_list_requests: lists,
        verify_same_library_s: Math.round(verifyMs / 100) / 10,
        verify_same_library_checked: checked.checked,
        verify_same_library_heads: (counter?.requests ?? []).filter((r) => r.type === 'head').length,
        list_empty_library_p99_ms: percentile(empty, 99),
        list_idle_p50_ms: percentile(idle, 50),
        list_idle_p99_ms: percentile(idle, 99),
        list_during_restore_p50_ms: percentile(during, 50),
        list_during_restore_p99_ms: percentile(during, 99),
        list_during_restore_samples: during.length,
        event_loop_delay_idle_p99_ms: Math.round(loopIdle.percentile(99) / 1e5) / 10,
        event_loop_delay_idle_max_ms: Math.round(loopIdle.max / 1e5) / 10,
        event_loop_delay_during_restore_p99_ms: Math.round(loopDuring.percentile(99) / 1e5) / 10,
        event_loop_delay_during_restore_max_ms: Math.round(loopDuring.max / 1e5) / 10,
      };
    } finally {
      await app.close();
    }
  } finally {
    await counter?.close();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
