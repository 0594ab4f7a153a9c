/**
 * Devices (issue 20): catch-up of a new device by snapshot, one edit's propagation, idle requests.
 *
 * `devices_catchup`: device A's library is seeded with N synthetic sessions (`seedLibrary`: rows and two
 * participants each, no media; FILMROOM_BENCH_DEVICES_SESSIONS, default 100,000). With sync on, every session gets a
 * title + tags edit and a note (the library's own services, 5,000 to a transaction: 2 changes per session), A pushes
 * them (≈ 2N/500 change objects), writes a snapshot (parts of 5,000 sessions), then edits 100 sessions more (one
 * later object). Device C holds the same rows (a copy of A's seeded database before sync, as if restored: the
 * restore of the rows themselves is the `restore` benchmark) and no device state; C turns sync on and its first pass
 * catches up: wall time, requests and bytes read (counted by a pass-through proxy), checked against A on 200
 * sessions. `devices_propagation`: two devices polling every second, the time from an edit on A to the new title
 * in B's library (10 edits). `devices_idle`: B's requests over 60 s at the default 5 s poll, as requests an hour.
 * Two Filmroom apps run in this one process (two data folders, one s3rver).
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFilmroom, type FilmroomApp } from '../main/composition/index.js';
import { openDatabase } from '../main/db/index.js';
import { seedLibrary } from '../main/library/index.js';
import { ADMIN } from '../main/platform/actor.js';
import { libraryPaths } from '../main/platform/data-dir.js';
import { silentLogger } from '../main/platform/logger.js';
import { startFaultProxy, type FaultProxy } from '../tests/helpers/s3-fault-proxy.js';
import { bareS3Client, startS3Server, type S3TestServer } from '../tests/helpers/s3-server.js';

const ctx = { actor: ADMIN };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

interface Rig {
  s3: S3TestServer;
  dirs: string[];
  apps: FilmroomApp[];
  proxies: FaultProxy[];
}

async function seededDirs(sessions: number, copies: number): Promise<string[]> {
  const dirs = Array.from({ length: copies }, () => mkdtempSync(join(tmpdir(), 'filmroom-bench-devices-')));
  const db = await openDatabase(libraryPaths(dirs[0]!).database);
  seedLibrary(db, { sessions, seed: 7, now: new Date() });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const d of dirs.slice(1)) copyFileSync(libraryPaths(dirs[0]!).database, libraryPaths(d).database);
  return dirs;
}

async function open(rig: Rig, dir: string, counted: boolean, extra: Record<string, string> = {}): Promise<FilmroomApp> {
  const proxy = counted ? await startFaultProxy(rig.s3.endpoint) : undefined;
  if (proxy) rig.proxies.push(proxy);
  const app = await startFilmroom({
    dataDir: dir,
    logger: silentLogger,
    autoAnalyze: false,
    watchFolders: false,
    env: {
      ...process.env,
      ...rig.s3.env(proxy?.endpoint),
      FILMROOM_MANIFEST_KEY: 'bench-devices-key',
      FILMROOM_DEVICES_SNAPSHOT_EVERY_CHANGES: String(Number.MAX_SAFE_INTEGER),
      ...extra,
    },
  });
  rig.apps.push(app);
  return app;
}

async function enable(app: FilmroomApp, name: string, pollSeconds: number): Promise<void> {
  await app.handlers.devices.updateSettings(
    { enabled: true, device_name: name, poll_seconds: pollSeconds, keep_local_days: null },
    ctx,
  );
}

/** Waits for a pass that started after now to end (the list's `last_seen_at` of this device moves). */
async function passDone(app: FilmroomApp, before: string | null, timeoutMs = 3_600_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const view = await app.handlers.devices.list({}, ctx);
    if (view.devices[0]!.last_seen_at !== before && view.devices[0]!.pending_out === 0) return;
    if (view.last_error && /failed|could not/i.test(view.last_error)) throw new Error(view.last_error);
    if (Date.now() > end) throw new Error('the sync pass did not end');
    await sleep(50);
  }
}

async function rig<T>(fn: (r: Rig) => Promise<T>): Promise<T> {
  const r: Rig = { s3: await startS3Server(), dirs: [], apps: [], proxies: [] };
  try {
    return await fn(r);
  } finally {
    for (const app of r.apps) await app.close().catch(() => undefined);
    for (const p of r.proxies) await p.close();
    await r.s3.stop();
    for (const d of r.dirs) rmSync(d, { recursive: true, force: true });
  }
}

async function objectSizes(s3: S3TestServer): Promise<Map<string, number>> {
  const client = bareS3Client(s3);
  const out = new Map<string, number>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) out.set(o.Key!, o.Size ?? 0);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  client.destroy();
  return out;
}

export async function benchDevicesCatchup(
  sessions = Number(process.env.FILMROOM_BENCH_DEVICES_SESSIONS ?? 100_000),
): Promise<Record<string, number>> {
  return rig(async (r) => {
    const t0 = performance.now();
    r.dirs.push(...(await seededDirs(sessions, 2)));
    const seedS = (performance.now() - t0) / 1000;
    const a = await open(r, r.dirs[0]!, false);
    await enable(a, 'A', 3600);
    const ids = a.db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all() as string[];
    const t1 = performance.now();
    const { library, review } = a.services;
    for (let i = 0; i < ids.length; i += 5000) {
      a.db.transaction(() => {
        for (const id of ids.slice(i, i + 5000)) {
          library.update(ADMIN, { id, title: `Synced ${id.slice(-6)}`, tags: ['bench', id.slice(-2)] });
          review.addMarker(ADMIN, id, { t: 1.5, kind: 'note', text: `Note on ${id.slice(-6)}` });
        }
      })();
    }
    const editS = (performance.now() - t1) / 1000;
    const t2 = performance.now();
    await a.handlers.devices.snapshot({}, ctx); // a pass: push every change first, then the snapshot
    const pushAndSnapshotS = (performance.now() - t2) / 1000;
    const t3 = performance.now();
    const written = await a.handlers.devices.snapshot({}, ctx); // a snapshot alone (nothing left to push)
    const snapshotS = (performance.now() - t3) / 1000;
    // Later edits, after the snapshot: one more change object, which the joiner reads as such.
    a.db.transaction(() => {
      for (const id of ids.slice(0, 100)) library.update(ADMIN, { id, title: `Later ${id.slice(-6)}` });
    })();
    const before = (await a.handlers.devices.list({}, ctx)).devices[0]!.last_seen_at;
    await a.handlers.devices.syncNow({}, ctx);
    await passDone(a, before);

    const sizes = await objectSizes(r.s3);
    const changeObjects = [...sizes.keys()].filter((k) => k.includes('.sync/')).length;
    const snapshotBytes = [...sizes].filter(([k]) => k.includes('.sync-snapshots/')).reduce((n, [, s]) => n + s, 0);
    const c = await open(r, r.dirs[1]!, true);
    const proxy = r.proxies.at(-1)!;
    proxy.requests.length = 0;
    const t4 = performance.now();
    const beforeC = (await c.handlers.devices.list({}, ctx)).devices[0]!.last_seen_at;
    await enable(c, 'C', 3600); // its first pass: the newest snapshot, then the later objects
    await passDone(c, beforeC);
    const catchUpS = (performance.now() - t4) / 1000;
    const gets = proxy.requests.filter((q) => q.type === 'get');
    const keyOf = (url: string) => decodeURIComponent(url.split('?')[0]!).replace(`/${r.s3.bucket}/`, '');
    const bytes = gets.reduce((n, q) => n + (sizes.get(keyOf(q.url)) ?? 0), 0);
    let same = 0;
    for (const id of [...ids.slice(0, 200), ...ids.slice(-100)]) {
      const onA = a.services.sessions.get(id)!;
      const onC = c.services.sessions.get(id)!;
      const notes = (app: FilmroomApp) =>
        app.services.markers
          .list(id)
          .map((m) => m.text)
          .join('|');
      if (onA.title === onC.title && onA.tags === onC.tags && notes(a) === notes(c)) same += 1;
    }
    if (same !== 300) throw new Error(`C differs from A on ${300 - same} of 300 sessions checked`);
    return {
      sessions,
      changes: sessions * 2 + 100,
      change_objects_in_bucket: changeObjects,
      seed_s: round(seedS),
      edits_s: round(editS),
      push_and_snapshot_s: round(pushAndSnapshotS),
      snapshot_write_s: round(snapshotS),
      snapshot_parts: written.parts,
      snapshot_bytes: snapshotBytes,
      catchup_wall_s: round(catchUpS),
      catchup_requests: proxy.requests.length,
      catchup_get_requests: gets.length,
      catchup_change_object_gets: gets.filter((q) => q.url.includes('.sync/')).length,
      catchup_list_requests: proxy.requests.filter((q) => q.type === 'list').length,
      catchup_bytes_read: bytes,
      checked_sessions_equal: same,
    };
  });
}

/** Two devices with the same 100 seeded sessions, polling every second: an edit on A until B's library has it. */
export async function benchDevicesPropagation(edits = 10): Promise<Record<string, number>> {
  return rig(async (r) => {
    r.dirs.push(...(await seededDirs(100, 2)));
    const a = await open(r, r.dirs[0]!, false);
    const b = await open(r, r.dirs[1]!, false);
    await enable(a, 'A', 1);
    await enable(b, 'B', 1);
    await sleep(2500);
    const ids = a.db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all() as string[];
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      await sleep(Math.random() * 1000); // edits fall anywhere in the poll cycle
      const id = ids[i]!;
      const title = `Propagated ${i} ${Date.now()}`;
      const t0 = performance.now();
      a.services.library.update(ADMIN, { id, title });
      for (;;) {
        if (b.services.sessions.get(id)?.title === title) break;
        if (performance.now() - t0 > 60_000) throw new Error('the edit did not reach B in 60 s');
        await sleep(10);
      }
      times.push(performance.now() - t0);
    }
    const sorted = [...times].sort((x, y) => x - y);
    return {
      poll_seconds: 1,
      edits,
      propagation_p50_ms: Math.round(sorted[Math.floor(sorted.length / 2)]!),
      propagation_max_ms: Math.round(sorted.at(-1)!),
      propagation_mean_ms: Math.round(times.reduce((n, t) => n + t, 0) / times.length),
    };
  });
}

/** B's requests while nothing changes, two devices, at the default 5 s poll (and at 1 s), per hour. */
export async function benchDevicesIdle(seconds = Number(process.env.FILMROOM_BENCH_DEVICES_IDLE_S ?? 60)) {
  return rig(async (r) => {
    r.dirs.push(...(await seededDirs(100, 2)));
    const a = await open(r, r.dirs[0]!, false);
    const b = await open(r, r.dirs[1]!, true);
    const proxy = r.proxies[0]!;
    await enable(a, 'A', 5);
    await enable(b, 'B', 5);
    a.services.library.update(ADMIN, {
      id: a.db.prepare('SELECT id FROM sessions LIMIT 1').pluck().get() as string,
      title: 'x',
    });
    await a.handlers.devices.snapshot({}, ctx); // A's folder, its cursors and a snapshot exist: a steady state
    await sleep(12_000); // B has read them and published its cursors
    const measure = async (poll: number, s: number) => {
      await enable(b, 'B', poll);
      await sleep(poll * 1000 + 500);
      proxy.requests.length = 0;
      await sleep(s * 1000);
      const seen = [...proxy.requests];
      return {
        requests: seen.length,
        perHour: Math.round((seen.length * 3600) / s),
        puts: seen.filter((q) => q.type === 'put').length,
      };
    };
    const at5 = await measure(5, seconds);
    const at1 = await measure(1, Math.max(10, Math.round(seconds / 3)));
    return {
      seconds,
      idle_requests_5s_poll: at5.requests,
      idle_requests_per_hour_5s_poll: at5.perHour,
      idle_puts_5s_poll: at5.puts,
      idle_requests_per_hour_1s_poll: at1.perHour,
    };
  });
}
