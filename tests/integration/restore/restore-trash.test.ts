/**
 * Issue 18: a trashed session comes back IN THE TRASH with its purge date. Moving a backed-up session to the trash
 * (or back) rewrites the manifest in the bucket (checked with awscli); "Restore my library from S3" and "Sync with
 * bucket" on fresh data folders put it back in the trash; one purged from the trash (a delete: tombstone) stays gone.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { until } from '../sync/sync-helpers.js';
import { backUp } from './coach-library.js';
import { bucketKeys, bucketManifest, importVideo, restoreLibrary } from './restore-helpers.js';

let s3: S3TestServer;
let first: TestServer;
const fresh: TestServer[] = [];
const dir = tempDir('filmroom-restore-trash-');
let trashed: string;
let purged: string;
let firstTrash: Loose;

async function freshServer(): Promise<TestServer> {
  const server = await startTestServer({ env: { ...process.env, ...s3.env() } });
  fresh.push(server);
  return server;
}

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
  trashed = await importVideo(first, dir, 'Trashed coaching call');
  purged = await importVideo(first, dir, 'Purged coaching call');
  await backUp(first, trashed);
  await backUp(first, purged);
  for (const id of [trashed, purged])
    expect((await first.api(`/api/v1/sessions/${id}`, { method: 'DELETE', query: { trash: 'true' } })).status).toBe(
      204,
    );
  // Purged from the trash: deleted for good, a tombstone in the bucket.
  expect((await first.api(`/api/v1/trash/${purged}`, { method: 'DELETE' })).status).toBe(204);
  firstTrash = (await first.api('/api/v1/trash')).body;
}, 300_000);

afterAll(async () => {
  await first?.close();
  for (const s of fresh) await s.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a trashed session in the backup', () => {
  it('its manifest in the bucket carries the trash state and purge date', async () => {
    const [item] = firstTrash.items as Loose[];
    expect(item.id).toBe(trashed);
    const manifest = await until(() => {
      const m = bucketManifest(s3, trashed);
      return m?.session?.trash ? m : undefined;
    }, 30_000);
    expect(manifest.session.trash).toEqual({
      former_status: 'uploaded',
      deleted_at: item.deleted_at,
      purge_at: item.purge_at,
    });
    expect(bucketKeys(s3).some((k) => k.endsWith(`_${purged}/deleted.json`))).toBe(true);
  });

  it('"Restore my library from S3" brings it back in the trash with its purge date; the purged one stays gone', async () => {
    const server = await freshServer();
    const run = await restoreLibrary(server);
    expect(run).toMatchObject({ state: 'completed', errors: [] });
    const trash = (await server.api('/api/v1/trash')).body;
    const [original] = firstTrash.items as Loose[];
    expect(trash.items.map((t: Loose) => [t.id, t.deleted_at, t.purge_at, t.status])).toEqual([
      [trashed, original.deleted_at, original.purge_at, original.status],
    ]);
    expect((await server.api(`/api/v1/sessions/${trashed}`)).status).toBe(404);
    expect((await server.api('/api/v1/sessions')).body.total).toBe(0);
    expect((await server.api(`/api/v1/sessions/${purged}`)).status).toBe(404);
  }, 120_000);

  it('"Sync with bucket" does the same', async () => {
    const server = await freshServer();
    const synced = await server.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.status, synced.text).toBe(200);
    expect(synced.body.errors).toEqual([]);
    const trash = (await server.api('/api/v1/trash')).body;
    expect(trash.items.map((t: Loose) => t.id)).toEqual([trashed]);
    expect((await server.api('/api/v1/sessions')).body.total).toBe(0);
  }, 120_000);

  it('restored from the trash, the manifest loses its trash state and a restore lists it', async () => {
    // On a restored library (any device restoring it from the trash rewrites the bucket's manifest).
    const back = await fresh[0]!.api(`/api/v1/trash/${trashed}/restore`, { method: 'POST' });
    expect(back.status, back.text).toBe(200);
    expect(back.body.status).toBe('uploaded');
    await until(() => {
      const m = bucketManifest(s3, trashed);
      return m && !m.session.trash ? m : undefined;
    }, 30_000);
    const server = await freshServer();
    await restoreLibrary(server);
    expect((await server.api(`/api/v1/sessions/${trashed}`)).body.status).toBe('uploaded');
    expect((await server.api('/api/v1/trash')).body.total).toBe(0);
  }, 120_000);
});
