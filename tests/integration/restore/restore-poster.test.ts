/**
 * Issue 18: posters are backed up with the session and restored, so a restored session shows its poster without
 * re-analysis. An analysed session's poster and timeline strip go to the bucket (checked with awscli: the objects
 * and their sha256 metadata); a restore on a fresh data folder writes them back into the library and the grid's
 * poster URL answers the same bytes, with no analysis run. (The waveform peaks are not files: they are part of the
 * analysis result the manifest carries, compared here too.)
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { analyse, backUp, importFolder } from './coach-library.js';
import { makeVideo } from '../../helpers/media.js';
import { bucketKeys, restoreLibrary } from './restore-helpers.js';

let s3: S3TestServer;
let first: TestServer;
let fresh: TestServer | undefined;
const dir = tempDir('filmroom-restore-poster-');
let id: string;
let poster: Buffer;

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function posterOf(server: TestServer): Promise<Buffer | null> {
  const answer = await server.api('/api/v1/sessions/posters', { query: { ids: id } });
  expect(answer.status, answer.text).toBe(200);
  const url = answer.body.items[0]?.poster_url as string | null;
  if (!url) return null;
  const res = await fetch(new URL(url, server.url), { headers: { authorization: `Bearer ${server.admin}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
  id = await importFolder(first, makeVideo(dir, 'poster-call.mp4', 3), { title: 'Poster call' });
  expect((await analyse(first, id)).analysis_status).toBe('ready');
  poster = (await posterOf(first))!;
  expect(poster.length).toBeGreaterThan(100);
  await backUp(first, id);
}, 300_000);

afterAll(async () => {
  await first?.close();
  await fresh?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('posters in the backup', () => {
  it('the poster and strip are objects in the session folder, with their sha256 (awscli)', () => {
    const keys = bucketKeys(s3).filter((k) => k.includes(`_${id}/`));
    const posterKey = keys.find((k) => k.endsWith('/analysis-poster.jpg'));
    expect(posterKey, keys.join('\n')).toBeDefined();
    expect(keys.some((k) => k.endsWith('/analysis-strip.jpg'))).toBe(true);
    const head = awsCli(s3, ['s3api', 'head-object', '--bucket', s3.bucket, '--key', posterKey!, '--output', 'json']);
    expect(head.status, head.stderr).toBe(0);
    const meta = JSON.parse(head.stdout) as { ContentLength: number; Metadata: Record<string, string> };
    expect(meta.ContentLength).toBe(poster.length);
    expect(meta.Metadata.sha256).toBe(sha256(poster));
    const copy = join(dir, 'poster-from-bucket.jpg');
    expect(awsCli(s3, ['s3', 'cp', `s3://${s3.bucket}/${posterKey}`, copy]).status).toBe(0);
    expect(readFileSync(copy).equals(poster)).toBe(true);
  });

  it('a restored session shows its poster at once, without re-analysis', async () => {
    fresh = await startTestServer({ env: { ...process.env, ...s3.env() } });
    const run = await restoreLibrary(fresh);
    expect(run).toMatchObject({ state: 'completed', restored: 1, errors: [] });
    const restoredPoster = await posterOf(fresh);
    expect(restoredPoster?.equals(poster)).toBe(true);
    // No analysis ran: the restored result (with its waveform peaks) is the original one.
    const jobs = fresh.app.services.queue.activeForSession(id);
    expect(jobs).toBeUndefined();
    const original = (await first.api(`/api/v1/sessions/${id}/analysis`)).body as Loose;
    const restored = (await fresh.api(`/api/v1/sessions/${id}/analysis`)).body as Loose;
    expect(restored.status).toBe('ready');
    expect(restored.data.waveform).toEqual(original.data.waveform);
    expect(restored.data.thumbnails.poster).toBe('poster.jpg');
  }, 120_000);
});
