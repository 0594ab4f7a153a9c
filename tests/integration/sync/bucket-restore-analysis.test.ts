/**
 * Found by the soak (seed 3, `npm run soak -- --seed 3`): a restore from the bucket failed with "database is
 * locked" for every session whose manifest carries an analysis summary, so an analysed session never came back.
 * The analysis is written on the work connection; it was saved inside the library connection's transaction, where
 * the work connection cannot take the write lock (one thread, two connections).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads } from './sync-helpers.js';

let s3: S3TestServer;
let first: TestServer;
let fresh: TestServer | undefined;

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
}, 60_000);
afterAll(async () => {
  await first?.close();
  await fresh?.close();
  await s3?.stop();
});

describe('restore from the bucket of an analysed session', () => {
  it('brings the session back with its analysis summary, without errors', async () => {
    const s = seedSession(first.app, { size: 2048, title: 'Analysed session' });
    first.app.services.analyses.save({
      sessionId: s.id,
      jobId: null,
      data: { stage: 'complete', media: { duration: 12.5, container: 'mp4' } } as never,
      now: new Date().toISOString(),
    });
    expect((await first.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' })).status).toBe(202);
    expect((await settledUploads(first, s.id)).every((u: { state: string }) => u.state === 'completed')).toBe(true);

    fresh = await startTestServer({ env: { ...process.env, ...s3.env() } });
    const synced = await fresh.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.status).toBe(200);
    expect(synced.body.errors).toEqual([]);
    const restored = await fresh.api(`/api/v1/sessions/${s.id}`);
    expect(restored.status).toBe(200);
    expect(restored.body.title).toBe('Analysed session');
    const analysis = await fresh.api(`/api/v1/sessions/${s.id}/analysis`);
    expect(JSON.stringify(analysis.body)).toContain('12.5');
  }, 120_000);
});
