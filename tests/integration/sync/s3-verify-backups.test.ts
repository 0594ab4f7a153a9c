/**
 * "Verify backups" against s3rver, with the bucket tampered by awscli: an object removed is reported missing, one
 * replaced outside Filmroom (metadata lost) changed, one replaced byte for byte with its metadata forged is found
 * only by the re-hash sample; sound objects are ok; runs are kept newest first; a changed object is never uploaded
 * over by a later backup; `filmroom verify-backups` reports the same from the command line.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { backedUpSession } from '../cleanup/offload-helpers.js';
import { spawnFilmroom } from '../import-api/child-process.js';
import { settledUploads, until } from './sync-helpers.js';

const hasAws = awsCliPath() !== null;
let s3: S3TestServer;
let server: TestServer;
type Backed = Awaited<ReturnType<typeof backedUpSession>>;
let intact: Backed, removed: Backed, replaced: Backed, forged: Backed;

beforeAll(async () => {
  s3 = await startS3Server();
  server = await startTestServer({ env: { ...process.env, ...s3.env() } });
  intact = await backedUpSession(server.app, server, { size: 3000, title: 'Intact' });
  removed = await backedUpSession(server.app, server, { size: 3000, title: 'Removed' });
  replaced = await backedUpSession(server.app, server, { size: 3000, title: 'Replaced' });
  forged = await backedUpSession(server.app, server, { size: 3000, title: 'Forged' });
}, 120_000);
afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

async function verifyRun(sample: number): Promise<Loose> {
  const started = await server.api('/api/v1/recordings/verify', { method: 'POST', json: { sample_rehash: sample } });
  expect(started.status, JSON.stringify(started.body)).toBe(202);
  expect(started.body.job_id).toEqual(expect.any(String));
  return until(async () => {
    const runs = (await server.api('/api/v1/recordings/verify')).body.items as Loose[];
    const run = runs.find((r) => r.job_id === started.body.job_id);
    return run?.finished_at ? run : undefined;
  }, 60_000);
}

const keysOf = (findings: Loose[]) => findings.map((f) => f.key).sort();

describe.skipIf(!hasAws)('verify backups', () => {
  it('reports missing, changed and (by re-hash) forged objects per session; sound ones are ok', async () => {
    const dir = tempDir('filmroom-tamper-');
    expect(awsCli(s3, ['s3', 'rm', `s3://${s3.bucket}/${removed.key}`]).status).toBe(0);
    writeFileSync(join(dir, 'other.mp4'), Buffer.alloc(2000, 7));
    expect(awsCli(s3, ['s3', 'cp', join(dir, 'other.mp4'), `s3://${s3.bucket}/${replaced.key}`]).status).toBe(0);
    writeFileSync(join(dir, 'same-size.mp4'), Buffer.alloc(3000, 9));
    const put = awsCli(s3, [
      's3api',
      'put-object',
      '--bucket',
      s3.bucket,
      '--key',
      forged.key,
      '--body',
      join(dir, 'same-size.mp4'),
      '--metadata',
      `sha256=${forged.sha256},session-id=${forged.id}`,
    ]);
    expect(put.status, put.stderr).toBe(0);

    const full = await verifyRun(100);
    expect(keysOf(full.missing)).toEqual([removed.key]);
    expect(full.missing[0]).toMatchObject({
      session_id: removed.id,
      title: 'Removed',
      detail: 'No object at this key',
    });
    expect(keysOf(full.changed)).toEqual([replaced.key, forged.key].sort());
    expect(full.changed.find((f: Loose) => f.key === replaced.key).detail).toMatch(/2000 bytes in the bucket/);
    expect(full.changed.find((f: Loose) => f.key === forged.key).detail).toMatch(/re-hashed/);
    expect(full.unverifiable).toEqual([]);
    expect(full.checked).toBeGreaterThanOrEqual(8); // 4 recordings + 4 manifests
    expect(full.ok).toBe(full.checked - 3);
    expect(full.rehashed).toBe(full.checked - 2); // all but the missing and the resized one
    expect(full.error).toBeNull();

    const headsOnly = await verifyRun(0);
    expect(keysOf(headsOnly.changed)).toEqual([replaced.key]); // the forged object passes HEAD checks
    expect(headsOnly.rehashed).toBe(0);
    const history = (await server.api('/api/v1/recordings/verify')).body.items as Loose[];
    expect(history.map((r) => r.run_id).slice(0, 2)).toEqual([headsOnly.run_id, full.run_id]);
    expect(keysOf(full.missing)).not.toContain(intact.key);
  }, 180_000);

  it('a later backup never uploads over a changed object', async () => {
    appendFileSync(replaced.path, Buffer.alloc(10, 1)); // the local recording changes: a new backup is due
    const sync = await server.api(`/api/v1/sessions/${replaced.id}/sync`, { method: 'POST' });
    expect(sync.status).toBe(202);
    const uploads = await settledUploads(server, replaced.id);
    const recording = uploads.find((u: Loose) => u.file === 'recording.mp4' && u.upload_id === sync.body.upload_id);
    expect(recording.state).toBe('failed');
    expect(recording.error).toMatch(/not written by Filmroom .* kept, not replaced/);
    const head = awsCli(s3, ['s3api', 'head-object', '--bucket', s3.bucket, '--key', replaced.key]);
    expect(JSON.parse(head.stdout).ContentLength).toBe(2000);
  }, 120_000);

  it('filmroom verify-backups reports the same from the command line (exit code 2)', async () => {
    const child = spawnFilmroom(['verify-backups', '--sample', '0', '--data-dir', server.dataDir], s3.env());
    const { code } = await child.exited;
    expect(code, child.output()).toBe(2);
    expect(child.output()).toMatch(/Checked \d+ objects \(0 re-hashed\): \d+ ok, 1 missing, 1 changed/);
    expect(child.output()).toContain(`missing      ${removed.id}  Removed  ${removed.key}`);
    const runs = (await server.api('/api/v1/recordings/verify')).body.items as Loose[];
    expect(runs[0]).toMatchObject({ trigger: 'cli', job_id: null });
  }, 120_000);

  it('is admin only, and answers 409 while S3 is not configured', async () => {
    const coach = await server.api('/api/v1/recordings/verify', {
      method: 'POST',
      json: { sample_rehash: 0 },
      token: server.app.tokens.createCoachToken('c1'),
    });
    expect(coach.status).toBe(403);
    const bad = await server.api('/api/v1/recordings/verify', { method: 'POST', json: { sample_rehash: 101 } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('sample_rehash');
    const bare = await startTestServer({ env: { PATH: process.env.PATH ?? '' } });
    try {
      const refused = await bare.api('/api/v1/recordings/verify', { method: 'POST', json: { sample_rehash: 0 } });
      expect(refused.status).toBe(409);
      expect((await bare.api('/api/v1/recordings/verify')).body).toEqual({ items: [] });
    } finally {
      await bare.close();
    }
  }, 120_000);
});
