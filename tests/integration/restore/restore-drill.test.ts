/**
 * Issue 18's disaster-recovery drill: a library built through the coach's paths (Zoom folders with per-participant
 * audio and .vtt, analysis, edits, markers, notes, tags, one offloaded, one deleted after its backup), backed up to
 * s3rver, then restored into a fresh data folder with "Restore my library from S3" (the job). Every API answer per
 * session is compared, searches find the same sessions, media plays with Range from S3, restore-local brings the
 * bytes back (sha256), the deleted session stays gone, and a manifest a coach crafted is reported, not imported.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { openEvents, startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { until } from '../sync/sync-helpers.js';
import { analyse, backUp, importFolder, makeMeetingFolder, settledSession } from './coach-library.js';

const hasAws = awsCliPath() !== null;
let s3: S3TestServer;
let first: TestServer;
let fresh: TestServer | undefined;
const dir = tempDir('filmroom-drill-');
const ids: Record<'edited' | 'offloaded' | 'deleted', string> = { edited: '', offloaded: '', deleted: '' };

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
  const a = makeMeetingFolder(dir, 'Goal review', ['zanzibar', 'marathon']);
  const b = makeMeetingFolder(dir, 'Weekly check in', ['quokka', 'budget']);
  const c = makeMeetingFolder(dir, 'Old call', ['obsolete', 'pineapple']);
  ids.edited = await importFolder(first, a.folder, { client: 'Bruno Costa' });
  ids.offloaded = await importFolder(first, b.folder, { client: 'Carla Dias' });
  ids.deleted = await importFolder(first, c.folder);
  for (const id of [ids.edited, ids.offloaded]) expect((await analyse(first, id)).analysis_status).toBe('ready');
  const patched = await first.api(`/api/v1/sessions/${ids.edited}`, {
    method: 'PATCH',
    json: { title: 'Goal review with Bruno', notes: 'Follow up on hiring', tags: ['leadership', 'q4'] },
  });
  expect(patched.status, patched.text).toBe(200);
  await first.api(`/api/v1/sessions/${ids.edited}/markers`, { method: 'POST', json: { t: 1.5, text: 'Key moment' } });
  for (const id of Object.values(ids)) await backUp(first, id);
  const offloaded = await first.api(`/api/v1/sessions/${ids.offloaded}/offload`, { method: 'POST' });
  expect(offloaded.status, offloaded.text).toBe(200);
  expect((await first.api(`/api/v1/sessions/${ids.deleted}`, { method: 'DELETE' })).status).toBe(204);
}, 400_000);

afterAll(async () => {
  await first?.close();
  await fresh?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What a restored session may answer differently: when it was last written, and where its bytes are. */
function comparable(session: Loose): Loose {
  const { updated_at: _u, files, ...rest } = session;
  return {
    ...rest,
    files: (files as Loose[])
      .map(({ local_copy: _l, managed: _m, ...f }) => f)
      .sort((x, y) => String(x.name).localeCompare(String(y.name))),
  };
}

async function answers(server: TestServer, id: string): Promise<Loose> {
  const get = async (path: string) => (await server.api(path)).body;
  return {
    session: comparable(await get(`/api/v1/sessions/${id}`)),
    transcript: await get(`/api/v1/sessions/${id}/transcript`),
    // The job that computed the result is not a job of the new library: only its id may differ.
    analysis: { ...(await get(`/api/v1/sessions/${id}/analysis`)), job_id: 'any' },
    markers: await get(`/api/v1/sessions/${id}/markers`),
  };
}

describe('disaster-recovery drill', () => {
  it('the deleted session left a tombstone in the bucket', () => {
    if (!hasAws) return;
    const listed = awsCli(s3, ['s3', 'ls', '--recursive', `s3://${s3.bucket}/`]);
    expect(listed.stdout).toMatch(new RegExp(`_${ids.deleted}/deleted\\.json`));
    expect(listed.stdout).not.toMatch(new RegExp(`_${ids.deleted}/session\\.json`));
  });

  it('restores every session as the first library answered, on a fresh data folder, as a job', async () => {
    // A coach with a presigned PUT could write this: a manifest naming another coach, under their own folder.
    const stolen = readFileSync(join(first.app.paths.libraryDir, ids.edited, 'session.json'), 'utf8');
    const crafted = join(dir, 'crafted.json');
    const forged = JSON.parse(stolen);
    forged.session.id = 'ses_craftedbymallory';
    writeFileSync(crafted, JSON.stringify(forged, null, 2));
    if (hasAws) {
      const key = `recordings/mallory/no-client/2026-01-01/crafted_ses_craftedbymallory/session.json`;
      expect(awsCli(s3, ['s3', 'cp', crafted, `s3://${s3.bucket}/${key}`]).status).toBe(0);
      const copied = `recordings/mallory/no-client/2026-01-01/copied_${ids.edited}x/session.json`;
      writeFileSync(crafted, stolen);
      expect(awsCli(s3, ['s3', 'cp', crafted, `s3://${s3.bucket}/${copied}`]).status).toBe(0);
    }

    fresh = await startTestServer({ env: { ...process.env, ...s3.env() } });
    expect((await fresh.api('/api/v1/sessions')).body.total).toBe(0);
    const events = await openEvents(fresh.url, fresh.admin);
    const started = await fresh.api('/api/v1/recordings/restore', { method: 'POST', json: {} });
    expect(started.status, started.text).toBe(202);
    const jobId = started.body.job_id as string;
    const done = await events.waitFor(
      (e) => e.event === 'restore.progress' && e.data.job_id === jobId && e.data.state === 'completed',
      120_000,
    );
    events.close();
    expect(done.data.done).toBe(done.data.total);
    const run = (await fresh.api('/api/v1/recordings/restore')).body.items[0];
    expect(run, JSON.stringify(run.errors)).toMatchObject({ job_id: jobId, state: 'completed', restored: 2 });
    if (hasAws) {
      expect(run.errors).toHaveLength(2);
      expect(run.errors.join('\n')).toMatch(/crafted_ses_craftedbymallory.*integrity/);
      expect(run.errors.join('\n')).toMatch(/copied_.*stored in another session's folder|copied_.*coach/);
      expect((await fresh.api('/api/v1/sessions/ses_craftedbymallory')).status).toBe(404);
    }

    for (const id of [ids.edited, ids.offloaded]) {
      const [was, now] = [await answers(first, id), await answers(fresh, id)];
      expect(now).toEqual(was);
      const files = (await fresh.api(`/api/v1/sessions/${id}`)).body.files as Loose[];
      expect(files.find((f) => f.kind === 'recording').local_copy).toBe('remote');
    }
    expect((await fresh.api(`/api/v1/sessions/${ids.deleted}`)).status).toBe(404);
    expect((await fresh.api('/api/v1/sessions')).body.total).toBe(2);
  }, 180_000);

  it('finds restored sessions by words from titles, clients, tags and transcripts', async () => {
    const search = async (server: TestServer, q: string) =>
      ((await server.api('/api/v1/sessions', { query: { q } })).body.items as Loose[]).map((s) => s.id).sort();
    for (const q of ['bruno', 'Carla', 'leadership', 'zanzibar', 'quokka', 'hiring', 'pineapple']) {
      expect(await search(fresh!, q), q).toEqual(await search(first, q));
    }
    expect(await search(fresh!, 'quokka')).toEqual([ids.offloaded]);
  });

  it('plays a restored recording with Range through S3, then restore-local brings the same bytes home', async () => {
    const id = ids.edited;
    const original = readFileSync(
      join(
        first.app.paths.libraryDir,
        (await first.app.services.sessions.files(id)).find((f) => f.kind === 'recording')!.path,
      ),
    );
    const ranged = await fetch(`${fresh!.url}/api/v1/sessions/${id}/media`, {
      headers: { authorization: `Bearer ${fresh!.admin}`, range: 'bytes=100-1099' },
    });
    expect(ranged.status).toBe(206);
    expect(Buffer.from(await ranged.arrayBuffer())).toEqual(original.subarray(100, 1100));

    const queued = await fresh!.api(`/api/v1/sessions/${id}/restore-local`, { method: 'POST' });
    expect(queued.status, queued.text).toBe(202);
    const session = await settledSession(fresh!, id, (s) =>
      (s.files as Loose[]).every((f) => f.local_copy === 'present'),
    );
    const recording = (session.files as Loose[]).find((f) => f.kind === 'recording');
    const local = readFileSync(join(fresh!.app.paths.libraryDir, id, recording.name));
    expect(createHash('sha256').update(local).digest('hex')).toBe(session.sha256);
  }, 180_000);

  it('analysing a restored session still in S3 downloads its files first, then analyses (not 409)', async () => {
    const id = ids.offloaded;
    const before = (await fresh!.api(`/api/v1/sessions/${id}`)).body;
    expect((before.files as Loose[]).find((f) => f.kind === 'recording').local_copy).toBe('remote');
    const queued = await fresh!.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' });
    expect(queued.status, queued.text).toBe(202);
    const analysis = await until(async () => {
      const a = (await fresh!.api(`/api/v1/sessions/${id}/analysis`)).body;
      return a.status === 'ready' && a.job_id ? a : undefined; // a new run, not the restored result
    }, 180_000);
    const after = (await fresh!.api(`/api/v1/sessions/${id}`)).body;
    expect((after.files as Loose[]).find((f) => f.kind === 'recording').local_copy).toBe('present');
    expect(analysis.data.speakers).toEqual((await first.api(`/api/v1/sessions/${id}/analysis`)).body.data.speakers);
  }, 240_000);

  it('a second restore and a bucket sync bring back nothing deleted', async () => {
    const again = await fresh!.api('/api/v1/recordings/restore', { method: 'POST', json: {} });
    const jobId = again.body.job_id as string;
    const run = await until(async () => {
      const r = ((await fresh!.api('/api/v1/recordings/restore')).body.items as Loose[]).find(
        (x) => x.job_id === jobId,
      );
      return r && r.state !== 'running' ? r : undefined;
    });
    expect(run.restored).toBe(0);
    const synced = await fresh!.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.status).toBe(200);
    expect((await fresh!.api(`/api/v1/sessions/${ids.deleted}`)).status).toBe(404);
  }, 120_000);
});
