/**
 * Offload ("safe to free") and restore-local against a real S3-protocol server: only a recording whose local bytes
 * and S3 object (HEAD size + sha256 metadata) match is freed; the session stays listed and playable (the media
 * route streams it from S3, Range included); restore-local brings a byte-identical copy back, resuming a part file
 * and throwing away a corrupt one; every refusal is a 409 naming its reason and leaves the local copy in place.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, awsCliPath, type S3TestServer } from '../../helpers/s3-server.js';
import type { FaultProxy } from '../../helpers/s3-fault-proxy.js';
import type { Loose, TestServer } from '../../helpers/server.js';
import { seedSession, startS3Stack, until, type S3Stack } from '../sync/sync-helpers.js';
import { backedUpSession, bucketClient, recordingEntry, sha256Of } from './offload-helpers.js';

const MiB = 1024 * 1024;
const hasAws = awsCliPath() !== null;
let stack: S3Stack;
let s3: S3TestServer;
let proxy: FaultProxy; // no faults here: it records what Filmroom asked of the store
let server: TestServer;

beforeAll(async () => {
  stack = await startS3Stack();
  ({ s3, proxy, server } = stack);
}, 60_000);
afterAll(() => stack?.stop());

/** GETs of the object's key the store answered since `from` (206: a Range answer, 200: the whole object). */
const objectGets = (key: string, from: number) =>
  proxy.requests.slice(from).filter((r) => r.method === 'GET' && decodeURIComponent(r.url).includes(key));

const offload = (id: string) => server.api(`/api/v1/sessions/${id}/offload`, { method: 'POST' });
const restore = (id: string) => server.api(`/api/v1/sessions/${id}/restore-local`, { method: 'POST' });

describe('offload', () => {
  it('lists backed-up sessions as candidates, frees the verified copy, keeps the session playable from S3', async () => {
    const s = await backedUpSession(server.app, server, { size: 3 * MiB + 17, title: 'Quarterly review' });
    const local = seedSession(server.app, { size: 1000, title: 'Not backed up' });

    const candidates = await server.api('/api/v1/storage/offload-candidates');
    expect(candidates.status).toBe(200);
    const mine = candidates.body.items.find((c: Loose) => c.id === s.id);
    expect(mine).toMatchObject({ bytes: s.size, key: s.key, title: 'Quarterly review' });
    expect(candidates.body.items.some((c: Loose) => c.id === local.id)).toBe(false);
    expect(candidates.body.bytes).toBe(candidates.body.items.reduce((n: number, c: Loose) => n + c.bytes, 0));

    const refused = await offload(local.id);
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('not_backed_up');
    expect(existsSync(local.path)).toBe(true);

    const storageBefore = (await server.api('/api/v1/storage')).body;
    const before = storageBefore.offloaded_sessions as number;
    const original = readFileSync(s.path);
    const done = await offload(s.id);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toEqual({ session_id: s.id, state: 'offloaded', bytes_freed: s.size, key: s.key });
    expect(existsSync(s.path)).toBe(false);
    expect((await recordingEntry(server, s.id)).local_copy).toBe('offloaded');
    const storageOffloaded = (await server.api('/api/v1/storage')).body;
    expect(storageOffloaded.offloaded_sessions).toBe(before + 1);
    // The freed bytes leave the library's local figure (the recording is held in S3 only).
    expect(storageOffloaded.library_bytes).toBe(storageBefore.library_bytes - s.size);
    // Still listed and searchable.
    const listed = await server.api('/api/v1/sessions', { query: { q: 'Quarterly' } });
    expect(listed.body.items.map((i: Loose) => i.id)).toContain(s.id);
    // The object is untouched (an independent client says so).
    if (hasAws) {
      const head = awsCli(s3, ['s3api', 'head-object', '--bucket', s3.bucket, '--key', s.key, '--output', 'json']);
      expect(head.status, head.stderr).toBe(0);
      expect(JSON.parse(head.stdout)).toMatchObject({ ContentLength: s.size, Metadata: { sha256: s.sha256 } });
    }
    // No longer a candidate; a second offload says why.
    const after = await server.api('/api/v1/storage/offload-candidates');
    expect(after.body.items.some((c: Loose) => c.id === s.id)).toBe(false);
    expect((await offload(s.id)).body.reason).toBe('already_offloaded');
    // Its object cannot be deleted while it is the only copy.
    const del = await server.api(`/api/v1/recordings/recording/${s.id}`, { method: 'DELETE' });
    expect(del.status).toBe(409);

    // Playback streams from S3: a Range answer with the right bytes, and the whole file byte for byte.
    const media = await server.api(`/api/v1/sessions/${s.id}/media-url`);
    const part = await fetch(server.url + media.body.url, { headers: { range: 'bytes=100-1123' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-1123/${s.size}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(original.subarray(100, 1124))).toBe(true);
    const whole = await fetch(server.url + media.body.url);
    expect(whole.status).toBe(200);
    expect(Buffer.from(await whole.arrayBuffer()).equals(original)).toBe(true);

    // Restore: 202 with a job, then the same bytes at the same place, and the file row is local again.
    const restoring = await restore(s.id);
    expect(restoring.status).toBe(202);
    expect(restoring.body.job_id).toEqual(expect.any(String));
    await server.app.services.queue.waitForIdle();
    expect(server.app.services.queue.get(restoring.body.job_id)?.state).toBe('done');
    expect(await sha256Of(s.path)).toBe(s.sha256);
    expect((await recordingEntry(server, s.id)).local_copy).toBe('present');
    expect(existsSync(s.path + '.restore-part')).toBe(false);
    const again = await restore(s.id);
    expect(again.status).toBe(200);
    expect(again.body.job_id).toBeNull();
    expect((await server.api('/api/v1/storage')).body).toMatchObject({
      offloaded_sessions: before,
      library_bytes: storageBefore.library_bytes,
    });
  }, 120_000);

  it('refuses a local copy that differs from the backup, and an object whose sha256 metadata differs', async () => {
    const changed = await backedUpSession(server.app, server, { size: 256 * 1024 });
    appendFileSync(changed.path, 'edited');
    const refused = await offload(changed.id);
    expect(refused.status).toBe(409);
    expect(refused.body.reason).toBe('local_changed');
    expect(existsSync(changed.path)).toBe(true);

    const tampered = await backedUpSession(server.app, server, { size: 256 * 1024 });
    const client = bucketClient(s3);
    // Same size, other metadata: what a foreign tool overwriting the key would leave.
    await client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: tampered.key,
        Body: readFileSync(tampered.path),
        Metadata: { sha256: '0'.repeat(64) },
      }),
    );
    client.destroy();
    const mismatch = await offload(tampered.id);
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.reason).toBe('sha256_mismatch');
    expect(await sha256Of(tampered.path)).toBe(tampered.sha256);
  }, 60_000);

  it('restore-local resumes from a part file, and throws away a corrupt one instead of installing it', async () => {
    const s = await backedUpSession(server.app, server, { size: 2 * MiB });
    const bytes = readFileSync(s.path);
    expect((await offload(s.id)).status).toBe(200);

    // Half of the right bytes already downloaded (a crash mid-restore): only the rest is fetched.
    writeFileSync(s.path + '.restore-part', bytes.subarray(0, MiB));
    let mark = proxy.requests.length;
    const first = await restore(s.id);
    await server.app.services.queue.waitForIdle();
    expect(server.app.services.queue.get(first.body.job_id)?.state).toBe('done');
    expect(await sha256Of(s.path)).toBe(s.sha256);
    expect(objectGets(s.key, mark).map((r) => r.status)).toEqual([206]); // only the missing half was asked for

    // A part file with wrong bytes: the sha256 check fails, the part is dropped, the whole file is fetched again.
    expect((await offload(s.id)).status).toBe(200);
    const wrong = Buffer.from(bytes.subarray(0, MiB));
    wrong[10] = wrong[10]! ^ 0xff;
    writeFileSync(s.path + '.restore-part', wrong);
    mark = proxy.requests.length;
    const second = await restore(s.id);
    await server.app.services.queue.waitForIdle();
    const job = server.app.services.queue.get(second.body.job_id);
    expect(job?.state).toBe('done');
    expect(job?.attempts).toBe(1);
    expect(await sha256Of(s.path)).toBe(s.sha256);
    expect(objectGets(s.key, mark).map((r) => r.status)).toEqual([206, 200]); // the rest, then all of it again
  }, 120_000);

  it('never replaces a different file standing at the recording path', async () => {
    const s = await backedUpSession(server.app, server, { size: 64 * 1024 });
    expect((await offload(s.id)).status).toBe(200);
    writeFileSync(s.path, 'somebody else’s bytes');
    const job = await restore(s.id);
    await server.app.services.queue.waitForIdle();
    const record = server.app.services.queue.get(job.body.job_id);
    expect(record?.state).toBe('failed');
    expect(record?.error).toContain('in the way');
    expect(readFileSync(s.path, 'utf8')).toBe('somebody else’s bytes');
    expect((await recordingEntry(server, s.id)).local_copy).toBe('offloaded');
  }, 60_000);

  it('a move to the trash stops a running restore; after the trash restore, restore-local starts again and ends', async () => {
    const s = await backedUpSession(server.app, server, { size: 2 * MiB });
    expect((await offload(s.id)).status).toBe(200);
    proxy.state.responseBytesPerSecond = 256 * 1024;
    try {
      const first = await restore(s.id);
      expect(first.status).toBe(202);
      await until(() => (existsSync(s.path + '.restore-part') ? true : undefined), 30_000);
      expect((await server.api(`/api/v1/sessions/${s.id}?trash=true`, { method: 'DELETE' })).status).toBe(204);
      expect(server.app.services.queue.get(first.body.job_id)?.state).toBe('cancelled');
      expect((await server.api(`/api/v1/trash/${s.id}/restore`, { method: 'POST' })).status).toBe(200);
      expect((await recordingEntry(server, s.id)).local_copy).toBe('offloaded');
      expect(existsSync(s.path)).toBe(false); // the stopped download replaced nothing
    } finally {
      proxy.state.responseBytesPerSecond = 0;
    }
    const second = await restore(s.id);
    expect(second.status).toBe(202);
    await server.app.services.queue.waitForIdle();
    expect(server.app.services.queue.get(second.body.job_id)?.state).toBe('done');
    expect(await sha256Of(s.path)).toBe(s.sha256);
  }, 120_000);
});
