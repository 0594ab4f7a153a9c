/**
 * Issue 18's drill, run the hard way: the same coach-built library (Zoom folders with per-participant audio and
 * .vtt, analysis, edits, markers, notes, tags, one offloaded, one deleted after its backup) is backed up and then
 * restored while the fault proxy fails 10 % of EVERY S3 call type (503 SlowDown, resets mid-body, latency), in two
 * variants sharing the library: (a) restored in-process, (b) restored by `filmroom serve`, killed -9 in the middle of
 * the restore, and started again (the job resumes). Both must answer exactly as the first library: rows, files,
 * participants, transcript, analysis, markers, notes, tags, search, media Range, restore-local, re-analyse; the
 * deleted one stays gone. 150 seeded manifests beside the coach's sessions make the restore long enough to kill.
 * One recording is above the part size (set to the smallest, 5 MiB): its backup is a multipart upload (Create,
 * parts, Complete) under the same faults, and the restored library plays and downloads it byte-exact.
 * The proxy's dice are seeded: FILMROOM_DRILL_SEED=<printed seed> replays a failing run's fault pattern.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { startFaultProxy, type FaultProxy, type RandomFaults } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { seedManifests, SEED_MANIFEST_KEY } from '../../helpers/seed-manifests.js';
import { startTestServer, tempDir, type ApiResponse, type Loose, type RequestOptions } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { until } from '../sync/sync-helpers.js';
import { analyse, backUp, importFolder, makeMeetingFolder, settledSession } from './coach-library.js';

const FILLER = 150;
const SEED = Number(process.env.FILMROOM_DRILL_SEED ?? Math.floor(Math.random() * 2 ** 31));
const FAULTS: RandomFaults = {
  rate: 0.1,
  types: 'all',
  kinds: ['slowdown', 'reset', 'latency'],
  latencyMs: 200,
  seed: SEED,
  firstOfEachType: true,
};
console.log(`restore drill under faults: FILMROOM_DRILL_SEED=${SEED}`);

interface Library {
  api<T = Loose>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  url: string;
  token: string;
  libraryDir: string;
}

let s3: S3TestServer;
let proxy: FaultProxy;
let first: Awaited<ReturnType<typeof startTestServer>>;
let env: Record<string, string>;
const dir = tempDir('filmroom-drill-faults-');
const ids: Record<'edited' | 'offloaded' | 'deleted' | 'large', string> = {
  edited: '',
  offloaded: '',
  deleted: '',
  large: '',
};
/** Sessions restored beside the seeded bulk. */
const KEPT = 3;

/** A recording of ~9 MB (lossless 720p): two parts of 5 MiB, so its backup is a multipart upload. */
function largeRecording(): string {
  const out = join(dir, 'Long workshop.mp4');
  execFileSync(locateMediaTools().ffmpeg, [
    ...['-hide_banner', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=5'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=700:sample_rate=16000:duration=5'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
    out,
  ]);
  return out;
}
const WORDS = ['bruno', 'Carla', 'leadership', 'zanzibar', 'quokka', 'hiring', 'pineapple'];

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
  env = { ...s3.env(proxy.endpoint), FILMROOM_MANIFEST_KEY: SEED_MANIFEST_KEY };
  first = await startTestServer({ env: { ...process.env, ...env } });
  const a = makeMeetingFolder(dir, 'Goal review', ['zanzibar', 'marathon']);
  const b = makeMeetingFolder(dir, 'Weekly check in', ['quokka', 'budget']);
  const c = makeMeetingFolder(dir, 'Old call', ['obsolete', 'pineapple']);
  ids.edited = await importFolder(first, a.folder, { client: 'Bruno Costa' });
  ids.offloaded = await importFolder(first, b.folder, { client: 'Carla Dias' });
  ids.deleted = await importFolder(first, c.folder);
  ids.large = await importFolder(first, largeRecording(), { title: 'Long workshop', client: 'Dora Lima' });
  // The smallest part size the settings allow: the large recording goes up in parts.
  const settings = await first.api('/api/v1/settings/s3', { method: 'PUT', json: { part_size_mb: 5 } });
  expect(settings.status, settings.text).toBe(200);
  for (const id of [ids.edited, ids.offloaded]) expect((await analyse(first, id)).analysis_status).toBe('ready');
  const patched = await first.api(`/api/v1/sessions/${ids.edited}`, {
    method: 'PATCH',
    json: { title: 'Goal review with Bruno', notes: 'Follow up on hiring', tags: ['leadership', 'q4'] },
  });
  expect(patched.status, patched.text).toBe(200);
  await first.api(`/api/v1/sessions/${ids.edited}/markers`, { method: 'POST', json: { t: 1.5, text: 'Key moment' } });
  await seedManifests(s3, FILLER); // straight to the store: the restore's bulk, not part of the drill's faults
  proxy.state.faults = FAULTS; // from here on, 10 % of every call type fails: the backups, the offload, the delete
  for (const id of Object.values(ids)) await backUp(first, id);
  const offloaded = await first.api(`/api/v1/sessions/${ids.offloaded}/offload`, { method: 'POST' });
  expect(offloaded.status, offloaded.text).toBe(200);
  expect((await first.api(`/api/v1/sessions/${ids.deleted}`, { method: 'DELETE' })).status).toBe(204);
  const large = (await first.app.services.sessions.files(ids.large)).find((f) => f.kind === 'recording')!;
  expect(large.size).toBeGreaterThan(5 * 1024 * 1024);
  // Its backup went up in parts, through the faults.
  const calls = proxy.requests.filter((r) => ['create', 'part', 'complete'].includes(r.type)).map((r) => r.type);
  expect(new Set(calls)).toEqual(new Set(['create', 'part', 'complete']));
}, 180_000);

afterAll(async () => {
  if (proxy?.injected.length) {
    const byType: Record<string, number> = {};
    for (const i of proxy.injected) byType[`${i.type}/${i.kind}`] = (byType[`${i.type}/${i.kind}`] ?? 0) + 1;
    const calls: Record<string, number> = {};
    for (const r of proxy.requests) calls[r.type] = (calls[r.type] ?? 0) + 1;
    console.log(`seed ${SEED}: ${proxy.injected.length} faults injected ${JSON.stringify(byType)}`);
    console.log(`S3 calls through the proxy: ${JSON.stringify(calls)}`);
  }
  await first?.close();
  await proxy?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** What a restored session may answer differently: when it was last written, and where its bytes are. */
function comparable(session: Loose): Loose {
  const { updated_at: _u, files, ...rest } = session;
  return {
    ...rest,
    files: ((files ?? []) as Loose[])
      .map(({ local_copy: _l, managed: _m, ...f }) => f)
      .sort((x, y) => String(x.name).localeCompare(String(y.name))),
  };
}

async function answers(lib: Pick<Library, 'api'>, id: string): Promise<Loose> {
  const get = async (path: string) => (await lib.api(path)).body;
  const listed = (await lib.api('/api/v1/sessions', { query: { limit: 500 } })).body.items as Loose[];
  return {
    row: comparable(listed.find((s) => s.id === id) ?? {}),
    session: comparable(await get(`/api/v1/sessions/${id}`)),
    transcript: await get(`/api/v1/sessions/${id}/transcript`),
    // The job that computed the result is not a job of the new library: only its id may differ.
    analysis: { ...(await get(`/api/v1/sessions/${id}/analysis`)), job_id: 'any' },
    markers: await get(`/api/v1/sessions/${id}/markers`),
  };
}

/** The coach's sessions a search finds (the seeded bulk is not in the first library). */
const search = async (lib: Pick<Library, 'api'>, q: string) =>
  ((await lib.api('/api/v1/sessions', { query: { q, limit: 500 } })).body.items as Loose[])
    .map((s) => s.id as string)
    .filter((id) => !id.startsWith('ses_seed'))
    .sort();

/** Every comparison of the drill, on a library restored from the bucket. */
async function expectSameLibrary(lib: Library): Promise<void> {
  const run = (await lib.api('/api/v1/recordings/restore')).body.items as Loose[];
  expect(run, JSON.stringify(run)).toHaveLength(1); // one run: resumed, not started twice
  expect(run[0]).toMatchObject({ state: 'completed', restored: FILLER + KEPT, errors: [] });
  expect((await lib.api('/api/v1/sessions', { query: { limit: 1 } })).body.total).toBe(FILLER + KEPT);
  for (const id of [ids.edited, ids.offloaded, ids.large])
    expect(await answers(lib, id), id).toEqual(await answers(first, id));
  const seeded = (await lib.api('/api/v1/sessions/ses_seed00000042/analysis')).body;
  expect(seeded).toMatchObject({ status: 'ready', data: { speakers: [{ name: 'Coach Kim', share: 0.5 }] } });
  for (const q of WORDS) expect(await search(lib, q), q).toEqual(await search(first, q));
  expect((await lib.api(`/api/v1/sessions/${ids.deleted}`)).status).toBe(404);

  // Media with Range through S3 (still under faults), then restore-local brings the same bytes home: the coach's
  // edited session and the recording that was uploaded in parts.
  for (const id of [ids.edited, ids.large]) await expectSameBytes(lib, id);

  // Re-analyse a session still in S3: downloads first, then a new run gives the same speakers.
  const reanalyse = await lib.api(`/api/v1/sessions/${ids.offloaded}/analyze`, { method: 'POST' });
  expect(reanalyse.status, reanalyse.text).toBe(202);
  const analysis = await until(async () => {
    const a = (await lib.api(`/api/v1/sessions/${ids.offloaded}/analysis`)).body;
    return a.status === 'ready' && a.job_id ? a : undefined; // a new run, not the restored result
  }, 60_000);
  expect(analysis.data.speakers).toEqual(
    (await first.api(`/api/v1/sessions/${ids.offloaded}/analysis`)).body.data.speakers,
  );
  const synced = await lib.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
  expect(synced.status, synced.text).toBe(200);
  expect((await lib.api(`/api/v1/sessions/${ids.deleted}`)).status).toBe(404);
}

/** Range through S3, then restore-local: the same bytes as the first library's recording. */
async function expectSameBytes(lib: Library, id: string): Promise<void> {
  const recordingPath = (await first.app.services.sessions.files(id)).find((f) => f.kind === 'recording')!.path;
  const original = readFileSync(join(first.app.paths.libraryDir, recordingPath));
  const ranged = await fetch(`${lib.url}/api/v1/sessions/${id}/media`, {
    headers: { authorization: `Bearer ${lib.token}`, range: 'bytes=100-1099' },
  });
  expect(ranged.status).toBe(206);
  expect(Buffer.from(await ranged.arrayBuffer())).toEqual(original.subarray(100, 1100));
  const queued = await lib.api(`/api/v1/sessions/${id}/restore-local`, { method: 'POST' });
  expect(queued.status, queued.text).toBe(202);
  const local = await settledSession(lib, id, (s) => (s.files as Loose[]).every((f) => f.local_copy === 'present'));
  const name = (local.files as Loose[]).find((f) => f.kind === 'recording').name as string;
  const bytes = readFileSync(join(lib.libraryDir, id, name));
  expect(createHash('sha256').update(bytes).digest('hex')).toBe(local.sha256);
  expect(bytes.equals(original)).toBe(true);
}

describe(`disaster-recovery drill under 10 % S3 faults (seed ${SEED})`, () => {
  it('(a) restores everything while every S3 call type fails at random', async () => {
    const fresh = await startTestServer({ env: { ...process.env, ...env } });
    try {
      const started = await fresh.api('/api/v1/recordings/restore', { method: 'POST', json: {} });
      expect(started.status, started.text).toBe(202);
      await until(async () => {
        const r = (await fresh.api('/api/v1/recordings/restore')).body.items[0];
        return r && r.state !== 'running' ? r : undefined;
      }, 120_000);
      await expectSameLibrary({ ...fresh, token: fresh.admin, libraryDir: fresh.app.paths.libraryDir });
    } finally {
      await fresh.close();
    }
  }, 150_000);

  it('(b) `filmroom serve` killed -9 in the middle of the restore resumes it at restart', async () => {
    const dataDir = tempDir('filmroom-drill-kill-');
    let serve: ServeChild | undefined;
    try {
      serve = await startServe(dataDir, env);
      const started = await serve.api('/api/v1/recordings/restore', { method: 'POST', json: {} });
      expect(started.status, started.text).toBe(202);
      const killedAt = await until(async () => {
        const r = (await serve!.api('/api/v1/recordings/restore')).body.items[0];
        return r && r.done >= 20 ? r : undefined;
      }, 60_000);
      await serve.kill9();
      expect(killedAt.state, 'killed in the middle, not after the end').toBe('running');
      expect(killedAt.done).toBeLessThan(FILLER + KEPT);

      serve = await startServe(dataDir, env);
      const restarted = serve;
      const done = await until(async () => {
        const r = (await restarted.api('/api/v1/recordings/restore')).body.items[0];
        return r && r.state !== 'running' ? r : undefined;
      }, 120_000);
      expect(done.job_id).toBe(started.body.job_id);
      await expectSameLibrary({ ...serve, libraryDir: join(dataDir, 'library') });
    } finally {
      await serve?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
