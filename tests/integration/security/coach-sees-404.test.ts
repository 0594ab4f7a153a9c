/**
 * Review round 2, item 4: a coach must not learn whether another coach's session id exists. Every session-scoped
 * route (the catalogue's and the raw media routes) answers a coach exactly as it answers an unknown id: the same
 * status (never 403) and the same body, with the id swapped. Real HTTP server, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, listOperations } from '../../../shared/contract/index.js';
import { RAW_ROUTES } from '../../../shared/contract/raw-routes.js';
import { addSession, sessionId } from '../cleanup/fixtures.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let coach: string;
const ids = { library: '', trashed: '', transient: '' };

beforeAll(async () => {
  srv = await startTestServer();
  coach = srv.app.tokens.createCoachToken('nosy');
  const now = Date.now();
  ids.library = addSession(srv.app, now, { coachId: 'owner' }).id;
  ids.trashed = addSession(srv.app, now, { coachId: 'owner' }).id;
  ids.transient = sessionId();
  const at = new Date(now).toISOString();
  srv.app.services.sessions.insert({
    id: ids.transient,
    title: 'upload',
    status: 'ready',
    platform: 'api',
    coach_id: 'owner',
    client: '',
    recorded_at: at,
    created_at: at,
    size: 0,
    origin: 'api',
  });
  const trash = await srv.api(`/api/v1/sessions/${ids.trashed}`, { method: 'DELETE', query: { trash: true } });
  expect(trash.status).toBe(204);
});
afterAll(async () => {
  await srv?.close();
});

const BODIES: Record<string, unknown> = {
  'PATCH /api/v1/sessions/{id}': { title: 'hijacked' },
  'POST /api/v1/sessions/{id}/markers': { t: 1, kind: 'marker', text: 'x' },
  'POST /api/v1/sessions/{id}/analyze': {},
};

function routes(): { method: string; path: string }[] {
  const ops = listOperations(contract).map(({ operation }) => ({ method: operation.method, path: operation.path }));
  const raw = Object.values(RAW_ROUTES).map((r) => ({ method: r.method as string, path: r.path }));
  return [...ops, ...raw].filter((r) => /\{(id|sessionId|session_id)\}/.test(r.path));
}

function fill(path: string, id: string): string {
  return path
    .replace(/\{(id|sessionId|session_id)\}/, id)
    .replace('{marker_id}', 'mrk_0000000000000000')
    .replace('{name}', 'poster.jpg');
}

describe("another coach's session", () => {
  it('is answered on every session-scoped route exactly like an unknown id (404, never 403)', async () => {
    const checked: string[] = [];
    for (const { method, path } of routes()) {
      const id = path.startsWith('/api/v1/trash/')
        ? ids.trashed
        : path.startsWith('/api/v1/video/')
          ? ids.transient
          : ids.library;
      const unknown = sessionId();
      const json = BODIES[`${method} ${path}`] ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
      const theirs = await srv.api(fill(path, id), { method, token: coach, json });
      const none = await srv.api(fill(path, unknown), { method, token: coach, json });
      const label = `${method} ${path}`;
      expect(theirs.status, label).not.toBe(403);
      expect(theirs.status, label).toBe(none.status);
      expect(theirs.text.replaceAll(id, 'ID'), label).toBe(none.text.replaceAll(unknown, 'ID'));
      checked.push(label);
    }
    expect(checked.length).toBeGreaterThanOrEqual(20);
    // Nothing the coach tried changed the owner's sessions.
    const own = await srv.api(`/api/v1/sessions/${ids.library}`);
    expect(own.status).toBe(200);
    expect(own.body.title).not.toBe('hijacked');
    expect((await srv.api('/api/v1/trash')).body.items.map((i: { id: string }) => i.id)).toContain(ids.trashed);
  });
});
