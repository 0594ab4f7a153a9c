/**
 * Issue 20, found by the chaos property (devices-chaos.test.ts): a device whose store answers 503 SlowDown to
 * everything (down, or cut off) was asked to sync while a pass was running; the pass run after it failed too, and
 * nobody handled that failure — the whole `filmroom serve` process died of an unhandled rejection. Now the failure
 * is the pass's `last_error`, in words, and the device keeps its edit and sends it once the store is back.
 */
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { tempDir, type TestServer } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { importFolder } from '../restore/coach-library.js';
import { makeVideo } from '../../helpers/media.js';
import { until } from '../sync/sync-helpers.js';

let s3: S3TestServer;
let proxy: FaultProxy;
let device: ServeChild;
const media = tempDir('filmroom-devdown-media-');
const dir = tempDir('filmroom-devdown-');

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  device = await startServe(dir, { ...s3.env(proxy.endpoint), FILMROOM_LOG_LEVEL: 'warn' });
  const put = await device.api('/api/v1/devices/settings', {
    method: 'PUT',
    json: { enabled: true, device_name: 'Laptop', poll_seconds: 3600 },
  });
  expect(put.status, put.text).toBe(200);
}, 120_000);

afterAll(async () => {
  await device?.stop();
  await proxy?.close();
  await s3?.stop();
  for (const d of [media, dir]) rmSync(d, { recursive: true, force: true });
});

describe('devices: a store that is down', () => {
  it('sync now during a failing pass fails the next pass too, in words, and the process lives on', async () => {
    const id = await importFolder(device as unknown as TestServer, makeVideo(media, undefined, 1), { title: 'Kept' });
    const edited = await device.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { title: 'Edited offline' } });
    expect(edited.status, edited.text).toBe(200);
    proxy.state.down = 'all';
    // The second request comes while the first pass runs (it retries the 503s): it is run right after it.
    for (let i = 0; i < 2; i++)
      expect((await device.api('/api/v1/devices/sync-now', { method: 'POST', json: {} })).status).toBe(202);
    const failed = proxy.requests.length;
    // Both passes fail: wait for the second one's requests, then for it to be over.
    await until(() => (proxy.requests.filter((r) => r.status === 503).length >= 8 ? true : undefined), 30_000);
    await sleep(2_000);
    expect(device.child.exitCode, device.output()).toBeNull();
    expect(device.child.signalCode, device.output()).toBeNull();
    const view = (await device.api('/api/v1/devices')).body;
    expect(view.last_error).toMatch(/reduce your request rate/i);
    expect(view.devices[0].pending_out).toBe(1);
    expect(proxy.requests.length).toBeGreaterThan(failed);

    // The store is back: the edit kept offline goes out.
    proxy.state.down = null;
    expect((await device.api('/api/v1/devices/sync-now', { method: 'POST', json: {} })).status).toBe(202);
    await until(async () => {
      const self = (await device.api('/api/v1/devices')).body;
      return self.devices[0].pending_out === 0 && self.last_error === null ? true : undefined;
    }, 30_000);
  }, 120_000);
});
