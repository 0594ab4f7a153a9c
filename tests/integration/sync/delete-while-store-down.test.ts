/**
 * Found by the soak (seed 20261207, round 16): a backed-up session deleted while the S3 store was down leaves its
 * objects as storage debts (and no tombstone: the store could not take one). The next "Sync with bucket" found the
 * folder and registered the session again as `uploaded`, undoing an acknowledged delete. Objects a delete here still
 * owes are leftovers, never sessions to bring back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads } from './sync-helpers.js';

let s3: S3TestServer;
let proxy: FaultProxy;
let server: TestServer;

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  server = await startTestServer({ env: { ...process.env, ...s3.env(proxy.endpoint) } });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await proxy?.close();
  await s3?.stop();
});

describe('a session deleted while the store is down', () => {
  it('stays deleted when the bucket is synced after the store comes back', async () => {
    const s = seedSession(server.app, { size: 3000, title: 'Deleted while offline' });
    await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    await settledUploads(server, s.id);

    proxy.state.down = 'all';
    expect((await server.api(`/api/v1/sessions/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    proxy.state.down = null;

    const synced = await server.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.status).toBe(200);
    expect(synced.body.discovered).toBe(0);
    expect((await server.api(`/api/v1/sessions/${s.id}`)).status).toBe(404);
  }, 180_000);
});
