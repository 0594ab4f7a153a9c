/**
 * The cleanup's S3 part against the REAL sync module and a real S3-protocol server (s3rver), checked with awscli as
 * an independent client: objects under the prefix that no session references and that are older than the
 * retention are deleted; referenced objects (an offloaded recording's included), fresh orphans and anything outside
 * the prefix stay; incomplete multipart uploads older than the retention are aborted unless an upload row owns
 * them; a dry run lists exactly that and changes nothing (full listings compared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, TestClock, type Loose, type TestServer } from '../../helpers/server.js';
import { backedUpSession } from './offload-helpers.js';

const hasAws = awsCliPath() !== null;
const HOUR = 3_600_000;
let s3: S3TestServer;
let server: TestServer;
const clock = new TestClock();

beforeAll(async () => {
  if (!hasAws) return;
  s3 = await startS3Server();
  server = await startTestServer({ env: { ...process.env, ...s3.env() }, clock });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

function aws(args: string[]): Loose {
  const out = awsCli(s3, [...args, '--output', 'json']);
  expect(out.status, out.stderr).toBe(0);
  return out.stdout.trim() ? JSON.parse(out.stdout) : {};
}
const keys = (): string[] =>
  ((aws(['s3api', 'list-objects-v2', '--bucket', s3.bucket]).Contents ?? []) as Loose[]).map((o) => o.Key).sort();
const listing = () => JSON.stringify(aws(['s3api', 'list-objects-v2', '--bucket', s3.bucket]).Contents ?? []);
const openUploads = (): string[] =>
  ((aws(['s3api', 'list-multipart-uploads', '--bucket', s3.bucket]).Uploads ?? []) as Loose[])
    .map((u) => u.UploadId as string)
    .sort();
const put = (key: string) =>
  aws(['s3api', 'put-object', '--bucket', s3.bucket, '--key', key, '--body', '/etc/hostname']);
const startMultipart = (key: string) =>
  aws(['s3api', 'create-multipart-upload', '--bucket', s3.bucket, '--key', key]).UploadId as string;
const cleanup = (dryRun: boolean) =>
  server.api('/api/admin/cleanup/orphaned-files', { method: 'POST', query: { dry_run: dryRun } });

describe.skipIf(!hasAws)('S3 orphans and stale multipart uploads (awscli present)', () => {
  it('deletes old unreferenced objects and aborts unowned old uploads; keeps everything else', async () => {
    expect(
      (await server.api('/api/admin/cleanup/config', { method: 'PUT', json: { orphaned_file_retention_hours: 1 } }))
        .status,
    ).toBe(200);
    const kept = await backedUpSession(server.app, server, { size: 200_000, title: 'Kept' });
    const offloaded = await backedUpSession(server.app, server, { size: 100_000, title: 'Offloaded' });
    expect((await server.api(`/api/v1/sessions/${offloaded.id}/offload`, { method: 'POST' })).status).toBe(200);
    const referenced = keys();
    expect(referenced).toEqual(expect.arrayContaining([kept.key, offloaded.key]));

    const orphan = 'recordings/default/nobody/2026-01-01/gone_ses_00000000000000000000/recording.mp4';
    const outside = 'elsewhere/not-ours.bin';
    put(orphan);
    put(outside);
    const stale = startMultipart('recordings/default/nobody/2026-01-01/half_ses_00000000000000000000/recording.mp4');
    const owned = startMultipart(kept.key + '.next');
    server.app.db
      .prepare(
        `INSERT INTO uploads (id, session_id, bucket, s3_key, multipart_upload_id, state, created_at, updated_at)
         VALUES ('upl_owned', ?, ?, ?, ?, 'uploading', ?, ?)`,
      )
      .run(kept.id, s3.bucket, kept.key + '.next', owned, clock.now().toISOString(), clock.now().toISOString());

    // Everything is fresh now: nothing in S3 is touched, even by a real run.
    const fresh = await cleanup(true);
    expect(fresh.body.s3_objects_deleted).toEqual([]);
    expect(fresh.body.multipart_uploads_aborted).toBe(0);

    clock.t += 2 * HOUR; // past the 1 h retention
    const before = listing();
    const uploadsBefore = openUploads();
    const dry = await cleanup(true);
    expect(dry.status).toBe(200);
    expect(dry.body.s3_objects_deleted).toEqual([orphan]);
    expect(dry.body.multipart_uploads_aborted).toBe(1);
    expect(listing()).toBe(before); // a dry run changes nothing
    expect(openUploads()).toEqual(uploadsBefore);

    const real = await cleanup(false);
    expect(real.status).toBe(200);
    expect(real.body.errors).toEqual([]);
    expect(real.body.s3_objects_deleted).toEqual([orphan]);
    expect(real.body.multipart_uploads_aborted).toBe(1);
    expect(keys()).toEqual([...referenced, outside].sort());
    expect(openUploads()).toEqual([owned]);
    expect(openUploads()).not.toContain(stale);
    // Every session row still points at an object, and no object under the prefix lacks a row.
    const rowKeys = server.app.db.prepare('SELECT s3_key FROM session_files WHERE s3_key IS NOT NULL').pluck().all();
    expect([...rowKeys].sort()).toEqual(referenced);
    const history = (await server.api('/api/admin/cleanup/history')).body.items as Loose[];
    expect(history.slice(0, 3).map((h) => h.dry_run)).toEqual([false, true, true]);
    expect(history[0].result.s3_objects_deleted).toEqual([orphan]);
  }, 120_000);
});
