/**
 * Issue 18, finding 1: restoring a session whose `session.json` has a transcript AND an analysis (every analysed
 * Zoom folder with a .vtt) answered `SqliteError database is locked` — the analysis was written on the work
 * connection inside a transaction of the library connection. Sessions are made through the coach's paths.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { analyse, backUp, importFolder, makeMeetingFolder } from './coach-library.js';

let s3: S3TestServer;
let first: TestServer;
let fresh: TestServer | undefined;
const dir = tempDir('filmroom-restore-fx-');
let id: string;

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
  const meeting = makeMeetingFolder(dir, 'Goal review', ['zanzibar', 'marathon']);
  id = await importFolder(first, meeting.folder);
  const analysed = await analyse(first, id);
  expect(analysed.analysis_status).toBe('ready');
  expect(analysed.transcript_status).toBe('ready');
  await backUp(first, id);
}, 300_000);

afterAll(async () => {
  await first?.close();
  await fresh?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('restoring an analysed, transcribed session', () => {
  it('sync-bucket on a fresh data folder rebuilds it with its analysis, without a lock error', async () => {
    fresh = await startTestServer({ env: { ...process.env, ...s3.env() } });
    const started = Date.now();
    const synced = await fresh.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.status, synced.text).toBe(200);
    expect(synced.body.errors).toEqual([]);
    expect(synced.body.discovered).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    const restored = (await fresh.api(`/api/v1/sessions/${id}`)).body;
    expect(restored).toMatchObject({ transcript_status: 'ready', analysis_status: 'ready' });
    const original = (await first.api(`/api/v1/sessions/${id}/analysis`)).body;
    const analysis = (await fresh.api(`/api/v1/sessions/${id}/analysis`)).body;
    expect(analysis.status).toBe('ready');
    expect(analysis.data.speakers).toEqual(original.data.speakers);
    const found = await fresh.api('/api/v1/sessions', { query: { q: 'zanzibar' } });
    expect(found.body.items.map((s: Loose) => s.id)).toEqual([id]);
    // Found by the soak: the restored session.json row pointed at a file never written. Every file row is on disk
    // or held in S3 (offloaded), none points at nothing.
    const offloaded = fresh.app.services.sync.offload.repo.fileIds();
    for (const f of fresh.app.services.sessions.files(id)) {
      if (f.managed !== 1 || offloaded.has(f.id)) continue;
      expect(existsSync(join(fresh.dataDir, 'library', f.path)), f.path).toBe(true);
    }
  }, 120_000);
});
