/**
 * File fingerprints (migration 0014): "Back up" takes a file's sha256 from the import or from its last hash while
 * the file is untouched, and reads it again whenever it may have changed — a rewrite of the same size with its mtime
 * put back included. Real SQLite library, real files, the real hashFile (counted); then end to end against s3rver: a
 * file changed after its backup gets a new upload whose object carries the new sha256 (checked with awscli).
 */
import { createHash, randomBytes } from 'node:crypto';
import { rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FilmroomApp } from '../../../main/composition/index.js';
import { startFilmroom } from '../../../main/composition/index.js';
import { hashFile } from '../../../main/library/index.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { FileFingerprints } from '../../../main/sync/file-fingerprints.js';
import { FingerprintsRepository } from '../../../main/sync/fingerprints-repository.js';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads } from './sync-helpers.js';

const MiB = 1024 * 1024;
const MTIME = 1_770_000_000;

describe('file fingerprints', () => {
  let app: FilmroomApp;
  const dataDir = tempDir('filmroom-fp-');
  let hashes = 0;
  const counted = (path: string) => {
    hashes++;
    return hashFile(path);
  };
  let fingerprints: FileFingerprints;

  beforeAll(async () => {
    app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
    fingerprints = new FileFingerprints(new FingerprintsRepository(app.db), counted);
  });
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const fileOf = (id: string) => app.services.sessions.files(id).find((f) => f.name === 'recording.mp4')!;
  const now = () => new Date().toISOString();
  const stored = (fileId: number) =>
    app.db.prepare('SELECT sha256, size FROM file_fingerprints WHERE file_id = ?').get(fileId) as
      { sha256: string; size: number } | undefined;

  it('trusts the import’s sha256 for a library file untouched since, then its own fingerprint', async () => {
    const s = seedSession(app, { size: 3 * MiB + 7 });
    const file = fileOf(s.id);
    hashes = 0;
    expect(await fingerprints.sha256Of(file, s.path, now())).toEqual({ sha256: s.sha256, size: s.size });
    expect(stored(file.id)).toEqual({ sha256: s.sha256, size: s.size });
    expect(await fingerprints.sha256Of(file, s.path, now())).toEqual({ sha256: s.sha256, size: s.size });
    expect(hashes).toBe(0);
  });

  it('reads the file again after a same-size rewrite with its mtime put back', async () => {
    const s = seedSession(app, { size: 2 * MiB });
    const file = fileOf(s.id);
    utimesSync(s.path, MTIME, MTIME); // whole seconds, so the same mtime can be put back to the nanosecond
    await fingerprints.sha256Of(file, s.path, now());
    await sleep(20); // a ctime tick apart
    const content = randomBytes(s.size);
    writeFileSync(s.path, content);
    utimesSync(s.path, MTIME, MTIME);
    expect(statSync(s.path, { bigint: true }).mtimeNs).toBe(BigInt(MTIME) * 1_000_000_000n);
    hashes = 0;
    const fresh = createHash('sha256').update(content).digest('hex');
    expect(await fingerprints.sha256Of(file, s.path, now())).toEqual({ sha256: fresh, size: s.size });
    expect(hashes).toBe(1);
    expect(stored(file.id)?.sha256).toBe(fresh);
    // Unchanged since that hash: not read again.
    expect(await fingerprints.sha256Of(file, s.path, now())).toEqual({ sha256: fresh, size: s.size });
    expect(hashes).toBe(1);
  });

  it('reads a library file changed after its row was recorded', async () => {
    const s = seedSession(app, { size: MiB });
    const file = fileOf(s.id);
    await sleep(20);
    const content = randomBytes(s.size);
    writeFileSync(s.path, content);
    hashes = 0;
    const got = await fingerprints.sha256Of(file, s.path, now());
    expect(got.sha256).toBe(createHash('sha256').update(content).digest('hex'));
    expect(hashes).toBe(1);
  });

  it('hashes a user’s own file (referenced in place) once, and a row dated ahead of the wall clock always', async () => {
    const s = seedSession(app, { size: MiB });
    const own = { ...fileOf(s.id), managed: 0 };
    hashes = 0;
    expect((await fingerprints.sha256Of(own, s.path, now())).sha256).toBe(s.sha256);
    expect((await fingerprints.sha256Of(own, s.path, now())).sha256).toBe(s.sha256);
    expect(hashes).toBe(1);

    const t = seedSession(app, { size: MiB });
    const future = { ...fileOf(t.id), created_at: new Date(Date.now() + 3_600_000).toISOString() };
    hashes = 0;
    expect((await fingerprints.sha256Of(future, t.path, now())).sha256).toBe(t.sha256);
    expect(hashes).toBe(1);
  });

  it('a wrong sha256 on the row is not trusted once the size differs', async () => {
    const s = seedSession(app, { size: MiB });
    const file = { ...fileOf(s.id), size: MiB + 1, sha256: 'f'.repeat(64) };
    hashes = 0;
    expect((await fingerprints.sha256Of(file, s.path, now())).sha256).toBe(s.sha256);
    expect(hashes).toBe(1);
  });
});

describe('backup of a changed file', () => {
  let s3: S3TestServer;
  let server: TestServer;

  beforeAll(async () => {
    s3 = await startS3Server();
    server = await startTestServer({ env: { ...process.env, ...s3.env() } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await s3?.stop();
  });

  it('sends a file again when its content changed (same size, same mtime), not when it did not', async () => {
    const s = seedSession(server.app, { size: 9 * MiB + 5 });
    utimesSync(s.path, MTIME, MTIME);
    expect((await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);
    const first = (await settledUploads(server, s.id)).find((u: Loose) => u.file === 'recording.mp4');
    expect(first.state).toBe('completed');

    const unchanged = await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    expect(unchanged.body).toMatchObject({ upload_id: null });

    await sleep(20);
    const content = randomBytes(s.size);
    writeFileSync(s.path, content);
    utimesSync(s.path, MTIME, MTIME);
    const fresh = createHash('sha256').update(content).digest('hex');
    const again = await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    expect(again.status).toBe(202);
    expect(again.body.upload_id).not.toBe(first.upload_id);
    const items = await settledUploads(server, s.id);
    const second = items.find((u: Loose) => u.upload_id === again.body.upload_id);
    expect(second).toMatchObject({ state: 'completed', file: 'recording.mp4', key: first.key });
    if (awsCliPath()) {
      const head = awsCli(s3, ['s3api', 'head-object', '--bucket', s3.bucket, '--key', first.key, '--output', 'json']);
      expect(head.status, head.stderr).toBe(0);
      expect((JSON.parse(head.stdout) as Loose).Metadata).toMatchObject({ sha256: fresh });
    }
  }, 240_000);
});
