/**
 * Issue 21: dates beyond what a library can hold are a 400 naming the field (they were a 500, and export.csv reset
 * the connection), and a cursor the server did not make is a 400 (a well-formed forged one was obeyed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: 120, seed: 2, now: new Date('2026-06-01T00:00:00Z') });
}, 60_000);
afterAll(async () => {
  await srv?.close();
});

describe('list bounds', () => {
  it('a date beyond the representable range is a 400 naming the field, on the list and the CSV export', async () => {
    for (const path of ['/api/v1/sessions', '/api/v1/sessions/export.csv'])
      for (const [field, value] of [
        ['from', '9999-12-31T23:59:59.999Z'],
        ['to', '9999-12-31'],
        ['from', '2150-01-01'],
        ['to', '1969-12-31T23:59:59Z'],
      ] as const) {
        for (const sort of ['-recorded_at', 'title']) {
          const r = await srv.api(path, { query: { [field]: value, sort, q: sort === 'title' ? 'check' : undefined } });
          expect(r.status, `${path} ${field}=${value}: ${r.text}`).toBe(400);
          expect(JSON.parse(r.text)).toMatchObject({ code: 400, field });
        }
      }
    const ok = await srv.api('/api/v1/sessions', { query: { from: '1970-01-01', to: '2099-12-31', q: 'check' } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body.total).toBeGreaterThan(0);
  });

  it('a cursor the server did not make is a 400; its own cursors walk', async () => {
    const forged = Buffer.from(JSON.stringify(['-recorded_at', 5, 'ses_x', 999999999])).toString('base64url');
    const r = await srv.api('/api/v1/sessions', { query: { cursor: forged } });
    expect(r.status, r.text).toBe(400);
    expect(r.body.field).toBe('cursor');
    const first = await srv.api('/api/v1/sessions', { query: { limit: 5, q: 'check', sort: 'title' } });
    const next = await srv.api('/api/v1/sessions', {
      query: { limit: 5, q: 'check', sort: 'title', cursor: first.body.next_cursor },
    });
    expect(next.status, next.text).toBe(200);
    expect(next.body.offset).toBe(5);
    const tampered = `${first.body.next_cursor.split('.')[0]}.${'A'.repeat(22)}`;
    const bad = await srv.api('/api/v1/sessions', { query: { limit: 5, q: 'check', sort: 'title', cursor: tampered } });
    expect(bad.status).toBe(400);
  });
});
