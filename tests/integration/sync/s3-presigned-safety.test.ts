/**
 * Presigned uploads can never hurt what the library holds (issue 18's findings, each failed before its fix):
 * - a presigned PUT named like the offloaded recording gets a fresh key, so the only copy stays byte-identical;
 * - confirm refuses an object at the key that was not written through this upload's link;
 * - objects uploaded through a presigned URL and never confirmed go with `DELETE /sessions/{id}`;
 * - a never-confirmed presigned upload keeps its session busy only until its link expires;
 * - on AWS S3 the link also signs `If-None-Match: *`.
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, TestClock, type Loose, type TestServer } from '../../helpers/server.js';
import { backedUpSession, bucketClient } from '../cleanup/offload-helpers.js';
import { seedSession } from './sync-helpers.js';

let s3: S3TestServer;
let server: TestServer;
const clock = new TestClock();

beforeAll(async () => {
  s3 = await startS3Server();
  server = await startTestServer({ env: { ...process.env, ...s3.env() }, clock });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

async function objectSha(key: string): Promise<string | null> {
  const got = await bucketClient(s3)
    .send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))
    .catch(() => null);
  if (!got) return null;
  return createHash('sha256')
    .update(Buffer.from(await got.Body!.transformToByteArray()))
    .digest('hex');
}

async function presign(sessionId: string, filename: string) {
  const made = await server.api('/api/v1/recordings/presigned-upload-url', {
    method: 'POST',
    json: { session_id: sessionId, filename, content_type: 'video/mp4' },
  });
  expect(made.status).toBe(200);
  return made.body as { upload_id: string; url: string; key: string; headers: Record<string, string> };
}

describe('presigned uploads and what the library already holds', () => {
  it('a PUT named like the offloaded recording lands under a fresh key; the only copy stays intact', async () => {
    const s = await backedUpSession(server.app, server, { size: 4096, title: 'Only copy' });
    const off = await server.api(`/api/v1/sessions/${s.id}/offload`, { method: 'POST' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);

    const made = await presign(s.id, 'recording.mp4');
    expect(made.key).not.toBe(s.key);
    expect(made.key).toContain(`_${s.id}/${made.upload_id}-recording.mp4`);
    expect(made.headers['Content-Type']).toBe('video/mp4');
    const put = await fetch(made.url, { method: 'PUT', body: Buffer.from('not the recording'), headers: made.headers });
    expect(put.status).toBe(200);
    expect(await objectSha(s.key)).toBe(s.sha256);

    const confirmed = await server.api(`/api/v1/recordings/confirm-upload/${made.upload_id}`, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ file: 'recording.mp4', key: made.key, state: 'completed' });
    const again = await server.api(`/api/v1/recordings/confirm-upload/${made.upload_id}`, { method: 'POST' });
    expect(again.status).toBe(200);
    const files = (await server.api(`/api/v1/sessions/${s.id}`)).body.files as Loose[];
    expect(files.filter((f) => f.kind === 'recording').map((f) => f.s3_key)).toEqual([s.key]);
    expect(await objectSha(s.key)).toBe(s.sha256);
  }, 120_000);

  it('confirm refuses an object at the key that was not written through this link', async () => {
    const s = await backedUpSession(server.app, server, { size: 1024, title: 'Foreign object' });
    const made = await presign(s.id, 'extra.mp4');
    await bucketClient(s3).send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: made.key,
        Body: 'crafted',
        Metadata: { 'upload-id': 'upl_someone_else' },
      }),
    );
    const confirmed = await server.api(`/api/v1/recordings/confirm-upload/${made.upload_id}`, { method: 'POST' });
    expect(confirmed.status).toBe(409);
    expect(confirmed.body).toMatchObject({ code: 409, reason: 'foreign_object' });
    const files = (await server.api(`/api/v1/sessions/${s.id}`)).body.files as Loose[];
    expect(files.some((f) => f.s3_key === made.key)).toBe(false);
  }, 120_000);
});

describe('presigned uploads never confirmed', () => {
  it('go with DELETE /sessions/{id}', async () => {
    const s = await backedUpSession(server.app, server, { size: 1024, title: 'Deleted with its uploads' });
    const made = await presign(s.id, 'side-camera.mp4');
    const put = await fetch(made.url, { method: 'PUT', body: Buffer.from('x'.repeat(3000)), headers: made.headers });
    expect(put.status).toBe(200);
    const del = await server.api(`/api/v1/sessions/${s.id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    const head = await bucketClient(s3)
      .send(new HeadObjectCommand({ Bucket: s3.bucket, Key: made.key }))
      .catch((e: Error) => e);
    expect(head).toBeInstanceOf(Error);
    expect(await objectSha(s.key)).toBeNull();
  }, 120_000);

  it('keep their session busy until the link expires, then no longer', async () => {
    const s = await backedUpSession(server.app, server, { size: 2048, title: 'Busy until expiry' });
    await presign(s.id, 'later.mp4');
    const busy = await server.api(`/api/v1/sessions/${s.id}/offload`, { method: 'POST' });
    expect(busy.status).toBe(409);
    expect(busy.body.reason).toBe('busy');
    clock.t += 3601 * 1000; // the link's expires_in has passed
    const off = await server.api(`/api/v1/sessions/${s.id}/offload`, { method: 'POST' });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
  }, 120_000);
});

describe('conditional writes where the store honours them', () => {
  it('on AWS S3 (no custom endpoint) the link signs If-None-Match: * and says so; signing needs no network', async () => {
    const { AWS_ENDPOINT_URL_S3: _endpoint, FILMROOM_S3_FORCE_PATH_STYLE: _style, ...aws } = s3.env();
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', ...aws };
    const onAws = await startTestServer({ env });
    try {
      const s = seedSession(onAws.app, { size: 100 });
      const made = await onAws.api('/api/v1/recordings/presigned-upload-url', {
        method: 'POST',
        json: { session_id: s.id, filename: 'take.mp4', content_type: 'video/mp4' },
      });
      expect(made.status).toBe(200);
      expect(made.body.headers).toEqual({ 'Content-Type': 'video/mp4', 'If-None-Match': '*' });
      const url = new URL(made.body.url);
      expect(url.hostname).toBe(`${s3.bucket}.s3.us-east-1.amazonaws.com`);
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toContain('if-none-match');
      expect(url.searchParams.get('x-amz-meta-upload-id')).toBe(made.body.upload_id);
    } finally {
      await onAws.close();
    }
  });
});
