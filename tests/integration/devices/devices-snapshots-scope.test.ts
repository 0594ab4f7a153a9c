/**
 * Issue 20, snapshots with coach-scoped folders (real `filmroom serve` ×2, s3rver): A (every coach) edits a session
 * of Dana's and one of Eli's and writes a snapshot (one set per coach folder); a joiner set up for Dana reads only
 * `.sync-snapshots/dana/…` (never Eli's set) and none of the change objects the snapshot covers, and holds A's edit
 * of Dana's session — its folder cursors came from the snapshot's per-folder vector.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { backUp, importFolder } from '../restore/coach-library.js';
import { until } from '../sync/sync-helpers.js';

let s3: S3TestServer;
const started: ServeChild[] = [];
const proxies: FaultProxy[] = [];
const dirs: string[] = [];
const media = tempDir('filmroom-snapscope-media-');
let env: Record<string, string>;
const PREFIX = 'recordings/';
const asServer = (s: ServeChild) => s as unknown as TestServer;

async function serve(proxy?: FaultProxy): Promise<ServeChild> {
  const dir = tempDir('filmroom-snapscope-device-');
  dirs.push(dir);
  const server = await startServe(dir, { ...env, ...s3.env(proxy?.endpoint) });
  started.push(server);
  return server;
}

async function settings(server: ServeChild, json: Loose): Promise<void> {
  const put = await server.api('/api/v1/devices/settings', {
    method: 'PUT',
    json: { enabled: true, poll_seconds: 3600, keep_local_days: null, ...json },
  });
  expect(put.status, put.text).toBe(200);
}

async function syncNow(server: ServeChild): Promise<void> {
  const before = (await server.api('/api/v1/devices')).body.devices[0].last_seen_at as string | null;
  expect((await server.api('/api/v1/devices/sync-now', { method: 'POST', json: {} })).status).toBe(202);
  await until(async () => {
    const self = (await server.api('/api/v1/devices')).body.devices[0];
    return self.pending_out === 0 && self.last_seen_at !== null && self.last_seen_at !== before ? true : undefined;
  }, 90_000);
}

beforeAll(() => {
  env = { FILMROOM_LOG_LEVEL: 'warn', FILMROOM_DEVICES_SNAPSHOT_GRACE_MS: '0', FILMROOM_DEVICES_CURSORS_EVERY_MS: '0' };
});

afterAll(async () => {
  for (const s of started) await s.stop().catch(() => undefined);
  for (const p of proxies) await p.close();
  await s3?.stop();
  for (const d of [media, ...dirs]) rmSync(d, { recursive: true, force: true });
});

describe('devices: snapshots per coach folder', () => {
  it("a coach's joiner reads only its coach's snapshot set and no object it covers", async () => {
    s3 = await startS3Server();
    const a = await serve();
    const dana = await importFolder(asServer(a), makeVideo(media, undefined, 1), { coach_id: 'dana', title: 'Dana' });
    const eli = await importFolder(asServer(a), makeVideo(media, undefined, 2), { coach_id: 'eli', title: 'Eli' });
    await backUp(asServer(a), dana);
    await backUp(asServer(a), eli);
    await settings(a, { device_name: 'Lead' });
    for (let i = 1; i <= 3; i++) {
      await a.api(`/api/v1/sessions/${dana}`, { method: 'PATCH', json: { title: `Dana edit ${i}` } });
      await a.api(`/api/v1/sessions/${eli}`, { method: 'PATCH', json: { title: `Eli edit ${i}` } });
      await syncNow(a);
    }
    const snap = await a.api('/api/v1/devices/snapshot', { method: 'POST', json: {} });
    expect(snap.status, snap.text).toBe(200);
    expect(snap.body.groups).toBe(2);

    const proxy = await startFaultProxy(s3.endpoint);
    proxies.push(proxy);
    const c = await serve(proxy);
    expect((await c.api('/api/v1/recordings/sync-bucket', { method: 'POST', json: {} })).status).toBe(200);
    proxy.requests.length = 0;
    await settings(c, { device_name: 'Dana laptop', coach_id: 'dana' });
    await until(async () => {
      const view = (await c.api('/api/v1/devices')).body;
      return view.devices[0].last_seen_at !== null ? view : undefined;
    }, 90_000);
    const gets = (part: string) =>
      proxy.requests.filter((r) => r.type === 'get' && decodeURIComponent(r.url).includes(`/${PREFIX}${part}`)).length;
    expect(gets('.sync-snapshots/dana/')).toBeGreaterThanOrEqual(2); // manifest and part
    expect(gets('.sync-snapshots/eli/')).toBe(0);
    expect(gets('.sync/')).toBe(0); // every change object is covered by the snapshot
    await until(async () => {
      const title = (await c.api(`/api/v1/sessions/${dana}`)).body.title as string;
      return title === 'Dana edit 3' ? true : undefined;
    }, 30_000);
  }, 400_000);
});
