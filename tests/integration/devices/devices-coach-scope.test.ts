/**
 * Issue 20, second slice, with real components (two `filmroom serve`, one s3rver): device A is the practice lead's
 * (every coach), device B is set up for coach Dana (`coach_id` in its devices settings).
 *
 * - Coach scoping: A's changes go to `.sync/{coach}/{device}/…`, one object per coach; B restores and reads only
 *   Dana's; an object in Dana's folder that changes another coach's session is refused in plain words (a valid,
 *   signed object copied there with awscli); an object of the old layout (`.sync/{device}/…`) is still read.
 * - keep_local_days: with 7 days B downloads the recording of Dana's recent session (not the one of 2024); with 0
 *   it gives that fetched copy back to the bucket (verified); null downloads nothing.
 * - A re-backup after the first: A analyses Dana's meeting and renames a speaker, backs up again; B re-reads the
 *   manifest (`manifest_updated`) and shows the analysis, the rename and the transcript's search hit.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { enableSync, syncNow } from './device-steps.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { analyse, backUp, importFolder, makeMeetingFolder } from '../restore/coach-library.js';
import { until } from '../sync/sync-helpers.js';

let s3: S3TestServer;
let a: ServeChild;
let b: ServeChild;
const media = tempDir('filmroom-devscope-media-');
const dirA = tempDir('filmroom-devscope-a-');
const dirB = tempDir('filmroom-devscope-b-');
const ids = { meeting: '', recent: '', eli: '' };

const asServer = (s: ServeChild) => s as unknown as TestServer;

const settings = enableSync;

const session = async (server: ServeChild, id: string) => (await server.api(`/api/v1/sessions/${id}`)).body;
const recordingCopy = async (server: ServeChild, id: string) =>
  ((await session(server, id)).files as Loose[]).find((f) => f.kind === 'recording')?.local_copy as string;
const listing = () => awsCli(s3, ['s3', 'ls', '--recursive', `s3://${s3.bucket}/recordings/.sync/`]).stdout;

beforeAll(async () => {
  s3 = await startS3Server();
  const env = { ...s3.env(), FILMROOM_LOG_LEVEL: 'warn' };
  a = await startServe(dirA, env);
  b = await startServe(dirB, env);
  const meeting = makeMeetingFolder(media, 'Dana weekly', ['marmalade', 'lighthouse']);
  ids.meeting = await importFolder(asServer(a), meeting.folder, { coach_id: 'dana', title: 'Dana meeting' });
  ids.recent = await importFolder(asServer(a), makeVideo(media, undefined, 1), { coach_id: 'dana', title: 'Recent' });
  ids.eli = await importFolder(asServer(a), makeVideo(media, undefined, 2), { coach_id: 'eli', title: 'Eli session' });
  for (const id of Object.values(ids)) await backUp(asServer(a), id);
  await settings(a, { device_name: 'Practice lead' });
  const scoped = await settings(b, { device_name: 'Dana laptop', coach_id: 'dana' });
  expect(scoped.coach_id).toBe('dana');
}, 400_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await s3?.stop();
  for (const d of [media, dirA, dirB]) rmSync(d, { recursive: true, force: true });
});

describe('devices scoped by coach', () => {
  it("B, set up for Dana, restores and reads only Dana's sessions; A writes one object per coach", async () => {
    await syncNow(b);
    expect((await b.api(`/api/v1/sessions/${ids.meeting}`)).status).toBe(200);
    expect((await b.api(`/api/v1/sessions/${ids.recent}`)).status).toBe(200);
    expect((await b.api(`/api/v1/sessions/${ids.eli}`)).status).toBe(404);

    await a.api(`/api/v1/sessions/${ids.recent}`, { method: 'PATCH', json: { title: 'Recent, renamed' } });
    await a.api(`/api/v1/sessions/${ids.eli}`, { method: 'PATCH', json: { title: 'Eli, renamed' } });
    await syncNow(a);
    if (awsCliPath()) {
      expect(listing()).toMatch(/\.sync\/dana\/dev_[0-9a-f]{16}\/\d{16}-\d{6}-\d{10}\.json/);
      expect(listing()).toMatch(/\.sync\/eli\/dev_[0-9a-f]{16}\/\d{16}-\d{6}-\d{10}\.json/);
    }
    const view = await syncNow(b);
    expect(view.last_error).toBeNull();
    expect((await session(b, ids.recent)).title).toBe('Recent, renamed');
    expect((await b.api(`/api/v1/sessions/${ids.eli}`)).status).toBe(404);
  }, 180_000);

  it("an object in Dana's folder that changes another coach's session is refused; the old layout is still read", async () => {
    if (!awsCliPath()) return;
    // The admin's explicit full restore brings Eli's session to B; B's device still reads Dana's folder only.
    expect((await b.api('/api/v1/recordings/sync-bucket', { method: 'POST', json: {} })).status).toBe(200);
    expect((await session(b, ids.eli)).title).toBe('Eli session');
    await syncNow(b);
    expect((await session(b, ids.eli)).title).toBe('Eli session');

    // A's own signed object about Eli's session, copied into Dana's folder right after A's latest object there
    // (not at a far-future key: the folder's read cursor moves past every key it reads).
    const eliKey = /(recordings\/\.sync\/eli\/(dev_[0-9a-f]{16})\/\S+\.json)/.exec(listing())!;
    const danaLatest = [
      ...listing().matchAll(/recordings\/\.sync\/dana\/dev_[0-9a-f]{16}\/(\d{16}-\d{6})-\d{10}\.json/g),
    ]
      .map((m) => m[1]!)
      .sort()
      .at(-1)!;
    const misplaced = `recordings/.sync/dana/${eliKey[2]}/${danaLatest}-9999999999.json`;
    expect(awsCli(s3, ['s3', 'cp', `s3://${s3.bucket}/${eliKey[1]}`, `s3://${s3.bucket}/${misplaced}`]).status).toBe(0);
    const view = await syncNow(b);
    expect(view.last_error).toMatch(/refused.*coach "dana".*another coach/);
    expect((await session(b, ids.eli)).title).toBe('Eli session');

    // The layout before coach folders (`.sync/{device}/…`): read still (an object moved there by hand).
    await a.api(`/api/v1/sessions/${ids.meeting}`, { method: 'PATCH', json: { client: 'Old layout client' } });
    await syncNow(a);
    const danaKeys = [...listing().matchAll(/(recordings\/\.sync\/dana\/(dev_[0-9a-f]{16})\/(\d{16}\S+\.json))/g)]
      .filter((m) => !m[3]!.endsWith('-9999999999.json'))
      .sort((x, y) => (x[3]! < y[3]! ? -1 : 1));
    const newest = danaKeys.at(-1)!;
    const legacy = `recordings/.sync/${newest[2]}/${newest[3]}`;
    expect(awsCli(s3, ['s3', 'mv', `s3://${s3.bucket}/${newest[1]}`, `s3://${s3.bucket}/${legacy}`]).status).toBe(0);
    await syncNow(b);
    expect((await session(b, ids.meeting)).client).toBe('Old layout client');
  }, 180_000);

  it('keep_local_days downloads recent recordings from other devices and gives fetched ones back', async () => {
    expect(await recordingCopy(b, ids.recent)).toBe('remote');
    expect(await recordingCopy(b, ids.meeting)).toBe('remote'); // recorded in 2024
    await settings(b, { device_name: 'Dana laptop', keep_local_days: 7 });
    await syncNow(b);
    await until(async () => ((await recordingCopy(b, ids.recent)) === 'present' ? true : undefined), 120_000);
    expect(await recordingCopy(b, ids.meeting)).toBe('remote');
    expect((await b.api('/api/v1/devices')).body.coach_id).toBe('dana'); // absent in the PUT: unchanged

    await settings(b, { device_name: 'Dana laptop', keep_local_days: 0 });
    await syncNow(b);
    await until(async () => ((await recordingCopy(b, ids.recent)) === 'offloaded' ? true : undefined), 120_000);

    await settings(b, { device_name: 'Dana laptop', keep_local_days: null });
    await syncNow(b);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await recordingCopy(b, ids.recent)).toBe('offloaded');
  }, 300_000);

  it("a later backup's manifest is read again: analysis, speaker rename and transcript reach B", async () => {
    expect((await session(b, ids.meeting)).analysis_status).toBe('none');
    const analysed = await analyse(asServer(a), ids.meeting);
    expect(analysed.analysis_status).toBe('ready');
    const result = (await a.api(`/api/v1/sessions/${ids.meeting}/analysis`)).body;
    // A speaker who speaks (a rename of one who never does is refused); none when the tones hold no speech.
    const perSpeaker = (result.data?.speakers?.per_speaker ?? []) as Loose[];
    const speaker = (perSpeaker.find((p) => (p.segments?.length ?? 0) > 0)?.name as string | undefined) ?? null;
    console.log(`devices: speakers ${JSON.stringify(perSpeaker.map((p) => p.name))}, renaming ${speaker}`);
    if (speaker) {
      const renamed = await a.api(`/api/v1/sessions/${ids.meeting}/speakers/${encodeURIComponent(speaker)}`, {
        method: 'PATCH',
        json: { name: 'Dana herself' },
      });
      expect(renamed.status, renamed.text).toBe(200);
    }
    await backUp(asServer(a), ids.meeting);
    await syncNow(a);
    await syncNow(b);
    const onB = await until(async () => {
      const s = await session(b, ids.meeting);
      return s.analysis_status === 'ready' ? s : undefined;
    }, 60_000);
    expect(onB.analysis_status).toBe('ready');
    const analysis = (await b.api(`/api/v1/sessions/${ids.meeting}/analysis`)).body;
    expect(analysis.data).toBeTruthy();
    if (speaker) expect((analysis.speakers.per_speaker as Loose[]).map((p) => p.name)).toContain('Dana herself');
    const hits = (await b.api('/api/v1/sessions?q=marmalade')).body.items as Loose[];
    expect(hits.map((h) => h.id)).toContain(ids.meeting);
  }, 300_000);
});
