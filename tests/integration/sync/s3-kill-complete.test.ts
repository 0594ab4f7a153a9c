/**
 * kill -9 of a real `filmroom serve` while CompleteMultipartUpload is in flight: the store finished the object,
 * the process never heard so. After the restart the upload is reconciled by HEAD (size + sha256 metadata): it is
 * `completed` without sending a byte again (before: marked failed, or the whole file re-sent), and a backup that a
 * crash left `failed` with its object whole is healed at start-up the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { seedSession, until, type SeededSession } from './sync-helpers.js';

const MiB = 1024 * 1024;
const SIZE = 20 * MiB; // three 8 MiB parts
let s3: S3TestServer;
let proxy: FaultProxy;
let dataDir: string;
let session: SeededSession;
const children: ServeChild[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  dataDir = tempDir('filmroom-s3-complete-');
  const setup = await startTestServer({ dataDir });
  session = seedSession(setup.app, { size: SIZE, title: 'Killed at complete' });
  await setup.stop();
}, 120_000);
afterAll(async () => {
  for (const c of children) await c.kill9();
  await proxy?.close();
  await s3?.stop();
});

async function uploadOf(child: ServeChild, uploadId: string): Promise<Loose | undefined> {
  const items = (await child.api(`/api/v1/sessions/${session.id}/uploads`)).body.items as Loose[];
  return items.find((u) => u.upload_id === uploadId);
}

describe('kill -9 during CompleteMultipartUpload', () => {
  it('is reconciled by HEAD after the restart: completed, nothing re-sent', async () => {
    const env = s3.env(proxy.endpoint);
    proxy.state.holdAnswersOf = 'complete';
    const first = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...env });
    children.push(first);
    const started = await first.api(`/api/v1/sessions/${session.id}/sync`, { method: 'POST' });
    expect(started.status).toBe(202);
    const uploadId = started.body.upload_id as string;
    await until(() => (proxy.requests.some((r) => r.type === 'complete' && r.status === 200) ? true : undefined));
    await first.kill9();
    expect((await uploadOf(first, uploadId).catch(() => undefined))?.state).not.toBe('completed');
    const sentBefore = proxy.partBytes();
    expect(sentBefore).toBeGreaterThanOrEqual(SIZE);

    proxy.state.holdAnswersOf = null;
    const second = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...env });
    children.push(second);
    const done = await until(async () => {
      const u = await uploadOf(second, uploadId);
      return u && ['completed', 'failed'].includes(u.state) ? u : undefined;
    }, 120_000);
    expect(done.state, done.error).toBe('completed');
    expect(proxy.partBytes() - sentBefore).toBe(0);
    const row = (await second.api(`/api/v1/sessions/${session.id}`)).body;
    expect(row.files.find((f: Loose) => f.kind === 'recording').s3_key).toBe(done.key);
    await second.stop();
  }, 300_000);

  it('a backup left failed with its object whole is completed at start-up', async () => {
    const app = await startTestServer({ dataDir, env: { ...process.env, ...s3.env(proxy.endpoint) } });
    try {
      const upload = app.app.db
        .prepare("SELECT id, file_id FROM uploads WHERE session_id = ? AND state = 'synced' AND file_id IS NOT NULL")
        .get(session.id) as { id: string; file_id: number };
      app.app.db.prepare("UPDATE uploads SET state = 'failed', error = 'killed' WHERE id = ?").run(upload.id);
      app.app.db.prepare('UPDATE session_files SET s3_key = NULL WHERE id = ?').run(upload.file_id);
    } finally {
      await app.stop();
    }
    const again = await startTestServer({ dataDir, env: { ...process.env, ...s3.env(proxy.endpoint) } });
    try {
      const healed = await again.app.services.sync.reconciled();
      expect(healed).toBeGreaterThanOrEqual(1);
      const items = (await again.api(`/api/v1/sessions/${session.id}/uploads`)).body.items as Loose[];
      expect(items.every((u) => u.state === 'completed')).toBe(true);
      expect((await again.api(`/api/v1/sessions/${session.id}`)).body.upload_state).toBe('synced');
    } finally {
      await again.close();
    }
  }, 120_000);
});
