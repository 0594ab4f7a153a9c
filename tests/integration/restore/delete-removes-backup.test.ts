/**
 * Issue 18, "delete, then restore from backup": a delete for good removes every object of the session from the
 * bucket and leaves only its tombstone (checked with awscli), so there is nothing a "restore from backup" could
 * bring back — the trash says so instead of offering it. Even the explicit `include_deleted` restore finds nothing
 * of it, and a plain restore or sync never brings it back.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';
import { until } from '../sync/sync-helpers.js';
import { backUp } from './coach-library.js';
import { bucketKeys, importVideo } from './restore-helpers.js';

let s3: S3TestServer;
let first: TestServer;
let fresh: TestServer | undefined;
const dir = tempDir('filmroom-delete-backup-');
let id: string;

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
  id = await importVideo(first, dir, 'Deleted for good');
  await backUp(first, id);
}, 300_000);

afterAll(async () => {
  await first?.close();
  await fresh?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('delete for good, then restore from backup', () => {
  it('leaves only the tombstone in the bucket', async () => {
    const before = bucketKeys(s3).filter((k) => k.includes(`_${id}/`));
    expect(before.length).toBeGreaterThan(1);
    expect((await first.api(`/api/v1/sessions/${id}`, { method: 'DELETE', query: { trash: 'true' } })).status).toBe(
      204,
    );
    expect((await first.api(`/api/v1/trash/${id}`, { method: 'DELETE' })).status).toBe(204);
    const after = await until(() => {
      const keys = bucketKeys(s3).filter((k) => k.includes(`_${id}/`));
      return keys.length === 1 ? keys : undefined;
    }, 30_000);
    expect(after[0]).toMatch(/\/deleted\.json$/);
  }, 60_000);

  it('so not even the explicit include_deleted restore brings it back, and sync does not', async () => {
    fresh = await startTestServer({ env: { ...process.env, ...s3.env() } });
    const started = await fresh.api('/api/v1/recordings/restore', { method: 'POST', json: { include_deleted: true } });
    expect(started.status, started.text).toBe(202);
    const run = await until(async () => {
      const items = (await fresh!.api('/api/v1/recordings/restore')).body.items;
      return items[0]?.state === 'completed' ? items[0] : undefined;
    }, 60_000);
    expect(run.restored).toBe(0);
    const synced = await fresh.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.body.discovered).toBe(0);
    expect((await fresh.api(`/api/v1/sessions/${id}`)).status).toBe(404);
    expect((await fresh.api('/api/v1/trash')).body.total).toBe(0);
  }, 120_000);
});
