/**
 * Issue 11 items 5 and 6: input a client can send never gets a 5xx, and every error the server can produce —
 * framework and Node parser errors included — is `{ error, code: <number>, field? }`.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let coach: string;

beforeAll(async () => {
  srv = await startTestServer();
  coach = srv.app.tokens.createCoachToken('c1');
});
afterAll(async () => {
  await srv?.close();
});

/** The contract: exactly `error` (text), `code` (the status, a number) and optionally `field` (text) + details. */
function expectContractError(status: number, body: Loose, expected: { status?: number; field?: string } = {}) {
  expect(status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
  expect(status, JSON.stringify(body)).toBeLessThan(500);
  if (expected.status) expect(status, JSON.stringify(body)).toBe(expected.status);
  expect(typeof body.error, JSON.stringify(body)).toBe('string');
  expect(body.code, JSON.stringify(body)).toBe(status);
  expect(body).not.toHaveProperty('statusCode');
  expect(body).not.toHaveProperty('message');
  if (expected.field) expect(body.field, JSON.stringify(body)).toBe(expected.field);
}

/** Writes raw bytes and reads the whole answer (the server closes these connections). */
function rawExchange(bytes: string): Promise<{ status: number; body: Loose }> {
  return new Promise((resolve, reject) => {
    const socket = connect(srv.port, '127.0.0.1', () => socket.end(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (c: string) => (text += c));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) });
    });
  });
}

describe('5xx for input a client can send', () => {
  it('a URL import of a malformed escape is accepted or refused, never a 500', async () => {
    for (const url of ['http://127.0.0.1:9/%', 'http://127.0.0.1:9/%zz', 'http://127.0.0.1:9/a%c0%ae']) {
      const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { url } });
      expect(r.status, r.text).toBeLessThan(500);
    }
  });

  it.each([
    ['no boundary', 'multipart/form-data', 'x'],
    ['an empty body', 'multipart/form-data; boundary=XX', ''],
    ['no boundary and an empty body', 'multipart/form-data', ''],
  ])('multipart with %s is 400 naming the file field', async (_what, type, body) => {
    for (const [path, field] of [
      ['/api/v1/sessions/import', 'file'],
      ['/api/v1/video/upload', 'video'],
    ] as const) {
      const r = await srv.api(path, { method: 'POST', token: coach, headers: { 'content-type': type }, body });
      expectContractError(r.status, r.body, { status: 400, field });
    }
  });

  it('a folder import or preview over unreadable subfolders is not a 500', async () => {
    const preview = await srv.api('/api/v1/sessions/import/preview', { method: 'POST', json: { path: '/proc' } });
    expect(preview.status, preview.text.slice(0, 300)).toBeLessThan(500);
    const imported = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: '/proc/1' } });
    expect(imported.status, imported.text.slice(0, 300)).toBeLessThan(500);
    if (imported.status >= 400) expectContractError(imported.status, imported.body);
  });
});

describe('error bodies in the contract', () => {
  it.each(['%', '%zz', '%c0%ae'])('a path id %s is 400 with a numeric code', async (id) => {
    const r = await rawRequest(srv.port, `/api/v1/sessions/${id}`, {
      headers: { authorization: `Bearer ${srv.admin}` },
    });
    expectContractError(r.status, r.body, { status: 400, field: 'path' });
  });

  it('an id over 100 characters is a contract error, not 414 FST_ERR_MAX_PARAM_LENGTH', async () => {
    const r = await srv.api(`/api/v1/sessions/${'a'.repeat(300)}`);
    expectContractError(r.status, r.body);
  });

  it('oversized headers are 431 with a numeric code', async () => {
    const r = await rawExchange(
      `GET /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expectContractError(r.status, r.body, { status: 431 });
  });

  it.each([
    ['bad JSON', '{"title":'],
    ['an empty JSON body', ''],
  ])('%s is 400 naming body', async (_what, body) => {
    const r = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expectContractError(r.status, r.body, { status: 400, field: 'body' });
  });

  it('an unsupported content type is 415 naming body', async () => {
    const r = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<a/>',
    });
    expectContractError(r.status, r.body, { status: 415, field: 'body' });
  });
});
