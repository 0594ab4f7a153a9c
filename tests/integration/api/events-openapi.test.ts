/** GET /api/v1/events (SSE), GET /api/openapi.json, GET /api/v1/health and /library/stats over the real server. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, listOperations, pathParams } from '../../../shared/contract/index.js';
import { EVENTS_PATH } from '../../../shared/contract/events.js';
import { APP_VERSION } from '../../../main/platform/version.js';
import { makeVideo } from '../../helpers/media.js';
import {
  openEvents,
  startTestServer,
  tempDir,
  type SseStream,
  type TestServer,
  type Loose,
} from '../../helpers/server.js';

let srv: TestServer;
let media: string;
const streams: SseStream[] = [];

beforeAll(async () => {
  srv = await startTestServer();
  media = tempDir('filmroom-media-');
});
afterAll(async () => {
  for (const s of streams) s.close();
  await srv?.close();
});

async function events(token: string | null) {
  const s = await openEvents(srv.url, token);
  streams.push(s);
  return s;
}

describe('GET /api/v1/events', () => {
  it('streams session.created, session.changed and session.deleted for import, patch and delete', async () => {
    const stream = await events(srv.admin);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);

    const imp = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      json: { path: makeVideo(media), title: 'Live one' },
    });
    expect(imp.status).toBe(202);
    const id = imp.body.sessions[0].id;
    const created = await stream.waitFor((e) => e.event === 'session.created' && e.data.session?.id === id);
    expect(created.data).toMatchObject({
      type: 'session.created',
      session: { id, title: 'Live one', status: 'uploaded' },
    });

    const patch = await srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { title: 'Renamed' } });
    expect(patch.status).toBe(200);
    const changed = await stream.waitFor(
      (e) => e.event === 'session.changed' && e.data.session?.id === id && e.data.session.title === 'Renamed',
    );
    expect(changed.data.session.title).toBe('Renamed');

    expect((await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE' })).status).toBe(204);
    const deleted = await stream.waitFor((e) => e.event === 'session.deleted' && e.data.id === id);
    expect(deleted.data).toMatchObject({ type: 'session.deleted', id, coach_id: 'default' });

    const order = stream.events.filter((e) => e.data.id === id || e.data.session?.id === id).map((e) => e.event);
    expect(order.indexOf('session.created')).toBeLessThan(order.indexOf('session.changed'));
    expect(order.indexOf('session.changed')).toBeLessThan(order.indexOf('session.deleted'));
  });

  it('refuses a stream without a token (401)', async () => {
    const s = await events(null);
    expect(s.status).toBe(401);
  });

  it('a coach stream sees only that coach’s sessions', async () => {
    const coach = srv.app.tokens.createCoachToken('sse-coach');
    const mine = await events(coach);
    const all = await events(srv.admin);
    const other = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      json: { path: makeVideo(media), coach_id: 'someone-else' },
    });
    const own = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      json: { path: makeVideo(media), coach_id: 'sse-coach' },
    });
    const ownId = own.body.sessions[0].id;
    const otherId = other.body.sessions[0].id;
    await mine.waitFor((e) => e.data.session?.id === ownId);
    await all.waitFor((e) => e.data.session?.id === ownId);
    expect(all.events.some((e) => e.data.session?.id === otherId)).toBe(true);
    expect(mine.events.some((e) => e.data.session?.id === otherId)).toBe(false);
  });
});

describe('GET /api/openapi.json', () => {
  let doc: Loose;
  beforeAll(async () => {
    const r = await srv.api('/api/openapi.json');
    expect(r.status).toBe(200);
    doc = r.body;
  });

  it('is an OpenAPI 3.1 document with info and bearer security', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toEqual(expect.any(String));
    expect(doc.info.version).toBe(APP_VERSION);
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('has every catalogue operation (path, method, operationId) and the events path', () => {
    for (const { namespace, name, operation } of listOperations(contract)) {
      const op = doc.paths[operation.path]?.[operation.method.toLowerCase()];
      expect(op, `${operation.method} ${operation.path}`).toBeDefined();
      expect(op.operationId).toBe(`${namespace}.${name}`);
      expect(op.responses[String(operation.status ?? 200)]).toBeDefined();
      for (const p of pathParams(operation.path)) {
        expect(op.parameters.some((x: Loose) => x.in === 'path' && x.name === p && x.required === true)).toBe(true);
      }
      if (operation.access === 'public') expect(op.security).toEqual([]);
      else expect(op.responses['401']).toBeDefined();
    }
    expect(doc.paths[EVENTS_PATH]?.get).toBeDefined();
  });

  it('operationIds are unique and every $ref resolves', () => {
    const ids: string[] = [];
    const refs: string[] = [];
    const visit = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string') refs.push(x);
          else if (k === 'operationId' && typeof x === 'string') ids.push(x);
          else visit(x);
        }
      }
    };
    visit(doc.paths);
    expect(new Set(ids).size).toBe(ids.length);
    for (const ref of refs) {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce((o: Loose, k) => o?.[k], doc);
      expect(target, ref).toBeDefined();
    }
  });

  it('every schema in it is valid JSON Schema 2020-12 (the dialect of OpenAPI 3.1)', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
    const schemas: unknown[] = [];
    for (const methods of Object.values<Loose>(doc.paths)) {
      for (const op of Object.values<Loose>(methods)) {
        for (const p of op.parameters ?? []) schemas.push(p.schema);
        for (const c of Object.values<Loose>(op.requestBody?.content ?? {})) schemas.push(c.schema);
        for (const res of Object.values<Loose>(op.responses))
          for (const c of Object.values<Loose>(res.content ?? {})) if (c.schema) schemas.push(c.schema);
      }
    }
    expect(schemas.length).toBeGreaterThan(10);
    for (const s of schemas) {
      const rewritten = JSON.parse(JSON.stringify(s).replaceAll('"#/components/', '"doc#/components/'));
      expect(() => ajv.compile(rewritten), JSON.stringify(s).slice(0, 200)).not.toThrow();
    }
  });

  it('the documented list parameters match what the server accepts', async () => {
    const params = doc.paths['/api/v1/sessions'].get.parameters.map((p: Loose) => p.name);
    for (const name of [
      'limit',
      'offset',
      'cursor',
      'status_filter',
      'exclude_failed',
      'q',
      'platform',
      'coach_id',
      'client',
      'from',
      'to',
      'sort',
    ]) {
      expect(params).toContain(name);
    }
  });
});

describe('health and stats', () => {
  it('health answers status, version and the session count', async () => {
    const r = await srv.api('/api/v1/health', { token: null });
    expect(r.status).toBe(200);
    const listed = await srv.api('/api/v1/sessions?exclude_failed=false');
    expect(r.body).toEqual({ status: 'ok', version: APP_VERSION, sessions: listed.body.total });
  });

  it('stats total the bytes of the sessions', async () => {
    const listed = await srv.api('/api/v1/sessions?exclude_failed=false&limit=500');
    const r = await srv.api('/api/v1/library/stats');
    expect(r.status).toBe(200);
    expect(r.body.sessions).toBe(listed.body.total);
    expect(r.body.bytes).toBe(listed.body.items.reduce((a: number, s: Loose) => a + s.size, 0));
  });
});

describe('shutdown', () => {
  it('close() finishes promptly while an event stream is still open', async () => {
    const other = await startTestServer();
    const s = await openEvents(other.url, other.admin);
    streams.push(s);
    expect(s.status).toBe(200);
    const started = Date.now();
    const closed = await Promise.race([
      other.close().then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 5000)),
    ]);
    expect(closed, 'app.close() still pending after 5 s with an SSE client connected').toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
