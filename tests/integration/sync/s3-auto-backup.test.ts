/**
 * "Back up new sessions automatically": off by default (an import stays local only); on, a new import is backed
 * up once its analysis makes it ready. Real import, real ffmpeg analysis, real S3-protocol server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { until } from './sync-helpers.js';

let s3: S3TestServer;
let server: TestServer;
const media = tempDir('filmroom-auto-backup-');

beforeAll(async () => {
  s3 = await startS3Server();
  server = await startTestServer({ env: { ...process.env, ...s3.env() }, autoAnalyze: true, watchFolders: false });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

async function importAndWaitReady(): Promise<Loose> {
  const res = await server.api('/api/v1/sessions/import', { method: 'POST', json: { path: makeVideo(media) } });
  expect(res.status).toBe(202);
  const id = res.body.sessions[0].id as string;
  return until(async () => {
    const s = (await server.api(`/api/v1/sessions/${id}`)).body;
    return s.status === 'ready' ? s : undefined;
  }, 180_000);
}

describe('automatic backup', () => {
  it('is off by default: a ready import stays local only', async () => {
    expect((await server.api('/api/v1/settings/s3')).body.auto_backup).toBe(false);
    const s = await importAndWaitReady();
    await server.app.services.queue.waitForIdle();
    expect((await server.api(`/api/v1/sessions/${s.id}`)).body.upload_state).toBe('local_only');
    expect((await server.api(`/api/v1/sessions/${s.id}/uploads`)).body.items).toEqual([]);
  }, 240_000);

  it('when on, backs up a new import once it is ready', async () => {
    await server.api('/api/v1/settings/s3', { method: 'PUT', json: { auto_backup: true } });
    const s = await importAndWaitReady();
    const synced = await until(async () => {
      const now = (await server.api(`/api/v1/sessions/${s.id}`)).body;
      return now.upload_state === 'synced' ? now : undefined;
    }, 180_000);
    expect(synced.files.find((f: Loose) => f.kind === 'recording').s3_key).toContain(s.id);
  }, 240_000);
});
