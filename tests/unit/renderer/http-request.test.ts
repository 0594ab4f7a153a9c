import { describe, expect, it } from 'vitest';
import { ApiError, contract } from '../../../shared/contract/index.js';
import { buildHttpRequest, interpretResponse, toQueryString } from '../../../renderer/api/http-request.js';

const BASE = 'http://127.0.0.1:47800';

describe('buildHttpRequest', () => {
  it('puts GET input in the query string, skipping undefined, with the bearer token', () => {
    const spec = buildHttpRequest(
      contract.sessions.list,
      { limit: 200, exclude_failed: false, q: undefined, status_filter: 'failed' },
      BASE,
      'tok',
    );
    expect(spec).toEqual({
      url: `${BASE}/api/v1/sessions?limit=200&exclude_failed=false&status_filter=failed`,
      method: 'GET',
      headers: { accept: 'application/json', authorization: 'Bearer tok' },
    });
  });

  it('fills {id} from the input, encoded, and does not repeat it in the query', () => {
    const spec = buildHttpRequest(contract.sessions.get, { id: 'ses/1 x' }, `${BASE}/`, null);
    expect(spec.url).toBe(`${BASE}/api/v1/sessions/ses%2F1%20x`);
    expect(spec.headers.authorization).toBeUndefined();
  });

  it('sends DELETE input as a query (bulk delete filters)', () => {
    const spec = buildHttpRequest(
      contract.sessions.bulkDelete,
      { status_filter: 'failed', older_than_days: 7, dry_run: true },
      BASE,
      't',
    );
    expect(spec.method).toBe('DELETE');
    expect(spec.url).toBe(`${BASE}/api/v1/sessions/bulk?status_filter=failed&older_than_days=7&dry_run=true`);
    expect(spec.body).toBeUndefined();
    expect(spec.headers['content-type']).toBeUndefined();
  });

  it('sends POST and PATCH input as a JSON body', () => {
    const imp = buildHttpRequest(
      contract.sessions.import,
      { path: '/a/b.mp4', copy: true, title: undefined },
      BASE,
      't',
    );
    expect(imp).toMatchObject({
      url: `${BASE}/api/v1/sessions/import`,
      method: 'POST',
      body: '{"path":"/a/b.mp4","copy":true}',
    });
    expect(imp.headers['content-type']).toBe('application/json');
    const patch = buildHttpRequest(contract.sessions.update, { id: 'ses_1', tags: ['a', 'b'] }, BASE, 't');
    expect(patch).toMatchObject({ url: `${BASE}/api/v1/sessions/ses_1`, method: 'PATCH', body: '{"tags":["a","b"]}' });
  });

  it('asks for CSV from text/csv operations', () => {
    expect(buildHttpRequest(contract.sessions.exportCsv, {}, BASE, 't').headers.accept).toBe('text/csv');
  });

  it('refuses a missing path parameter before any request', () => {
    expect(() => buildHttpRequest(contract.sessions.remove, {}, BASE, 't')).toThrow(ApiError);
  });
});

describe('toQueryString', () => {
  it('repeats arrays and writes objects as JSON', () => {
    expect(toQueryString({ tag: ['a', 'b'], f: { x: 1 }, n: null })).toBe('tag=a&tag=b&f=%7B%22x%22%3A1%7D');
  });
});

describe('interpretResponse', () => {
  const ok = { statusText: 'OK', contentType: 'application/json; charset=utf-8' };

  it('reads 204 as null, JSON as data and text/csv as text', () => {
    expect(interpretResponse({ ...ok, status: 204, text: '' })).toBeNull();
    expect(interpretResponse({ ...ok, status: 200, text: '{"a":1}' })).toEqual({ a: 1 });
    expect(
      interpretResponse({ status: 200, statusText: 'OK', contentType: 'text/csv; charset=utf-8', text: 'id\n1\n' }),
    ).toBe('id\n1\n');
  });

  it('throws the API error body as an ApiError with its details', () => {
    const text = JSON.stringify({ error: 'Already in your library: "X"', code: 409, existing_title: 'X' });
    try {
      interpretResponse({ ...ok, status: 409, statusText: 'Conflict', text });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({
        status: 409,
        message: 'Already in your library: "X"',
        details: { existing_title: 'X' },
      });
    }
  });

  it('falls back to the status text for a body that is not an error body', () => {
    expect(() =>
      interpretResponse({ status: 502, statusText: 'Bad Gateway', contentType: 'text/html', text: '<h1>' }),
    ).toThrow('Bad Gateway');
  });
});
