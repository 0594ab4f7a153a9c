/**
 * A paused upload stays paused across a restart (issue 22: its state is the `uploads` row's `paused`, not a marker
 * beside `queued`): the restarted server neither sends it nor lists it as queued, a backup of its session does not
 * start a second upload of the file, and a resume then finishes it without sending its finished part again.
 */
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads, until } from './sync-helpers.js';

const MiB = 1024 * 1024;
const SIZE = 24 * MiB; // three 8 MiB parts
let s3: S3TestServer;
let proxy: FaultProxy;
let dataDir: string;
const servers: TestServer[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  dataDir = tempDir('filmroom-pause-restart-');
}, 60_000);
afterAll(async () => {
  for (const s of servers) await s.stop();
  await proxy?.close();
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const start = async () => {
  const server = await startTestServer({ dataDir, env: { ...process.env, ...s3.env(proxy.endpoint) } });
  servers.push(server);
  return server;
};

async function uploadOf(server: TestServer, sessionId: string, uploadId: string): Promise<Loose> {
  const items = (await server.api(`/api/v1/sessions/${sessionId}/uploads`)).body.items as Loose[];
  return items.find((u) => u.upload_id === uploadId)!;
}

describe('a paused upload', () => {
  it('is still paused after a restart, and a resume finishes it without re-sending its parts', async () => {
    proxy.state.holdPartsFrom = 2;
    const first = await start();
    const session = seedSession(first.app, { size: SIZE, title: 'Paused over a restart' });
    const started = await first.api(`/api/v1/sessions/${session.id}/sync`, { method: 'POST' });
    expect(started.status).toBe(202);
    const uploadId = started.body.upload_id as string;
    await until(async () => ((await uploadOf(first, session.id, uploadId))?.parts_done >= 1 ? true : undefined));
    const paused = await first.api(`/api/v1/uploads/${uploadId}/pause`, { method: 'POST' });
    expect(paused.body.state).toBe('paused');
    await first.stop();

    // Parts 2 and 3 of the first run, held when it paused, are let through now (the proxy counts their bytes).
    proxy.state.holdPartsFrom = null;
    const requestsBefore = proxy.requests.length;
    const second = await start();
    await sleep(1500); // time for start-up to queue (wrongly) what it finds unfinished
    const after = await uploadOf(second, session.id, uploadId);
    expect(after).toMatchObject({ state: 'paused', error: null, parts_done: 1 });
    const sending = proxy.requests
      .slice(requestsBefore)
      .filter((r) => ['create', 'listParts', 'part'].includes(r.type));
    expect(sending).toEqual([]);
    const sentBefore = proxy.partBytes();
    const listed = async (state: string) =>
      ((await second.api('/api/v1/uploads', { query: { state } })).body.items as Loose[]).map((u) => u.upload_id);
    expect(await listed('paused')).toContain(uploadId);
    expect(await listed('queued')).not.toContain(uploadId);
    const jobs = second.app.db
      .prepare("SELECT COUNT(*) FROM jobs WHERE type = 's3.upload' AND state IN ('queued','running')")
      .pluck()
      .get();
    expect(jobs).toBe(0);
    // A backup of the session answers the paused upload rather than starting a second one of the file.
    const again = await second.api(`/api/v1/sessions/${session.id}/sync`, { method: 'POST' });
    expect(again.body.upload_id).toBe(uploadId);
    expect((await uploadOf(second, session.id, uploadId)).state).toBe('paused');

    const resumed = await second.api(`/api/v1/uploads/${uploadId}/resume`, { method: 'POST' });
    expect(resumed.status).toBe(200);
    const items = await settledUploads(second, session.id);
    const recordings = items.filter((u) => u.file === 'recording.mp4');
    expect(recordings).toHaveLength(1);
    expect(recordings[0]).toMatchObject({ upload_id: uploadId, state: 'completed' });
    expect(proxy.partBytes() - sentBefore).toBeLessThan(SIZE); // part 1 was not sent again
  }, 240_000);
});
