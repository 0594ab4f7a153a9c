/**
 * Presigned PUT/GET round trips, recording delete (object only), and bucket sync: discovering sessions another
 * library backed up, rebuilding titles, clients, notes, markers and searchable transcripts from `session.json` on
 * an empty data dir, flagging vanished objects, and finding nothing new the second time.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { spawnFilmroom } from '../import-api/child-process.js';
import { seedSession, settledUploads } from './sync-helpers.js';

const hasAws = awsCliPath() !== null;
let s3: S3TestServer;
let first: TestServer;
let fresh: TestServer;

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
}, 60_000);
afterAll(async () => {
  await first?.close();
  await fresh?.close();
  await s3?.stop();
});

describe('presigned links', () => {
  it('PUT by another tool, confirm, then GET the same bytes; confirm of an absent object is 404', async () => {
    const s = seedSession(first.app, { size: 1024, title: 'Presigned' });
    const made = await first.api('/api/v1/recordings/presigned-upload-url', {
      method: 'POST',
      json: { session_id: s.id, filename: 'extra-take.mp4', content_type: 'video/mp4' },
    });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ expires_in: 3600 });
    expect(made.body.key).toContain(`_${s.id}/${made.body.upload_id}-extra-take.mp4`); // a fresh key per upload

    const early = await first.api(`/api/v1/recordings/confirm-upload/${made.body.upload_id}`, { method: 'POST' });
    expect(early.status).toBe(404);

    const body = Buffer.from('a recording uploaded by another tool ' + 'x'.repeat(5000));
    const put = await fetch(made.body.url, { method: 'PUT', body, headers: made.body.headers });
    expect(put.status).toBe(200);
    const confirmed = await first.api(`/api/v1/recordings/confirm-upload/${made.body.upload_id}`, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ state: 'completed', bytes_total: body.length, session_id: s.id });

    // The seeded recording is not in S3 yet: the download link is for the synced recording.
    await first.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    await settledUploads(first, s.id);
    const link = await first.api(`/api/v1/recordings/download/${s.id}`, { query: { expires_in: 120 } });
    expect(link.status).toBe(200);
    expect(link.body.expires_in).toBe(120);
    const got = Buffer.from(await (await fetch(link.body.url)).arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(s.sha256);

    const tooLong = await first.api(`/api/v1/recordings/download/${s.id}`, { query: { expires_in: 604801 } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.field).toBe('expires_in');
  }, 120_000);

  it('deletes the recording object only: the local copy stays', async () => {
    const s = seedSession(first.app, { size: 2048, title: 'Remove from S3' });
    await first.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    const items = await settledUploads(first, s.id);
    const key = items.find((u: Loose) => u.file === 'recording.mp4').key as string;
    const del = await first.api(`/api/v1/recordings/recording/${s.id}`, { method: 'DELETE' });
    expect(del.body).toEqual({ deleted: true, key });
    expect(existsSync(s.path)).toBe(true);
    const session = (await first.api(`/api/v1/sessions/${s.id}`)).body;
    expect(session.files.find((f: Loose) => f.name === 'recording.mp4').s3_key).toBeNull();
    expect(session.upload_state).toBe('local_only');
    if (hasAws) expect(awsCli(s3, ['s3api', 'head-object', '--bucket', s3.bucket, '--key', key]).status).not.toBe(0);
    expect((await first.api(`/api/v1/recordings/download/${s.id}`)).status).toBe(404);
  }, 120_000);
});

describe('bucket sync and library rebuild', () => {
  it('rebuilds sessions on an empty data dir from the manifests; twice discovers nothing new; flags vanished objects', async () => {
    const a = seedSession(first.app, {
      size: 4096,
      title: 'Quarterly goals review',
      client: 'Bruno Costa',
      transcript: ['we talked about the marathon plan', 'and the zanzibar offsite'],
    });
    await first.api(`/api/v1/sessions/${a.id}`, { method: 'PATCH', json: { notes: 'Follow up on hiring' } });
    await first.api(`/api/v1/sessions/${a.id}/markers`, { method: 'POST', json: { t: 3, text: 'Key moment' } });
    await first.api(`/api/v1/sessions/${a.id}/sync`, { method: 'POST' });
    expect((await settledUploads(first, a.id)).every((u: Loose) => u.state === 'completed')).toBe(true);

    fresh = await startTestServer({ env: { ...process.env, ...s3.env() } });
    expect((await fresh.api('/api/v1/sessions')).body.total).toBe(0);
    const synced = await fresh.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.status).toBe(200);
    expect(synced.body.errors).toEqual([]);
    expect(synced.body.discovered).toBeGreaterThanOrEqual(2); // this session and the ones the tests above backed up

    const rebuilt = (await fresh.api(`/api/v1/sessions/${a.id}`)).body;
    expect(rebuilt).toMatchObject({
      title: 'Quarterly goals review',
      client: 'Bruno Costa',
      notes: 'Follow up on hiring',
      upload_state: 'synced',
      transcript_status: 'ready',
    });
    expect(rebuilt.participants.map((p: Loose) => p.name)).toEqual(['Coach Kim', 'Bruno Costa']);
    const found = await fresh.api('/api/v1/sessions', { query: { q: 'zanzibar' } });
    expect(found.body.items.map((s: Loose) => s.id)).toEqual([a.id]);
    const markers = await fresh.api(`/api/v1/sessions/${a.id}/markers`);
    expect(markers.body.items.map((m: Loose) => m.text)).toContain('Key moment');
    const download = await fresh.api(`/api/v1/recordings/download/${a.id}`);
    const got = Buffer.from(await (await fetch(download.body.url)).arrayBuffer());
    expect(createHash('sha256').update(got).digest('hex')).toBe(a.sha256);

    const twice = await fresh.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(twice.body).toEqual({ discovered: 0, updated: 0, missing: 0, missing_sessions: [], errors: [] });

    if (hasAws) {
      const key = rebuilt.files.find((f: Loose) => f.name === 'recording.mp4').s3_key as string;
      expect(awsCli(s3, ['s3', 'rm', `s3://${s3.bucket}/${key}`]).status).toBe(0);
      const flagged = await first.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
      expect(flagged.body.missing).toBe(1);
      expect(flagged.body.missing_sessions).toEqual([{ id: a.id, title: 'Quarterly goals review' }]);
      expect(existsSync(a.path)).toBe(true);
      const session = (await first.api(`/api/v1/sessions/${a.id}`)).body;
      expect(session.upload_state).toBe('local_only');
      const again = await first.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
      expect(again.body.missing).toBe(0);
    }
  }, 180_000);

  it('filmroom restore --from-bucket rebuilds an empty data dir from the command line', async () => {
    const s = seedSession(first.app, { size: 1000, title: 'Restored by the CLI', client: 'Carla Dias' });
    await first.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    await settledUploads(first, s.id);
    const dataDir = tempDir('filmroom-restore-');
    const child = spawnFilmroom(['restore', '--from-bucket', '--data-dir', dataDir], s3.env());
    const { code } = await child.exited;
    expect(code, child.output()).toBe(0);
    expect(child.output()).toMatch(/Restored \d+ sessions from the bucket/);
    const restored = await startTestServer({ dataDir });
    try {
      const found = await restored.api('/api/v1/sessions', { query: { q: 'Carla' } });
      expect(found.body.items.map((x: Loose) => [x.id, x.title])).toEqual([[s.id, 'Restored by the CLI']]);
    } finally {
      await restored.close();
    }
  }, 120_000);
});
