/** Tokens, roles, the api-token file, and the Host / Origin defences, against the real HTTP server. */
import { statSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, listOperations } from '../../../shared/contract/index.js';
import { makeVideo } from '../../helpers/media.js';
import { rawRequest, startTestServer, tempDir, type TestServer, type Loose } from '../../helpers/server.js';

let srv: TestServer;
let coach1: string;
let coach2: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  srv = await startTestServer();
  coach1 = srv.app.tokens.createCoachToken('c1');
  coach2 = srv.app.tokens.createCoachToken('c2');
  const media = tempDir();
  // Two sessions for c1 (one failed), one for c2, imported by the admin on their behalf.
  for (const [key, coach] of [
    ['c1a', 'c1'],
    ['c1b', 'c1'],
    ['c2a', 'c2'],
  ] as const) {
    const r = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      json: { path: makeVideo(media), coach_id: coach, title: `${key} session`, client: `client ${key}` },
    });
    expect(r.status).toBe(202);
    ids[key] = r.body.sessions[0].id;
  }
});
afterAll(async () => {
  await srv?.close();
});

describe('authentication', () => {
  it('answers 401 with {error, code} when no token is sent', async () => {
    const r = await srv.api('/api/v1/sessions', { token: null });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 401 });
    expect(typeof r.body.error).toBe('string');
  });

  it('answers 401 for a wrong token', async () => {
    const r = await srv.api('/api/v1/sessions', { token: 'not-a-real-token' });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 401 });
    expect(typeof r.body.error).toBe('string');
  });

  it('answers 401 for a non-Bearer scheme and an over-long token', async () => {
    const basic = await srv.api('/api/v1/sessions', { token: null, headers: { authorization: `Basic ${srv.admin}` } });
    expect(basic.status).toBe(401);
    const long = await srv.api('/api/v1/sessions', { token: 'x'.repeat(5000) });
    expect(long.status).toBe(401);
    expect(long.body.code).toBe(401);
  });

  it('requires a token on every non-public route, including events', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/v1/sessions'],
      ['GET', `/api/v1/sessions/${ids.c1a}`],
      ['PATCH', `/api/v1/sessions/${ids.c1a}`],
      ['DELETE', `/api/v1/sessions/${ids.c1a}`],
      ['DELETE', '/api/v1/sessions/bulk?status_filter=failed'],
      ['GET', '/api/v1/sessions/export.csv'],
      ['POST', '/api/v1/sessions/import'],
      ['GET', '/api/v1/library/stats'],
      ['GET', '/api/v1/events'],
    ];
    for (const [method, path] of routes) {
      const r = await srv.api(path, {
        method,
        token: null,
        ...(method === 'PATCH' || method === 'POST' ? { json: {} } : {}),
      });
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body.code, `${method} ${path}`).toBe(401);
    }
    // nothing was deleted by the refused calls
    expect((await srv.api(`/api/v1/sessions/${ids.c1a}`)).status).toBe(200);
  });

  it('every non-public operation of the catalogue answers 401 without a token', async () => {
    const ops = listOperations(contract).filter((o) => o.operation.access !== 'public');
    expect(ops.length).toBeGreaterThan(5);
    for (const { operation } of ops) {
      const path = operation.path.replace(/\{(\w+)\}/g, ids.c1a!);
      const hasBody = !['GET', 'DELETE'].includes(operation.method);
      const r = await srv.api(path, { method: operation.method, token: null, ...(hasBody ? { json: {} } : {}) });
      expect(r.status, `${operation.method} ${operation.path}`).toBe(401);
      expect(r.body.code).toBe(401);
    }
  });

  it('serves health without a token', async () => {
    const r = await srv.api('/api/v1/health', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(r.body.sessions).toBe(3);
  });

  it('writes the admin token to <dataDir>/api-token with mode 0600, and that token works', async () => {
    const file = srv.app.paths.tokenFile;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toBe(srv.admin);
    expect((await srv.api('/api/v1/sessions', { token })).status).toBe(200);
  });
});

describe('coach tokens', () => {
  it('list shows only the coach’s own sessions and the total counts only those', async () => {
    const r = await srv.api('/api/v1/sessions', { token: coach1, query: { exclude_failed: false } });
    expect(r.status).toBe(200);
    expect(r.body.items.map((s: Loose) => s.id).sort()).toEqual([ids.c1a, ids.c1b].sort());
    expect(r.body.total).toBe(2);
    expect(r.body.items.every((s: Loose) => s.coach_id === 'c1')).toBe(true);
    const admin = await srv.api('/api/v1/sessions');
    expect(admin.body.total).toBe(3);
  });

  it('list with another coach’s coach_id is refused (403)', async () => {
    const r = await srv.api('/api/v1/sessions', { token: coach1, query: { coach_id: 'c2' } });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe(403);
  });

  it('get of its own session works; another coach’s session is 404, as an unknown id', async () => {
    expect((await srv.api(`/api/v1/sessions/${ids.c1a}`, { token: coach1 })).status).toBe(200);
    const other = await srv.api(`/api/v1/sessions/${ids.c2a}`, { token: coach1 });
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ code: 404 });
  });

  it('cannot edit or delete another coach’s session (404) and the session is unchanged', async () => {
    const patch = await srv.api(`/api/v1/sessions/${ids.c2a}`, {
      method: 'PATCH',
      token: coach1,
      json: { title: 'hijacked' },
    });
    expect(patch.status).toBe(404);
    const del = await srv.api(`/api/v1/sessions/${ids.c2a}`, { method: 'DELETE', token: coach1 });
    expect(del.status).toBe(404);
    const after = await srv.api(`/api/v1/sessions/${ids.c2a}`);
    expect(after.status).toBe(200);
    expect(after.body.title).toBe('c2a session');
  });

  it('CSV export contains only the coach’s own sessions', async () => {
    const r = await srv.api('/api/v1/sessions/export.csv', { token: coach2, query: { exclude_failed: false } });
    expect(r.status).toBe(200);
    const lines = r.text.trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(ids.c2a);
    expect(r.text).not.toContain(ids.c1a);
  });

  it('CSV export asking for another coach is refused with 403 (not a broken 200)', async () => {
    const r = await srv.api('/api/v1/sessions/export.csv', { token: coach2, query: { coach_id: 'c1' } });
    expect(r.status).toBe(403);
    expect(r.text).not.toContain(ids.c1a);
  });

  it('cannot import by path (403) and no session is created', async () => {
    const before = (await srv.api('/api/v1/health')).body.sessions;
    const r = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      token: coach1,
      json: { path: makeVideo(tempDir()) },
    });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe(403);
    expect((await srv.api('/api/v1/health')).body.sessions).toBe(before);
  });

  it('bulk delete by a coach only touches that coach’s sessions', async () => {
    const dry = await srv.api('/api/v1/sessions/bulk', {
      method: 'DELETE',
      token: coach2,
      query: { older_than_days: 0, dry_run: true },
    });
    expect(dry.status).toBe(200);
    expect(dry.body.deleted_count).toBe(1);
  });

  it('stats are scoped to the coach', async () => {
    const r = await srv.api('/api/v1/library/stats', { token: coach1 });
    expect(r.status).toBe(200);
    expect(r.body.sessions).toBe(2);
    expect(r.body.library_dir).toBeNull();
    const admin = await srv.api('/api/v1/library/stats');
    expect(admin.body.sessions).toBe(3);
    expect(admin.body.library_dir).toBe(srv.app.paths.libraryDir);
  });
});

describe('Host allow-list and Origin check', () => {
  const auth = () => ({ authorization: `Bearer ${srv.admin}` });

  it('refuses a foreign Host header with 403', async () => {
    const r = await rawRequest(srv.port, '/api/v1/sessions', { headers: { ...auth(), host: 'evil.example' } });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe(403);
  });

  it('refuses a foreign Host even on the public health route', async () => {
    const r = await rawRequest(srv.port, '/api/v1/health', { headers: { host: `evil.example:${srv.port}` } });
    expect(r.status).toBe(403);
  });

  it('refuses look-alike hosts (localhost.evil.example, 127.0.0.1.evil.example)', async () => {
    for (const host of ['localhost.evil.example', '127.0.0.1.evil.example', `127.0.0.2:${srv.port}`]) {
      const r = await rawRequest(srv.port, '/api/v1/health', { headers: { host } });
      expect(r.status, host).toBe(403);
    }
  });

  it('serves loopback Host headers (127.0.0.1:port and localhost:port)', async () => {
    for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`]) {
      const r = await rawRequest(srv.port, '/api/v1/sessions', { headers: { ...auth(), host } });
      expect(r.status, host).toBe(200);
    }
  });

  it('refuses a foreign Origin with 403, and does not act on it', async () => {
    const r = await rawRequest(srv.port, `/api/v1/sessions/${ids.c1b}`, {
      method: 'DELETE',
      headers: { ...auth(), origin: 'http://evil.example' },
    });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe(403);
    expect((await srv.api(`/api/v1/sessions/${ids.c1b}`)).status).toBe(200);
  });

  it('refuses Origin "null" and a same-host different-port origin', async () => {
    for (const origin of ['null', `http://127.0.0.1:${srv.port + 1}`, `https://127.0.0.1:${srv.port}`]) {
      const r = await rawRequest(srv.port, '/api/v1/sessions', { headers: { ...auth(), origin } });
      expect(r.status, origin).toBe(403);
    }
  });

  it('allows the app’s own origin', async () => {
    const r = await rawRequest(srv.port, '/api/v1/sessions', { headers: { ...auth(), origin: srv.url } });
    expect(r.status).toBe(200);
  });

  it('allows requests with no Origin', async () => {
    const r = await rawRequest(srv.port, '/api/v1/sessions', { headers: auth() });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.items)).toBe(true);
  });

  it('sends no wildcard CORS header', async () => {
    const res = await fetch(`${srv.url}/api/v1/health`, { headers: { origin: srv.url } });
    expect(res.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});
