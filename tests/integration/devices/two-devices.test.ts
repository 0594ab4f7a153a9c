/**
 * Issue 20 with real components: two `filmroom serve` processes (separate data folders) and one s3rver bucket.
 * Device A's clock runs 10 minutes ahead, device B's 10 minutes behind (FILMROOM_TEST_CLOCK_SKEW_MS: 20 minutes
 * apart). A's edits of title, client, tags, participants, a marker, a trash and a delete appear on B after
 * "sync now"; a marker B removes goes on A; concurrent edits of one field converge on both by the clock; and an
 * edit B makes after reading A's wins on both, although B's wall clock is 20 minutes behind (no edit lost to skew).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { openEvents, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { enableSync, syncNow } from './device-steps.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { backUp, importFolder } from '../restore/coach-library.js';

let s3: S3TestServer;
let a: ServeChild;
let b: ServeChild;
const media = tempDir('filmroom-devices-media-');
const dirA = tempDir('filmroom-device-a-');
const dirB = tempDir('filmroom-device-b-');
const ids = { edited: '', trashed: '', deleted: '' };

const asServer = (s: ServeChild) => s as unknown as TestServer;

const enable = (server: ServeChild, name: string, pollSeconds = 3600) =>
  enableSync(server, { device_name: name, poll_seconds: pollSeconds });

const session = async (server: ServeChild, id: string) => (await server.api(`/api/v1/sessions/${id}`)).body;
const markers = async (server: ServeChild, id: string) =>
  ((await server.api(`/api/v1/sessions/${id}/markers`)).body.items as Loose[]).map((m) => m.text).sort();

beforeAll(async () => {
  s3 = await startS3Server();
  const env = { ...s3.env(), FILMROOM_LOG_LEVEL: 'warn' };
  a = await startServe(dirA, { ...env, FILMROOM_TEST_CLOCK_SKEW_MS: String(10 * 60_000) });
  b = await startServe(dirB, { ...env, FILMROOM_TEST_CLOCK_SKEW_MS: String(-10 * 60_000) });
  for (const [i, key] of (Object.keys(ids) as (keyof typeof ids)[]).entries()) {
    ids[key] = await importFolder(asServer(a), makeVideo(media, undefined, 1 + i), { title: `Session ${key}` });
    await backUp(asServer(a), ids[key]);
  }
  // B gets A's sessions through the restore path (their signed manifests), then both turn sync on.
  const synced = await b.api('/api/v1/recordings/sync-bucket', { method: 'POST', json: {} });
  expect(synced.status, synced.text).toBe(200);
  for (const id of Object.values(ids)) expect((await b.api(`/api/v1/sessions/${id}`)).status).toBe(200);
  await enable(a, 'Dana laptop');
  await enable(b, 'Office desktop');
}, 400_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await s3?.stop();
  for (const d of [media, dirA, dirB]) rmSync(d, { recursive: true, force: true });
});

describe('one library on two devices', () => {
  it("A's edits, marker, trash and delete appear on B after sync now", async () => {
    const patched = await a.api(`/api/v1/sessions/${ids.edited}`, {
      method: 'PATCH',
      json: {
        title: 'Goal review with Bruno',
        client: 'Bruno Costa',
        tags: ['leadership', 'q4'],
        participants: [{ name: 'Bruno Costa', role: 'client' }],
      },
    });
    expect(patched.status, patched.text).toBe(200);
    const added = await a.api(`/api/v1/sessions/${ids.edited}/markers`, {
      method: 'POST',
      json: { t: 1.5, text: 'Key moment' },
    });
    expect(added.status, added.text).toBe(200);
    await a.api(`/api/v1/sessions/${ids.edited}/markers`, { method: 'POST', json: { t: 0.5, text: 'Opening' } });
    expect((await a.api(`/api/v1/sessions/${ids.trashed}?trash=true`, { method: 'DELETE' })).status).toBe(204);
    expect((await a.api(`/api/v1/sessions/${ids.deleted}`, { method: 'DELETE' })).status).toBe(204);
    expect((await a.api('/api/v1/devices')).body.devices[0].pending_out).toBeGreaterThanOrEqual(5);

    await syncNow(a);
    if (awsCliPath()) {
      const listed = awsCli(s3, ['s3', 'ls', '--recursive', `s3://${s3.bucket}/`]).stdout;
      expect(listed).toMatch(/\.sync\/default\/dev_[0-9a-f]{16}\/\d{16}-\d{6}-\d{10}\.json/);
    }
    const view = await syncNow(b);
    const peer = view.devices.find((d: Loose) => d.name === 'Dana laptop');
    expect(peer, JSON.stringify(view)).toBeDefined();
    expect(peer.last_seen_at).not.toBeNull();
    expect(view.last_error).toBeNull();

    const edited = await session(b, ids.edited);
    expect(edited.title).toBe('Goal review with Bruno');
    expect(edited.client).toBe('Bruno Costa');
    expect(edited.tags).toEqual(['leadership', 'q4']);
    expect(edited.participants.map((p: Loose) => p.name)).toEqual(['Bruno Costa']);
    expect(await markers(b, ids.edited)).toEqual(['Key moment', 'Opening']);
    expect((await b.api(`/api/v1/sessions/${ids.trashed}`)).status).toBe(404);
    const trash = (await b.api('/api/v1/trash')).body.items as Loose[];
    expect(trash.map((t) => t.id)).toContain(ids.trashed);
    expect((await b.api(`/api/v1/sessions/${ids.deleted}`)).status).toBe(404);
    expect(trash.map((t) => t.id)).not.toContain(ids.deleted);
  }, 180_000);

  it('a marker B removes goes on A; concurrent title edits converge; an edit made after reading wins despite skew', async () => {
    const onB = (await b.api(`/api/v1/sessions/${ids.edited}/markers`)).body.items as Loose[];
    const opening = onB.find((m) => m.text === 'Opening');
    expect((await b.api(`/api/v1/sessions/${ids.edited}/markers/${opening.id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    // Concurrent: neither has read the other's edit. A's clock is 20 minutes ahead of B's, so A's stamp is later.
    await a.api(`/api/v1/sessions/${ids.edited}`, { method: 'PATCH', json: { title: 'Title from A' } });
    await b.api(`/api/v1/sessions/${ids.edited}`, { method: 'PATCH', json: { title: 'Title from B' } });
    await syncNow(a);
    await syncNow(b);
    await syncNow(a);
    const titles = [(await session(a, ids.edited)).title, (await session(b, ids.edited)).title];
    expect(titles).toEqual(['Title from A', 'Title from A']);
    expect(await markers(a, ids.edited)).toEqual(['Key moment']);
    expect(await markers(b, ids.edited)).toEqual(['Key moment']);

    // B has read A's edit: its next edit is stamped after it, although B's wall clock is 20 minutes behind A's.
    await b.api(`/api/v1/sessions/${ids.edited}`, { method: 'PATCH', json: { title: 'Renamed on B after reading' } });
    await syncNow(b);
    await syncNow(a);
    expect((await session(a, ids.edited)).title).toBe('Renamed on B after reading');
    expect((await session(b, ids.edited)).title).toBe('Renamed on B after reading');
  }, 180_000);

  it('with the poll on (1 s), an edit on A shows on B live on the event stream, without sync now', async () => {
    await enable(a, 'Dana laptop', 1);
    await enable(b, 'Office desktop', 1);
    const events = await openEvents(b.url, b.token);
    try {
      const started = Date.now();
      await a.api(`/api/v1/sessions/${ids.edited}`, { method: 'PATCH', json: { client: 'Live client' } });
      const applied = await events.waitFor((e) => e.event === 'devices.applied', 15_000);
      expect(applied.data.session_ids).toContain(ids.edited);
      const changed = await events.waitFor(
        (e) => e.event === 'session.changed' && e.data.session.client === 'Live client',
        5_000,
      );
      expect(changed.data.session.id).toBe(ids.edited);
      console.log(
        `devices: one edit reached the other device in ${Date.now() - started} ms (poll 1 s, loaded machine)`,
      );
      expect((await session(b, ids.edited)).client).toBe('Live client');
    } finally {
      events.close();
    }
  }, 60_000);
});
