/**
 * Found by the soak (seed 20261207, round 8): a session deleted while its backup was being written kept a
 * `session.json` object in the bucket (no session, no tombstone, no debt), and a restore from the bucket then
 * brought the deleted session back. The store finishes a PUT whose body it has even when the client gave up on it:
 * the delete stopped the upload, deleted the session's keys, and the object landed afterwards. The delete must win:
 * an object write stopped by a delete is given time to answer before the delete removes the keys, and the session's
 * folder gets a tombstone even when no file of it had finished its backup.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_TEST_KEY, S3_TEST_SECRET } from '../../helpers/s3-server.js';
import { seedSession, startS3Stack, until, type S3Stack } from './sync-helpers.js';

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

async function keysOf(sessionId: string): Promise<string[]> {
  const page = await direct.send(new ListObjectsV2Command({ Bucket: stack.s3.bucket }));
  return (page.Contents ?? []).map((o) => o.Key!).filter((k) => k.includes(sessionId));
}

describe('a delete racing the backup of the same session', () => {
  it('leaves no object of the session behind but its tombstone, even when the writes land late', async () => {
    const { server, proxy } = stack;
    const s = seedSession(server.app, { size: 4000, title: 'Deleted mid-backup' });
    // Every PUT reaches the store 1.5 s after its body was sent, whether the client still waits or not.
    proxy.state.lateWritesOf = { type: 'put', ms: 1_500 };
    try {
      expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);
      // The recording and session.json are being written (their bodies are at the store's door).
      await until(async () => {
        const items = (await server.api(`/api/v1/sessions/${s.id}/uploads`)).body.items as { state: string }[];
        return items.length >= 2 && items.every((u) => u.state === 'uploading') ? true : undefined;
      }, 30_000);
      await sleep(200);
      expect((await server.api(`/api/v1/sessions/${s.id}`, { method: 'DELETE' })).status).toBe(204);
      await sleep(2_500); // every late write has landed by now
    } finally {
      proxy.state.lateWritesOf = null;
    }
    const left = await keysOf(s.id);
    expect(left.filter((k) => !k.endsWith('/deleted.json'))).toEqual([]);
    // The folder says the session was deleted, so no sync or restore brings it back.
    expect(left.some((k) => k.endsWith('/deleted.json'))).toBe(true);
  }, 120_000);
});
