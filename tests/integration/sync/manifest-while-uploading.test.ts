/**
 * Found by the soak (seed 20261208, round 30): the bucket held a `session.json` that was not JSON, and a restore
 * from the bucket skipped the session. A backup while the manifest's upload was still queued wrote a newer, longer
 * manifest over the file; the upload then sent the new file cut to the size it had been queued with. The manifest
 * must not change under its own upload: the object in the bucket is always a whole manifest.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_TEST_KEY, S3_TEST_SECRET } from '../../helpers/s3-server.js';
import { seedSession, settledUploads, startS3Stack, until, type S3Stack } from './sync-helpers.js';

let stack: S3Stack;
let direct: S3Client;

beforeAll(async () => {
  stack = await startS3Stack();
  direct = new S3Client({
    endpoint: stack.s3.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
  });
}, 60_000);
afterAll(async () => {
  direct?.destroy();
  await stack?.stop();
});

interface Upload {
  upload_id: string;
  state: string;
  file: string;
  key: string;
}

describe('a backup while the manifest is still being uploaded', () => {
  it('never sends a manifest cut short', async () => {
    const { server, proxy } = stack;
    const s = seedSession(server.app, { size: 3000, title: 'Short' });
    const uploads = async () => (await server.api(`/api/v1/sessions/${s.id}/uploads`)).body.items as Upload[];
    // The store takes the PUTs but never answers: both uploads stay under way until paused.
    proxy.state.holdAnswersOf = 'put';
    expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);
    const running = await until(async () => {
      const items = await uploads();
      return items.length === 2 && items.every((u) => u.state === 'uploading') ? items : undefined;
    }, 30_000);
    for (const u of running)
      expect((await server.api(`/api/v1/uploads/${u.upload_id}/pause`, { method: 'POST' })).status).toBe(200);
    proxy.state.holdAnswersOf = null;

    // A much longer manifest is due (long notes), and the coach backs up again while the upload waits.
    const notes = `Much longer notes ${'x'.repeat(2000)}`;
    expect((await server.api(`/api/v1/sessions/${s.id}`, { method: 'PATCH', json: { notes } })).status).toBe(200);
    expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);

    for (const u of running)
      expect((await server.api(`/api/v1/uploads/${u.upload_id}/resume`, { method: 'POST' })).status).toBe(200);
    await settledUploads(server, s.id, 60_000);
    const manifest = running.find((u) => u.key.endsWith('/session.json'))!;
    const object = await direct.send(new GetObjectCommand({ Bucket: stack.s3.bucket, Key: manifest.key }));
    const text = await object.Body!.transformToString();
    expect(() => JSON.parse(text) as unknown).not.toThrow();

    // Backed up again once the upload is done, the bucket gets the newer manifest, whole.
    expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);
    await settledUploads(server, s.id, 60_000);
    const again = await direct.send(new GetObjectCommand({ Bucket: stack.s3.bucket, Key: manifest.key }));
    expect(JSON.parse(await again.Body!.transformToString()).session.notes).toBe(notes);
  }, 120_000);
});
