/**
 * Issue 11 item 10: a signed media URL covers its resource path, not just (session, expiry): the recording's
 * signature does not open the session's analysis artifacts, and the artifacts' signature does not open the
 * recording or another session.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let id: string;
let other: string;

beforeAll(async () => {
  srv = await startTestServer();
  const dir = tempDir();
  for (const name of ['one.mp4', 'two.mp4']) {
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: makeVideo(dir, name) } });
    expect(r.status, r.text).toBe(202);
  }
  const list = await srv.api('/api/v1/sessions');
  [id, other] = list.body.items.map((s: { id: string }) => s.id);
  // An analysis artifact, as the analysis writes it.
  mkdirSync(join(srv.dataDir, 'library', id, 'analysis'), { recursive: true });
  writeFileSync(join(srv.dataDir, 'library', id, 'analysis', 'poster.jpg'), 'jpeg bytes');
});
afterAll(async () => {
  await srv?.close();
});

const query = (url: string) => url.slice(url.indexOf('?'));

describe('signed media URLs', () => {
  it('each signature opens its own resource only', async () => {
    const signed = await srv.api(`/api/v1/sessions/${id}/media-url`);
    expect(signed.status, signed.text).toBeLessThan(300);
    const { url, artifacts_url: artifactsUrl } = signed.body as { url: string; artifacts_url: string };

    expect((await srv.api(url, { token: null })).status).toBe(200);
    const artifact = artifactsUrl.replace('{name}', 'poster.jpg');
    expect((await srv.api(artifact, { token: null })).status).toBe(200);

    // The recording's signature on the artifacts path, and the artifacts' one on the recording: refused.
    const mediaSigOnArtifact = `/api/v1/sessions/${id}/artifacts/poster.jpg${query(url)}`;
    expect((await srv.api(mediaSigOnArtifact, { token: null })).status).toBe(401);
    const artifactSigOnMedia = `/api/v1/sessions/${id}/media${query(artifactsUrl)}`;
    expect((await srv.api(artifactSigOnMedia, { token: null })).status).toBe(401);
    // Nor does either open another session.
    expect((await srv.api(`/api/v1/sessions/${other}/media${query(url)}`, { token: null })).status).toBe(401);
  });
});
