/**
 * GET /sessions/posters: the grid's thumbnails in one call. A real recording (ffmpeg testsrc2), really analysed,
 * answers a signed poster URL that serves the JPEG without a token; a session without a poster answers null;
 * unknown ids are left out; bad or too many ids are a 400 naming the field.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';
import { waitUntil } from './helpers.js';

let server: TestServer;
let dir: string;
let analysed: string;
let notAnalysed: string;

async function importVideo(seconds: number): Promise<string> {
  const r = await server.api('/api/v1/sessions/import', {
    method: 'POST',
    json: { path: makeVideo(dir, undefined, seconds) },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const id = r.body.sessions[0].id as string;
  await waitUntil(
    async () => {
      const s = await server.api(`/api/v1/sessions/${id}`);
      return s.body.status !== 'pending' && s.body.status !== 'importing' ? true : undefined;
    },
    { what: 'import' },
  );
  return id;
}

beforeAll(async () => {
  dir = tempDir('filmroom-posters-');
  server = await startTestServer({ watchFolders: false, autoAnalyze: false });
  analysed = await importVideo(3);
  notAnalysed = await importVideo(1);
  expect((await server.api(`/api/v1/sessions/${analysed}/analyze`, { method: 'POST' })).status).toBe(202);
  await waitUntil(
    async () =>
      (await server.api(`/api/v1/sessions/${analysed}/analysis`)).body.status === 'ready' ? true : undefined,
    { timeoutMs: 90_000, what: 'analysis' },
  );
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/v1/sessions/posters', () => {
  it('answers a signed poster URL for an analysed session and null for one without a poster', async () => {
    const r = await server.api(`/api/v1/sessions/posters?ids=${analysed},${notAnalysed},ses_unknown`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.expires_in).toBeGreaterThan(0);
    const byId = new Map(
      (r.body.items as { id: string; poster_url: string | null }[]).map((i) => [i.id, i.poster_url]),
    );
    expect([...byId.keys()].sort()).toEqual([analysed, notAnalysed].sort()); // the unknown id is left out
    expect(byId.get(notAnalysed)).toBeNull();
    const url = byId.get(analysed);
    expect(url).toMatch(new RegExp(`^/api/v1/sessions/${analysed}/artifacts/poster\\.jpg\\?exp=\\d+&sig=`));

    // The signed URL opens the poster without a bearer token (an <img> cannot send one).
    const image = await fetch(`${server.url}${url}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toContain('image/jpeg');
    const bytes = Buffer.from(await image.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('hex')).toBe('ffd8'); // a JPEG's start-of-image marker
    // …and only this session's artifacts: the same signature on another session's path is refused.
    const other = await fetch(`${server.url}${url!.replace(analysed, notAnalysed)}`);
    expect(other.status).toBe(401);
  });

  it('refuses a bad id, no id and more than 200 ids with a 400 naming the field', async () => {
    for (const query of ['ids=../etc', 'ids=', Array.from({ length: 201 }, (_, i) => `ids=ses_${i}`).join('&')]) {
      const r = await server.api(`/api/v1/sessions/posters?${query}`);
      expect(r.status, query.slice(0, 40)).toBe(400);
      expect(r.body.field).toMatch(/^ids(\.\d+)?$/);
    }
  });
});
