/**
 * Issue 20, compaction: a device that joins after many changes and a snapshot reads the snapshot and only the
 * change objects after it (GETs counted by a pass-through proxy) and holds the same state; retention deletes only
 * what every registered device has read and a snapshot covers; a forged snapshot (newer, failing the key check) is
 * refused and the genuine older one read. Real `filmroom serve` processes and s3rver.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { bareS3Client, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { backUp, importFolder } from '../restore/coach-library.js';
import { until } from '../sync/sync-helpers.js';
import { applyToState, emptyState } from '../../../main/devices/merge.js';
import type { Stamped } from '../../../main/devices/changes.js';

let s3: S3TestServer;
let client: S3Client;
let a: ServeChild;
let b: ServeChild;
const started: ServeChild[] = [];
const proxies: FaultProxy[] = [];
let env: Record<string, string>;
const media = tempDir('filmroom-snap-media-');
const dirs: string[] = [];
let session = '';

const asServer = (s: ServeChild) => s as unknown as TestServer;
const PREFIX = 'recordings/';

async function serve(throughProxy?: FaultProxy): Promise<ServeChild> {
  const dir = tempDir('filmroom-snap-device-');
  dirs.push(dir);
  const server = await startServe(dir, { ...env, ...s3.env(throughProxy?.endpoint) });
  started.push(server);
  return server;
}

async function enable(server: ServeChild, name: string): Promise<void> {
  const put = await server.api('/api/v1/devices/settings', {
    method: 'PUT',
    json: { enabled: true, device_name: name, poll_seconds: 3600, keep_local_days: null },
  });
  expect(put.status, put.text).toBe(200);
}

async function syncNow(server: ServeChild): Promise<Loose> {
  const before = (await server.api('/api/v1/devices')).body.devices[0].last_seen_at as string | null;
  const res = await server.api('/api/v1/devices/sync-now', { method: 'POST', json: {} });
  expect(res.status, res.text).toBe(202);
  return until(async () => {
    const view = (await server.api('/api/v1/devices')).body;
    const self = view.devices[0];
    return self.pending_out === 0 && self.last_seen_at !== null && self.last_seen_at !== before ? view : undefined;
  }, 90_000);
}

async function snapshot(server: ServeChild): Promise<Loose> {
  const res = await server.api('/api/v1/devices/snapshot', { method: 'POST', json: {} });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

async function keys(prefix: string): Promise<string[]> {
  const out: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) out.push(o.Key!);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out.sort();
}

async function readJson(key: string): Promise<Loose> {
  const out = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
  return JSON.parse(await out.Body!.transformToString()) as Loose;
}

const deviceId = async (s: ServeChild) => (await s.api('/api/v1/devices')).body.this_device.id as string;
/** A device's change folder below `.sync/` (`{coach_slug}/{device_id}`): the session's coach folder. */
const folderOf = async (id: string) => {
  const key = (await keys(`${PREFIX}.sync/`)).find((k) => k.includes(`/${id}/`))!;
  return key.slice(`${PREFIX}.sync/`.length, key.lastIndexOf('/'));
};
const markerTexts = async (s: ServeChild) =>
  ((await s.api(`/api/v1/sessions/${session}/markers`)).body.items as Loose[]).map((m) => m.text as string).sort();
const changeGets = (p: FaultProxy) =>
  p.requests.filter((r) => r.type === 'get' && decodeURIComponent(r.url).includes(`/${PREFIX}.sync/`)).length;
const snapshotGets = (p: FaultProxy) =>
  p.requests.filter((r) => r.type === 'get' && decodeURIComponent(r.url).includes(`/${PREFIX}.sync-snapshots/`)).length;

/** A device joining now: restores the library from the bucket, turns sync on, one pass. */
async function join(name: string): Promise<{ server: ServeChild; proxy: FaultProxy; view: Loose }> {
  const proxy = await startFaultProxy(s3.endpoint);
  proxies.push(proxy);
  const server = await serve(proxy);
  expect((await server.api('/api/v1/recordings/sync-bucket', { method: 'POST', json: {} })).status).toBe(200);
  proxy.requests.length = 0;
  await enable(server, name); // turning sync on starts the first pass: the catch-up
  const view = await until(async () => {
    const v = (await server.api('/api/v1/devices')).body;
    return v.devices[0].last_seen_at !== null ? v : undefined;
  }, 90_000);
  return { server, proxy, view };
}

beforeAll(async () => {
  s3 = await startS3Server();
  client = bareS3Client(s3);
  env = {
    FILMROOM_LOG_LEVEL: 'warn',
    FILMROOM_DEVICES_SNAPSHOT_GRACE_MS: '0',
    FILMROOM_DEVICES_CURSORS_EVERY_MS: '0',
  };
  a = await serve();
  b = await serve();
  session = await importFolder(asServer(a), makeVideo(media, undefined, 1), { title: 'Snapshot session' });
  await backUp(asServer(a), session);
  expect((await b.api('/api/v1/recordings/sync-bucket', { method: 'POST', json: {} })).status).toBe(200);
  await enable(a, 'Laptop');
  await enable(b, 'Desktop');
  await syncNow(b);
}, 400_000);

afterAll(async () => {
  for (const s of started) await s.stop().catch(() => undefined);
  for (const p of proxies) await p.close();
  client?.destroy();
  await s3?.stop();
  for (const d of [media, ...dirs]) rmSync(d, { recursive: true, force: true });
});

describe('devices: snapshots and retention', () => {
  it('a joining device reads the snapshot and only the later objects, and holds the same state', async () => {
    const idA = await deviceId(a);
    for (let i = 1; i <= 8; i++) {
      await a.api(`/api/v1/sessions/${session}`, { method: 'PATCH', json: { title: `Edit ${i}`, tags: [`t${i}`] } });
      await a.api(`/api/v1/sessions/${session}/markers`, { method: 'POST', json: { t: i / 10, text: `Marker ${i}` } });
      await syncNow(a); // one object per round
    }
    const folderA = await folderOf(idA);
    const before = await keys(`${PREFIX}.sync/${folderA}/`);
    expect(before.length).toBeGreaterThanOrEqual(8);
    // B has read none of these: retention must keep every one of them.
    const written = await snapshot(a);
    expect(written.sessions).toBe(1);
    expect(written.deleted_changes).toBe(0);
    expect(await keys(`${PREFIX}.sync/${folderA}/`)).toEqual(before);
    await a.api(`/api/v1/sessions/${session}`, { method: 'PATCH', json: { client: 'After the snapshot' } });
    await syncNow(a);
    const after = (await keys(`${PREFIX}.sync/${folderA}/`)).filter((k) => !before.includes(k));
    expect(after.length).toBe(1);

    const { server: c, proxy } = await join('Joiner');
    // Only the object written after the snapshot is read; the snapshot is its manifest, its part and the cursors.
    expect(changeGets(proxy)).toBe(after.length);
    expect(snapshotGets(proxy)).toBeGreaterThanOrEqual(2);
    const onA = (await a.api(`/api/v1/sessions/${session}`)).body;
    const onC = (await c.api(`/api/v1/sessions/${session}`)).body;
    expect({ title: onC.title, client: onC.client, tags: onC.tags }).toEqual({
      title: onA.title,
      client: 'After the snapshot',
      tags: onA.tags,
    });
    expect(await markerTexts(c)).toEqual(await markerTexts(a));
  }, 400_000);

  it('retention deletes only what every registered device read and a snapshot covers', async () => {
    const idA = await deviceId(a);
    const idB = await deviceId(b);
    await syncNow(b); // B reads everything so far and publishes its cursors
    await a.api(`/api/v1/sessions/${session}`, { method: 'PATCH', json: { title: 'Unread by B' } });
    await syncNow(a);
    const folderA = await folderOf(idA);
    const all = await keys(`${PREFIX}.sync/${folderA}/`);
    const cursorsB = (await readJson(`${PREFIX}.sync-snapshots/_cursors/${idB}.json`)).cursors as Loose;
    const readByB = cursorsB[folderA] as string; // per change folder (`{coach}/{device}`), not per device
    expect(readByB).toBeTruthy();
    const unread = all.filter((k) => k > readByB);
    expect(unread.length).toBeGreaterThanOrEqual(1);
    const written = await snapshot(a);
    const left = await keys(`${PREFIX}.sync/${folderA}/`);
    for (const k of unread) expect(left).toContain(k); // never what B has not read
    // Every device that published cursors (B, the joiner) has read the rest: it went.
    expect(written.deleted_changes).toBeGreaterThan(0);
    expect(left.filter((k) => k <= readByB)).toEqual([]);
    await syncNow(b);
    expect((await b.api(`/api/v1/sessions/${session}`)).body.title).toBe('Unread by B');
  }, 400_000);

  it('a forged newer snapshot is refused; the joiner reads the genuine one', async () => {
    const coachFolder = (await keys(`${PREFIX}.sync-snapshots/`)).find((k) => !k.includes('/_'))!;
    const group = coachFolder.slice(`${PREFIX}.sync-snapshots/`.length).split('/')[0]!;
    const forgedId = '9999999999999999-000000-dev_forged';
    const part = {
      v: 1,
      kind: 'filmroom.snapshot.part',
      snapshot_id: forgedId,
      group,
      entries: [
        {
          session_id: session,
          changes: [
            {
              hlc: `9999999999999999-000000-dev_forged`,
              change: { op: 'fields', session_id: session, fields: { title: 'Forged' } },
            },
          ],
        },
      ],
      integrity: { alg: 'HMAC-SHA256', key_id: 'env', mac: '00'.repeat(32) },
    };
    const manifest = {
      v: 1,
      kind: 'filmroom.snapshot',
      snapshot_id: forgedId,
      group,
      device_id: 'dev_forged',
      created_at: new Date().toISOString(),
      vector: {},
      sessions: 1,
      parts: [{ key: `${PREFIX}.sync-snapshots/${group}/${forgedId}/part-00001.json`, sha256: 'x', sessions: 1 }],
      integrity: { alg: 'HMAC-SHA256', key_id: 'env', mac: '00'.repeat(32) },
    };
    for (const [name, body] of [
      ['part-00001.json', part],
      ['manifest.json', manifest],
    ] as const) {
      await client.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: `${PREFIX}.sync-snapshots/${group}/${forgedId}/${name}`,
          Body: JSON.stringify(body),
        }),
      );
    }
    const { server: d, view } = await join('Second joiner');
    expect(view.last_error).toMatch(/snapshot was refused.*integrity check/);
    const onD = (await d.api(`/api/v1/sessions/${session}`)).body;
    expect(onD.title).toBe('Unread by B');
    expect(onD.client).toBe('After the snapshot');
    expect(await markerTexts(d)).toEqual(await markerTexts(a));
  }, 400_000);

  it('a snapshot written while another device keeps editing loses no edit (fast-check)', async () => {
    const edit = fc.oneof(
      fc.record({ kind: fc.constant('title' as const), text: fc.string({ minLength: 1, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('tags' as const), text: fc.string({ minLength: 1, maxLength: 8 }) }),
      fc.record({ kind: fc.constant('marker' as const), text: fc.string({ minLength: 1, maxLength: 12 }) }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 2, maxLength: 6 }), fc.nat(6), async (edits, at) => {
        run += 1;
        const onB = async (e: (typeof edits)[number], i: number) => {
          const text = `${e.text} ${run}.${i}`;
          if (e.kind === 'marker')
            await b.api(`/api/v1/sessions/${session}/markers`, { method: 'POST', json: { t: i, text } });
          else
            await b.api(`/api/v1/sessions/${session}`, {
              method: 'PATCH',
              json: e.kind === 'title' ? { title: text } : { tags: [text] },
            });
          if (i % 2 === 0) await syncNow(b);
        };
        const split = Math.min(at, edits.length);
        for (let i = 0; i < split; i++) await onB(edits[i]!, i);
        await syncNow(a);
        // A writes its snapshot while B goes on editing and pushing.
        const [written] = await Promise.all([
          snapshot(a),
          (async () => {
            for (let i = split; i < edits.length; i++) await onB(edits[i]!, i);
          })(),
        ]);
        await syncNow(b);
        await syncNow(a);
        // What a joiner would read: that snapshot, then every change object after its vector.
        const manifestKey = (await keys(`${PREFIX}.sync-snapshots/`)).find(
          (k) => k.includes(`/${written.snapshot_id as string}/manifest.json`) && !k.includes('/_pending/'),
        )!;
        const manifest = await readJson(manifestKey);
        const state = emptyState();
        for (const part of manifest.parts as Loose[])
          for (const entry of (await readJson(part.key as string)).entries as Loose[])
            if (entry.session_id === session) for (const c of entry.changes as Stamped[]) applyToState(state, c);
        const vector = manifest.vector as Record<string, string>;
        for (const key of await keys(`${PREFIX}.sync/`)) {
          if (!key.endsWith('.json')) continue; // a coach folder's `.folder` marker
          const folder = key.slice(`${PREFIX}.sync/`.length, key.lastIndexOf('/'));
          if (key <= (vector[folder] ?? '')) continue;
          for (const c of (await readJson(key)).changes as Stamped[])
            if (c.change.session_id === session) applyToState(state, c);
        }
        const final = (await b.api(`/api/v1/sessions/${session}`)).body;
        expect(state.values.title).toBe(final.title);
        expect(state.values.tags).toEqual(final.tags);
        const texts = [...state.markers.values()].map((m) => (m as Loose).text as string).sort();
        expect(texts).toEqual(await markerTexts(b));
        expect(await markerTexts(a)).toEqual(await markerTexts(b));
      }),
      { numRuns: 3 },
    );
  }, 600_000);
});
