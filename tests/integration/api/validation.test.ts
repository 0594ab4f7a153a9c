/** Bad input answers 400 naming the field (docs/api.md); hostile input never produces a 500. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../main/library/sessions/list-query.js';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { makeVideo } from '../../helpers/media.js';
import { rawRequest, startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let id: string;

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: 120, seed: 3, now: new Date() });
  const r = await srv.api('/api/v1/sessions/import', {
    method: 'POST',
    json: { path: makeVideo(tempDir()), title: 'Original' },
  });
  expect(r.status).toBe(202);
  id = r.body.sessions[0].id;
});
afterAll(async () => {
  await srv?.close();
});

async function expect400(path: string, field: string, opts: Parameters<TestServer['api']>[1] = {}) {
  const r = await srv.api(path, opts);
  expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(400);
  expect(r.body.code).toBe(400);
  expect(typeof r.body.error).toBe('string');
  expect(r.body.field, JSON.stringify(r.body)).toBe(field);
  return r.body;
}

describe('list query validation', () => {
  it.each([['0'], ['501'], ['abc'], ['1.5'], ['-3'], ['']])('limit=%s is 400 naming limit', async (limit) => {
    await expect400(`/api/v1/sessions?limit=${limit}`, 'limit');
  });

  it('limit 1 and 500 are accepted (bounds are inclusive)', async () => {
    expect((await srv.api('/api/v1/sessions?limit=1')).body.items).toHaveLength(1);
    expect((await srv.api('/api/v1/sessions?limit=500')).status).toBe(200);
  });

  it('offset=-1 is 400 naming offset', async () => {
    await expect400('/api/v1/sessions?offset=-1', 'offset');
  });

  it('a repeated parameter is 400, not 500', async () => {
    await expect400('/api/v1/sessions?limit=1&limit=2', 'limit');
  });

  it('an unknown query parameter is 400 naming it', async () => {
    const body = await expect400('/api/v1/sessions?colour=red', 'colour');
    expect(body.error).toContain('colour');
  });

  it('a bad sort is 400 naming sort', async () => {
    await expect400('/api/v1/sessions?sort=-title', 'sort');
    await expect400('/api/v1/sessions?sort=id;DROP%20TABLE%20sessions', 'sort');
  });

  it('a bad status_filter is 400 naming status_filter', async () => {
    await expect400('/api/v1/sessions?status_filter=deleting', 'status_filter');
    await expect400('/api/v1/sessions?status_filter=FAILED', 'status_filter');
  });

  it('bad exclude_failed and platform are 400 naming them', async () => {
    await expect400('/api/v1/sessions?exclude_failed=yes', 'exclude_failed');
    await expect400('/api/v1/sessions?platform=skype', 'platform');
  });

  it.each([['yesterday'], ['2026-13-01'], ['2026-01-01T25:00:00Z'], ['01/02/2026'], ['2026-1-1']])(
    'from=%s is 400 naming from',
    async (from) => {
      await expect400(`/api/v1/sessions?from=${encodeURIComponent(from)}`, 'from');
    },
  );

  it('a bad to is 400 naming to', async () => {
    await expect400('/api/v1/sessions?to=never', 'to');
  });

  it.each([
    ['garbage'],
    ['!!!'],
    [Buffer.from('{"a":1}').toString('base64url')],
    [Buffer.from('[1,2,3]').toString('base64url')],
  ])('cursor=%s is 400 naming cursor', async (cursor) => {
    await expect400(`/api/v1/sessions?cursor=${encodeURIComponent(cursor)}`, 'cursor');
  });

  it('a cursor from another sort is 400 naming cursor', async () => {
    const page = await srv.api('/api/v1/sessions?limit=5&sort=title');
    expect(page.body.next_cursor).toBeTruthy();
    const body = await expect400(`/api/v1/sessions?limit=5&cursor=${page.body.next_cursor}`, 'cursor');
    expect(body.error).toContain('title');
  });

  it('a hand-made cursor of the wrong value type does not crash', async () => {
    const cursor = encodeCursor({ sort: '-size', value: 'not-a-number', id: 'zzz', offset: 5 });
    const r = await srv.api(`/api/v1/sessions?sort=-size&cursor=${cursor}`);
    expect(r.status).toBeLessThan(500);
  });

  it('a cursor longer than 500 characters is 400 naming cursor', async () => {
    await expect400(`/api/v1/sessions?cursor=${'a'.repeat(600)}`, 'cursor');
  });
});

describe('bulk delete validation', () => {
  it('no filter at all is 400 and deletes nothing', async () => {
    const before = (await srv.api('/api/v1/health')).body.sessions;
    const r = await srv.api('/api/v1/sessions/bulk', { method: 'DELETE' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe(400);
    expect(r.body.field).toBe('status_filter');
    expect((await srv.api('/api/v1/health')).body.sessions).toBe(before);
  });

  it('dry_run alone is not a filter', async () => {
    await expect400('/api/v1/sessions/bulk?dry_run=true', 'status_filter', { method: 'DELETE' });
  });

  it('bad older_than_days / status_filter / unknown params are 400 naming them', async () => {
    await expect400('/api/v1/sessions/bulk?older_than_days=-1', 'older_than_days', { method: 'DELETE' });
    await expect400('/api/v1/sessions/bulk?older_than_days=soon', 'older_than_days', { method: 'DELETE' });
    await expect400('/api/v1/sessions/bulk?status_filter=gone', 'status_filter', { method: 'DELETE' });
    await expect400('/api/v1/sessions/bulk?status_filter=failed&everything=1', 'everything', { method: 'DELETE' });
  });
});

describe('PATCH validation', () => {
  const patch = (json: unknown) => srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json });

  it.each([
    [{ title: 123 }, 'title'],
    [{ title: '   ' }, 'title'],
    [{ title: 'x'.repeat(301) }, 'title'],
    [{ tags: 'a,b' }, 'tags'],
    [{ tags: [''] }, 'tags.0'],
    [{ participants: [{ name: '' }] }, 'participants.0.name'],
    [{ participants: [{ name: 'A', role: 'boss' }] }, 'participants.0.role'],
    [{ participants: 'Alice' }, 'participants'],
    [{ notes: 42 }, 'notes'],
    [{ status: 'ready' }, 'status'],
  ])('%j is 400 naming %s and changes nothing', async (body, field) => {
    const r = await patch(body);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.code).toBe(400);
    expect(r.body.field).toBe(field);
    expect((await srv.api(`/api/v1/sessions/${id}`)).body.title).toBe('Original');
  });

  it('a JSON body that is not an object is 400', async () => {
    for (const body of ['[1,2]', '"title"', '42']) {
      const r = await srv.api(`/api/v1/sessions/${id}`, {
        method: 'PATCH',
        body,
        headers: { 'content-type': 'application/json' },
      });
      expect(r.status, body).toBe(400);
      expect(r.body.code).toBe(400);
    }
  });

  it('a malformed JSON body is 400 with the error body', async () => {
    const r = await srv.api(`/api/v1/sessions/${id}`, {
      method: 'PATCH',
      body: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 400, error: expect.any(String) });
  });

  it('a non-JSON body (text/plain) is refused as a client error with a JSON error body, not a 500', async () => {
    const r = await srv.api(`/api/v1/sessions/${id}`, {
      method: 'PATCH',
      body: 'title=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.body.code).toBe(r.status);
    expect((await srv.api(`/api/v1/sessions/${id}`)).body.title).toBe('Original');
  });

  it('PATCH of an unknown id is 404; a malformed id is 400 naming id', async () => {
    const r = await srv.api('/api/v1/sessions/ses_doesnotexist', { method: 'PATCH', json: { title: 'x' } });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe(404);
    const bad = await srv.api(`/api/v1/sessions/${encodeURIComponent('bad id!')}`, {
      method: 'PATCH',
      json: { title: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('id');
  });
});

describe('import validation', () => {
  const imp = (json: unknown) => srv.api('/api/v1/sessions/import', { method: 'POST', json });

  it('a relative path is 400 naming path', async () => {
    const r = await imp({ path: 'recordings/session.mp4' });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('path');
  });

  it('a missing file is 400 naming path', async () => {
    const r = await imp({ path: '/definitely/not/here.mp4' });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('path');
  });

  it('neither path nor url is 400 naming path', async () => {
    const r = await imp({});
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('path');
  });

  it('bad platform / copy / unknown field are 400 naming them', async () => {
    expect((await imp({ path: '/tmp/x.mp4', platform: 'skype' })).body.field).toBe('platform');
    expect((await imp({ path: '/tmp/x.mp4', copy: 'maybe' })).body.field).toBe('copy');
    expect((await imp({ path: '/tmp/x.mp4', delete_source: true })).body.field).toBe('delete_source');
  });
});

/** encodeURIComponent, except that a lone surrogate is sent as the invalid UTF-8 bytes it would be. */
const enc = (v: string) => {
  try {
    return encodeURIComponent(v);
  } catch {
    return '%ED%A0%80';
  }
};

describe('hostile input never causes a 500', () => {
  const hostile = [
    'x'.repeat(10_000),
    '../../../../etc/passwd',
    '..%2F..%2Fetc%2Fpasswd',
    'a\u0000b',
    '\u0000',
    '🎥 Sesión 日本語',
    '\uD800',
    "' OR 1=1 --",
    '%',
    '{"$gt":""}',
  ];

  it('as list query values', async () => {
    for (const v of hostile) {
      for (const key of ['q', 'client', 'coach_id', 'from', 'sort', 'cursor', 'limit', 'platform']) {
        const r = await srv.api(`/api/v1/sessions?${key}=${enc(v)}`);
        expect(r.status, `${key}=${JSON.stringify(v.slice(0, 30))}`).toBeLessThan(500);
      }
    }
  });

  it('as session ids in the path', async () => {
    for (const v of hostile) {
      for (const method of ['GET', 'PATCH', 'DELETE']) {
        const r = await srv.api(`/api/v1/sessions/${enc(v)}`, {
          method,
          ...(method === 'PATCH' ? { json: { title: 'x' } } : {}),
        });
        expect(r.status, `${method} ${JSON.stringify(v.slice(0, 30))}`).toBeLessThan(500);
      }
    }
  });

  it('as import paths and titles', async () => {
    for (const v of hostile) {
      const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: v } });
      expect(r.status, JSON.stringify(v.slice(0, 30))).toBeLessThan(500);
      expect(r.status).not.toBe(202);
      const abs = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: `/${v}` } });
      expect(abs.status, JSON.stringify(v.slice(0, 30))).toBeLessThan(500);
    }
  });

  it('as PATCH values (and a unicode title round-trips)', async () => {
    for (const v of hostile) {
      const r = await srv.api(`/api/v1/sessions/${id}`, {
        method: 'PATCH',
        json: { client: v.slice(0, 200), notes: v, tags: [v.slice(0, 50)] },
      });
      expect(r.status, JSON.stringify(v.slice(0, 30))).toBeLessThan(500);
    }
    const r = await srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { title: '🎥 Sesión 日本語' } });
    expect(r.status).toBe(200);
    expect((await srv.api(`/api/v1/sessions/${id}`)).body.title).toBe('🎥 Sesión 日本語');
    await srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { title: 'Original' } });
  });

  it('a raw request path with dot segments and odd bytes', async () => {
    for (const path of [
      '/api/v1/sessions/../../etc/passwd',
      '/api/v1/sessions/%00',
      '/api/v1/sessions/%E0%A4%A',
      '/api/v1/sessions?q=%ZZ',
    ]) {
      const r = await rawRequest(srv.port, path, { headers: { authorization: `Bearer ${srv.admin}` } });
      expect(r.status, path).toBeLessThan(500);
    }
  });

  it('an oversized JSON body is refused with a 4xx', async () => {
    const r = await srv.api(`/api/v1/sessions/${id}`, {
      method: 'PATCH',
      json: { notes: 'n'.repeat(2 * 1024 * 1024) },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
  });

  it('unknown routes are 404 with the error body', async () => {
    const r = await srv.api('/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.body.code).toBe(404);
  });
});
