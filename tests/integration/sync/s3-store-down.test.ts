/**
 * A store that is down or cannot be reached: every S3 route answers 503 (or 409 for what needs the settings fixed)
 * in plain words with what to do — never a 500, never raw SDK text — and nothing in the library changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Loose } from '../../helpers/server.js';
import { backedUpSession } from '../cleanup/offload-helpers.js';
import { startS3Stack, type S3Stack } from './sync-helpers.js';

let stack: S3Stack;
let sessionId: string;

beforeAll(async () => {
  stack = await startS3Stack();
  sessionId = (await backedUpSession(stack.server.app, stack.server, { size: 2048, title: 'Kept while down' })).id;
}, 60_000);
afterAll(async () => stack?.stop());

const plain = (body: Loose) => {
  expect(body.error).not.toMatch(/Sqlite|CredentialsProviderError|Internal error|\$metadata|UnknownError/);
};

describe('a store that stays down', () => {
  it('sync-bucket, confirm, delete recording, offload and the settings test answer plainly, never 500', async () => {
    const { server, proxy } = stack;
    const presigned = await server.api('/api/v1/recordings/presigned-upload-url', {
      method: 'POST',
      json: { session_id: sessionId, filename: 'late.mp4', content_type: 'video/mp4' },
    });
    expect(presigned.status).toBe(200); // signing needs no store
    proxy.state.down = 'all';

    const synced = await server.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(synced.status, JSON.stringify(synced.body)).toBe(503);
    expect(synced.body.error).toMatch(/The S3 store is busy or down .*tries again later/);
    plain(synced.body);

    const confirm = await server.api(`/api/v1/recordings/confirm-upload/${presigned.body.upload_id}`, {
      method: 'POST',
    });
    expect(confirm.status).toBe(503);
    plain(confirm.body);

    const removed = await server.api(`/api/v1/recordings/recording/${sessionId}`, { method: 'DELETE' });
    expect(removed.status).toBe(503);
    plain(removed.body);

    const off = await server.api(`/api/v1/sessions/${sessionId}/offload`, { method: 'POST' });
    expect([409, 503]).toContain(off.status);
    plain(off.body);

    const probe = await server.api('/api/v1/settings/s3/test', { method: 'POST' });
    expect(probe.status).toBe(200);
    expect(probe.body.ok).toBe(false);
    expect(probe.body.error).toMatch(/busy or down/);

    await proxy.close(); // nothing listens any more: connection refused
    const refused = await server.api('/api/v1/recordings/sync-bucket', { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatch(/cannot be reached \(ECONNREFUSED\): check the endpoint/);

    const session = (await server.api(`/api/v1/sessions/${sessionId}`)).body;
    expect(session.files.find((f: Loose) => f.kind === 'recording').s3_key).toBeTruthy();
    expect(session.upload_state).toBe('synced');
  }, 120_000);
});
