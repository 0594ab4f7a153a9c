/**
 * Issue 18: "Analyse" on a restored session whose recording is still in S3 downloads it first, then analyses. The
 * intent was kept in memory: a `filmroom serve` killed (-9) while the download ran came back, finished the download
 * and never analysed. Now the intent is a row: after the restart the download ends and the analysis runs.
 * The download is slowed by the fault proxy (response bandwidth cap) so the kill lands while it runs.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { until } from '../sync/sync-helpers.js';
import { backUp } from './coach-library.js';
import { importVideo } from './restore-helpers.js';

let s3: S3TestServer;
let proxy: FaultProxy;
let first: TestServer;
let serve: ServeChild | undefined;
const dir = tempDir('filmroom-analyse-restart-');
const dataDir = tempDir('filmroom-analyse-restart-data-');
let id: string;

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
  id = await importVideo(first, dir, 'Analyse me after the restart');
  await backUp(first, id);
}, 300_000);

afterAll(async () => {
  await serve?.stop();
  await first?.close();
  await proxy?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('analyse a session held in S3, then kill -9', () => {
  it('the restarted process downloads it and then analyses it', async () => {
    const env = s3.env(proxy.endpoint);
    serve = await startServe(dataDir, env);
    const restore = await serve.api('/api/v1/recordings/restore', { method: 'POST', json: {} });
    expect(restore.status, restore.text).toBe(202);
    await until(async () => {
      const s = await serve!.api(`/api/v1/sessions/${id}`);
      return s.status === 200 ? true : undefined;
    }, 60_000);
    const restored = (await serve.api(`/api/v1/sessions/${id}`)).body;
    expect(restored.analysis_status).toBe('none');
    expect(restored.files.find((f: Loose) => f.kind === 'recording').local_copy).toBe('remote');

    proxy.state.responseBytesPerSecond = 2_000; // the download lasts long enough to be killed
    const queued = await serve.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' });
    expect(queued.status, queued.text).toBe(202);
    // Killed while the download runs (not after it).
    const during = (await serve.api(`/api/v1/sessions/${id}`)).body;
    expect(during.files.find((f: Loose) => f.kind === 'recording').local_copy).toBe('restoring');
    await serve.kill9();

    proxy.state.responseBytesPerSecond = 0;
    serve = await startServe(dataDir, env);
    const analysed = await until(async () => {
      const s = (await serve!.api(`/api/v1/sessions/${id}`)).body;
      return ['ready', 'failed'].includes(s.analysis_status) ? s : undefined;
    }, 120_000);
    expect(analysed.analysis_status).toBe('ready');
    expect(analysed.files.find((f: Loose) => f.kind === 'recording').local_copy).toBe('present');
  }, 300_000);
});
