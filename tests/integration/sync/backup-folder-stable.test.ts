/**
 * Found by the soak (seed 1 and seed 3): a session backed up, renamed, then backed up again had its objects in two
 * folders (`{old-title}_{id}/` and `{new-title}_{id}/`). The first folder was never referenced again: deleting the
 * session left it in the bucket, and a restore from the bucket merged both folders into one session with wrong
 * names and crossed keys. A session keeps the folder of its first backup.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_TEST_KEY, S3_TEST_SECRET, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads } from './sync-helpers.js';

let s3: S3TestServer;
let server: TestServer;
let client: S3Client;

beforeAll(async () => {
  s3 = await startS3Server();
  server = await startTestServer({ env: { ...process.env, ...s3.env() } });
  client = new S3Client({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
  });
}, 60_000);
afterAll(async () => {
  client?.destroy();
  await server?.close();
  await s3?.stop();
});

async function keysOf(id: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'recordings/' }));
  return (page.Contents ?? []).map((o) => o.Key!).filter((k) => k.includes(`_${id}/`));
}

describe('a session renamed between two backups', () => {
  it('keeps one folder in the bucket, and its delete leaves no object behind', async () => {
    const s = seedSession(server.app, { size: 3000, title: 'First title' });
    await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    await settledUploads(server, s.id);
    const before = await keysOf(s.id);
    expect(before.length).toBeGreaterThanOrEqual(2); // the recording and session.json

    const renamed = await server.api(`/api/v1/sessions/${s.id}`, {
      method: 'PATCH',
      json: { title: 'Second title', client: 'Someone else' },
    });
    expect(renamed.status).toBe(200);
    expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBeLessThan(300);
    await settledUploads(server, s.id);
    const after = await keysOf(s.id);
    const folders = new Set(after.map((k) => k.slice(0, k.lastIndexOf('/') + 1)));
    expect([...folders]).toEqual([before[0]!.slice(0, before[0]!.lastIndexOf('/') + 1)]);
    expect(after.sort()).toEqual(before.sort());

    expect((await server.api(`/api/v1/sessions/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await keysOf(s.id)).filter((k) => !k.endsWith('/deleted.json'))).toEqual([]);
  }, 120_000);
});
