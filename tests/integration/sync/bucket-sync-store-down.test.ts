/**
 * Found by the soak (seed 20261207, round 11): `POST /recordings/sync-bucket` while the S3 store was down answered
 * 500 "Internal error". It answers a plain 503 naming the store, changes nothing, and works once the store is back.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

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

describe('sync-bucket while the store is down', () => {
  it('answers 503 with { error, code }, then works when the store is back', async () => {
    proxy.state.down = 'all';
    const down = await server.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ code: 503 });
    expect(down.body.error).toMatch(/S3 store/);

    proxy.state.down = null;
    const up = await server.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(up.status).toBe(200);
    expect(up.body.errors).toEqual([]);
  }, 120_000);
});
