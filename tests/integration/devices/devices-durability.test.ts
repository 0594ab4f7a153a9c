/**
 * Issue 20, what must not be lost or believed: an edit acknowledged just before a kill -9 is in the outbox after the
 * restart and reaches the other device; a session created on one device after the other's restore arrives through
 * the restore path with its later changes (parked until then; a marker the manifest already carried is not doubled),
 * and one never edited after its backup arrives all the same (its whole backup is announced);
 * a change object that fails the library key's check (anyone with write access to the bucket but not the key) is
 * refused in plain words and changes nothing.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { awsCli, awsCliPath, startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { enableSync, syncNow } from './device-steps.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { backUp, importFolder } from '../restore/coach-library.js';

let s3: S3TestServer;
let a: ServeChild;
let b: ServeChild;
let env: Record<string, string>;
const media = tempDir('filmroom-devices2-media-');
const dirA = tempDir('filmroom-device2-a-');
const dirB = tempDir('filmroom-device2-b-');
let first = '';

const asServer = (s: ServeChild) => s as unknown as TestServer;

const enable = (server: ServeChild, name: string) => enableSync(server, { device_name: name });

beforeAll(async () => {
  s3 = await startS3Server();
  env = { ...s3.env(), FILMROOM_LOG_LEVEL: 'warn' };
  a = await startServe(dirA, env);
  b = await startServe(dirB, env);
  first = await importFolder(asServer(a), makeVideo(media, undefined, 1), { title: 'First session' });
  await backUp(asServer(a), first);
  expect((await b.api('/api/v1/recordings/sync-bucket', { method: 'POST', json: {} })).status).toBe(200);
  await enable(a, 'Laptop');
  await enable(b, 'Desktop');
}, 400_000);

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await s3?.stop();
  for (const d of [media, dirA, dirB]) rmSync(d, { recursive: true, force: true });
});

describe('devices: durability and trust', () => {
  it('an edit acknowledged just before kill -9 reaches the other device after the restart', async () => {
    const patched = await a.api(`/api/v1/sessions/${first}`, { method: 'PATCH', json: { title: 'Saved then killed' } });
    expect(patched.status, patched.text).toBe(200);
    await a.kill9();
    a = await startServe(dirA, env);
    expect((await a.api('/api/v1/devices')).body.devices[0].pending_out).toBe(1);
    await syncNow(a);
    await syncNow(b);
    expect((await b.api(`/api/v1/sessions/${first}`)).body.title).toBe('Saved then killed');
  }, 180_000);

  it('a session made on A after B restored arrives with its later changes, its marker once', async () => {
    const id = await importFolder(asServer(a), makeVideo(media, undefined, 2), { title: 'Made later' });
    await a.api(`/api/v1/sessions/${id}/markers`, { method: 'POST', json: { t: 0.2, text: 'Before the backup' } });
    await backUp(asServer(a), id);
    await a.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { tags: ['after-backup'] } });
    await a.api(`/api/v1/sessions/${id}/markers`, { method: 'POST', json: { t: 0.4, text: 'After the backup' } });
    await syncNow(a);
    expect((await b.api(`/api/v1/sessions/${id}`)).status).toBe(404);
    await syncNow(b);
    const onB = (await b.api(`/api/v1/sessions/${id}`)).body;
    expect(onB.title).toBe('Made later');
    expect(onB.tags).toEqual(['after-backup']);
    const texts = ((await b.api(`/api/v1/sessions/${id}/markers`)).body.items as Loose[]).map((m) => m.text).sort();
    expect(texts).toEqual(['After the backup', 'Before the backup']);

    // A session backed up and never edited after: its whole backup is announced ('published').
    const untouched = await importFolder(asServer(a), makeVideo(media, undefined, 3), { title: 'Only backed up' });
    await backUp(asServer(a), untouched);
    await syncNow(a);
    await syncNow(b);
    expect((await b.api(`/api/v1/sessions/${untouched}`)).body.title).toBe('Only backed up');
  }, 180_000);

  it('a change object that fails the library key check is refused and changes nothing', async () => {
    if (!awsCliPath()) return;
    const forged = {
      v: 1,
      device_id: 'dev_forged',
      device_name: 'Forged',
      changes: [
        {
          hlc: '9999999999999999-000000-dev_forged',
          change: { op: 'fields', session_id: first, fields: { title: 'Forged title' } },
        },
      ],
      integrity: { alg: 'HMAC-SHA256', key_id: 'env', mac: '00'.repeat(32) },
    };
    const file = join(media, 'forged.json');
    writeFileSync(file, JSON.stringify(forged));
    const key = `recordings/.sync/dev_forged/9999999999999999-000000-0000000001.json`;
    expect(awsCli(s3, ['s3', 'cp', file, `s3://${s3.bucket}/${key}`]).status).toBe(0);
    const view = await syncNow(b);
    expect(view.last_error).toMatch(/refused.*integrity check/);
    expect((await b.api(`/api/v1/sessions/${first}`)).body.title).toBe('Saved then killed');
  }, 180_000);
});
