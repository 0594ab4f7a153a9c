/** Issue 11 item 10: settings (watch-folder paths among them) are read and changed with an admin token only. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

describe('settings access', () => {
  it('a coach token gets 403 and no watch-folder path', async () => {
    const coach = srv.app.tokens.createCoachToken('c1');
    const r = await srv.api('/api/v1/settings', { token: coach });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 403 });
    expect(r.text).not.toContain('watch_folders');
    const patch = await srv.api('/api/v1/settings', { method: 'PATCH', token: coach, json: { watch_enabled: true } });
    expect(patch.status).toBe(403);
  });

  it('an admin token reads them, with the URL-import address setting off by default', async () => {
    const r = await srv.api('/api/v1/settings');
    expect(r.status).toBe(200);
    expect(Array.isArray(r.body.watch_folders)).toBe(true);
    expect(r.body.url_import_allow_local).toBe(false);
  });
});
