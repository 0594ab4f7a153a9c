/**
 * kill -9 of a real `filmroom serve` at 60 % of a large multipart upload; the restarted process resumes by itself
 * (ListParts reconcile + the parts committed in SQLite), re-sends at most one part per worker, and the object is
 * byte-identical (checked with awscli). No multipart upload is left open.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { seedSession, until, type SeededSession } from './sync-helpers.js';

const MiB = 1024 * 1024;
const SIZE = 80 * MiB;
const PART = 8 * MiB;
const CONCURRENCY = 4;
let s3: S3TestServer;
let proxy: FaultProxy;
let dataDir: string;
let session: SeededSession;
const children: ServeChild[] = [];

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  dataDir = tempDir('filmroom-s3-kill-');
  const setup = await startTestServer({ dataDir });
  session = seedSession(setup.app, { size: SIZE, title: 'Long intensive' });
  await setup.stop();
}, 120_000);
afterAll(async () => {
  for (const c of children) await c.kill9();
  await proxy?.close();
  await s3?.stop();
});

describe('kill -9 mid-upload', () => {
  it('resumes after a restart, re-sends at most one part per worker, and the object is byte-identical', async () => {
    const env = s3.env(proxy.endpoint);
    proxy.state.bytesPerSecond = 2 * MiB; // per request: ~8 MiB/s over 4 workers, so there is time to kill
    const first = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...env });
    children.push(first);
    const started = await first.api(`/api/v1/sessions/${session.id}/sync`, { method: 'POST' });
    expect(started.status).toBe(202);
    const uploadId = started.body.upload_id as string;
    const progress = async () =>
      ((await first.api(`/api/v1/sessions/${session.id}/uploads`)).body.items as Loose[]).find(
        (u) => u.upload_id === uploadId,
      );
    const atKill = await until(async () => {
      const u = await progress();
      return u && u.parts_done >= Math.ceil(0.6 * u.parts_total) ? u : undefined;
    }, 120_000);
    await first.kill9();
    expect(atKill.parts_total).toBe(SIZE / PART);
    expect(atKill.parts_done).toBeLessThan(atKill.parts_total);

    proxy.state.bytesPerSecond = 0;
    const second = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...env });
    children.push(second);
    const done = await until(async () => {
      const items = (await second.api(`/api/v1/sessions/${session.id}/uploads`)).body.items as Loose[];
      const u = items.find((i) => i.upload_id === uploadId);
      return u && ['completed', 'failed'].includes(u.state) ? u : undefined;
    }, 180_000);
    expect(done.state).toBe('completed');
    const resent = proxy.partBytes() - SIZE;
    expect(resent).toBeGreaterThanOrEqual(0);
    expect(resent).toBeLessThanOrEqual(CONCURRENCY * PART);
    await second.stop();

    if (awsCliPath()) {
      const local = join(dataDir, 'downloaded.mp4');
      const cp = awsCli(s3, ['s3', 'cp', `s3://${s3.bucket}/${done.key}`, local]);
      expect(cp.status, cp.stderr).toBe(0);
      expect(await sha256Of(local)).toBe(session.sha256);
      const open = awsCli(s3, ['s3api', 'list-multipart-uploads', '--bucket', s3.bucket, '--output', 'json']);
      expect(open.stdout.trim() ? (JSON.parse(open.stdout).Uploads ?? []) : []).toEqual([]);
    }
  }, 400_000);
});
