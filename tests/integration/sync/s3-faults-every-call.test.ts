/**
 * 10 % of every S3 call type failing at random (seeded: 503 SlowDown, a reset mid-body of the request or the answer,
 * latency): backups (PUT, multipart parts + Complete), offload (HEAD), restore-local (GET, Range on resume), bucket
 * sync (List), presign + confirm (HEAD), verify (HEAD + GET), delete (DeleteObjects). Each either completes or
 * answers plainly (503/409, never 500) and completes when tried again; afterwards, with the faults off, nothing is
 * lost: every object the library references is whole (verify with a full re-hash), the deleted session's objects
 * are gone or recorded as storage debts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallType } from '../../helpers/s3-fault-proxy.js';
import type { ApiResponse, Loose } from '../../helpers/server.js';
import { bucketClient, sha256Of } from '../cleanup/offload-helpers.js';
import { seedSession, settledUploads, startS3Stack, until, type S3Stack, type SeededSession } from './sync-helpers.js';
import { HeadObjectCommand } from '@aws-sdk/client-s3';

const MiB = 1024 * 1024;
let stack: S3Stack;
const sessions: SeededSession[] = [];

beforeAll(async () => {
  stack = await startS3Stack();
  for (let i = 0; i < 4; i++)
    sessions.push(seedSession(stack.server.app, { size: i === 0 ? 17 * MiB : 4096 + i, title: `Faulty ${i}` }));
  stack.proxy.state.faults = { rate: 0.1, types: 'all', kinds: ['slowdown', 'reset', 'latency'], seed: 2 };
}, 60_000);
afterAll(async () => stack?.stop());

/** Calls until the answer is one of `ok`; a refusal in between must be plain (503/409 with words), never a 500. */
async function untilDone(call: () => Promise<ApiResponse>, ok: number[], tries = 10): Promise<ApiResponse> {
  for (let i = 0; ; i++) {
    const res = await call();
    if (ok.includes(res.status)) return res;
    expect([409, 503], JSON.stringify(res.body)).toContain(res.status);
    expect(res.body.error).not.toMatch(/Internal error|Sqlite|\$metadata/);
    if (i + 1 >= tries) throw new Error(`still refused after ${tries} tries: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('10 % faults on every S3 call type', () => {
  it('every operation completes or reports plainly and completes later; nothing is lost', async () => {
    const { server, proxy, s3 } = stack;
    // Backups: single PUTs and a three-part multipart upload with its Complete.
    for (const s of sessions) {
      await untilDone(() => server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' }), [200, 202]);
      let uploads = await settledUploads(server, s.id);
      for (const u of uploads.filter((x: Loose) => x.state === 'failed'))
        await server.api(`/api/v1/uploads/${u.upload_id}/resume`, { method: 'POST' }); // "retried later"
      uploads = await settledUploads(server, s.id);
      expect(uploads.map((u: Loose) => u.state)).toEqual(uploads.map(() => 'completed'));
    }

    // Offload (HEAD), then restore-local (GET; a reset mid-body resumes with Range).
    const big = sessions[0]!;
    await untilDone(() => server.api(`/api/v1/sessions/${big.id}/offload`, { method: 'POST' }), [200]);
    await until(async () => {
      const file = (await server.api(`/api/v1/sessions/${big.id}`)).body.files.find(
        (f: Loose) => f.kind === 'recording',
      );
      if (file.local_copy === 'offloaded')
        // not started yet, or a restore that failed for good: try again
        await untilDone(() => server.api(`/api/v1/sessions/${big.id}/restore-local`, { method: 'POST' }), [202]);
      return file.local_copy === 'present' ? file : undefined;
    }, 180_000);
    expect(await sha256Of(big.path)).toBe(big.sha256);

    // Bucket sync (List), presign + confirm (HEAD), verify (HEAD + GET).
    const synced = await untilDone(() => server.api('/api/v1/recordings/sync-bucket', { method: 'POST' }), [200]);
    expect(synced.body.missing).toBe(0);
    const made = await untilDone(
      () =>
        server.api('/api/v1/recordings/presigned-upload-url', {
          method: 'POST',
          json: { session_id: sessions[1]!.id, filename: 'notes.txt', content_type: 'text/plain' },
        }),
      [200],
    );
    await until(async () => {
      const put = await fetch(made.body.url, { method: 'PUT', body: 'shared notes', headers: made.body.headers }).catch(
        () => null,
      );
      return put?.status === 200 ? true : undefined; // the other tool retries its own PUT
    });
    await untilDone(
      () => server.api(`/api/v1/recordings/confirm-upload/${made.body.upload_id}`, { method: 'POST' }),
      [200],
    );
    const verify = await untilDone(
      () => server.api('/api/v1/recordings/verify', { method: 'POST', json: { sample_rehash: 100 } }),
      [202],
    );
    const run = await until(async () => {
      const items = (await server.api('/api/v1/recordings/verify')).body.items as Loose[];
      const r = items.find((x) => x.job_id === verify.body.job_id);
      return r?.finished_at ? r : undefined;
    }, 120_000);
    expect(run.missing).toEqual([]);
    expect(run.changed).toEqual([]);

    // Delete (DeleteObjects): the objects go, or stay recorded as storage debts.
    const gone = sessions[3]!;
    const keys = ((await server.api(`/api/v1/sessions/${gone.id}`)).body.files as Loose[])
      .map((f) => f.s3_key as string | null)
      .filter((k): k is string => k !== null);
    expect((await server.api(`/api/v1/sessions/${gone.id}`, { method: 'DELETE' })).status).toBe(204);

    proxy.state.faults = null;
    const client = bucketClient(s3);
    const debts = server.app.db.prepare("SELECT location FROM storage_debts WHERE target = 's3'").pluck().all();
    for (const key of keys) {
      const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key })).catch(() => null);
      if (head) expect(debts).toContain(key);
    }
    const clean = await server.api('/api/v1/recordings/verify', { method: 'POST', json: { sample_rehash: 100 } });
    const final = await until(async () => {
      const items = (await server.api('/api/v1/recordings/verify')).body.items as Loose[];
      const r = items.find((x) => x.job_id === clean.body.job_id);
      return r?.finished_at ? r : undefined;
    }, 120_000);
    expect(final).toMatchObject({ missing: [], changed: [], error: null });
    // Only the other tool's upload, which came without sha256 metadata, cannot be proven whole.
    expect(final.unverifiable.map((f: Loose) => f.key)).toEqual([made.body.key]);
    expect(final.ok).toBe(final.checked - 1);

    const exercised = new Set(proxy.requests.map((r) => r.type));
    for (const type of ['head', 'get', 'list', 'deleteObjects', 'complete', 'part', 'put', 'create'] as CallType[])
      expect(exercised, type).toContain(type);
    // Which types draw a fault depends on the order requests arrive in; how many does not (seeded draws, one per
    // request): every type's own single fault is the next test.
    expect(proxy.injected.length).toBeGreaterThanOrEqual(3);
  }, 400_000);

  it('a single 503 fails no call: HEAD, List, DeleteObjects, GET and Complete each ride it out on the first try', async () => {
    const { server, proxy, s3 } = stack;
    const once = (type: CallType) => {
      proxy.state.faults = { rate: 1, types: [type], kinds: ['slowdown'], limit: 1 };
      return () => expect(proxy.injected.filter((f) => f.faults === proxy.state.faults).length, type).toBe(1);
    };
    const s = seedSession(server.app, { size: 17 * MiB, title: 'One fault each' });
    let faulted = once('complete');
    expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);
    expect((await settledUploads(server, s.id)).map((u: Loose) => u.state)).toEqual(['completed', 'completed']);
    faulted();

    faulted = once('list');
    expect((await server.api('/api/v1/recordings/sync-bucket', { method: 'POST' })).status).toBe(200);
    faulted();

    const made = await server.api('/api/v1/recordings/presigned-upload-url', {
      method: 'POST',
      json: { session_id: s.id, filename: 'a.txt', content_type: 'text/plain' },
    });
    expect((await fetch(made.body.url, { method: 'PUT', body: 'a', headers: made.body.headers })).status).toBe(200);
    faulted = once('head');
    expect(
      (await server.api(`/api/v1/recordings/confirm-upload/${made.body.upload_id}`, { method: 'POST' })).status,
    ).toBe(200);
    faulted();

    faulted = once('get');
    const verify = await server.api('/api/v1/recordings/verify', { method: 'POST', json: { sample_rehash: 100 } });
    const run = await until(async () => {
      const items = (await server.api('/api/v1/recordings/verify')).body.items as Loose[];
      const r = items.find((x) => x.job_id === verify.body.job_id);
      return r?.finished_at ? r : undefined;
    });
    expect(run.changed).toEqual([]);
    expect(
      run.unverifiable.filter(
        (f: Loose) => f.detail !== 'The library has no sha256 for this file (uploaded by another tool)',
      ),
    ).toEqual([]);
    faulted();

    const keys = ((await server.api(`/api/v1/sessions/${s.id}`)).body.files as Loose[])
      .map((f) => f.s3_key as string | null)
      .filter((k): k is string => k !== null);
    faulted = once('deleteObjects');
    expect((await server.api(`/api/v1/sessions/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    faulted();
    proxy.state.faults = null;
    const client = bucketClient(s3);
    for (const key of keys)
      expect(
        await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key })).catch(() => null),
        key,
      ).toBeNull();
  }, 300_000);
});
