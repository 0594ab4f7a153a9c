/**
 * Failed-session cleanup goes through the DeletionService and picks exactly the set of
 * DELETE /sessions/bulk?status_filter=failed&older_than_days=N&dry_run=true; the config comes from the environment
 * over the stored settings over the defaults, each with its source, and PUT validates naming the field.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestClock, type TestServer } from '../../helpers/server.js';
import { addSession, listing } from './fixtures.js';

const DAY = 86_400_000;
const clock = new TestClock(Date.now());
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ clock, env: { ...process.env, TRASH_RETENTION_DAYS: '14' } });
});
afterAll(async () => {
  await server.close();
});

describe('failed-sessions cleanup', () => {
  it('previews exactly the bulk-delete dry-run set, then deletes it as DELETE /sessions/{id} does', async () => {
    const now = clock.now().getTime();
    const old = (days: number) => new Date(now - days * DAY).toISOString();
    const oldFailed = [1, 2, 3].map(() => addSession(server.app, now, { status: 'failed', createdAt: old(10) }));
    const youngFailed = addSession(server.app, now, { status: 'failed', createdAt: old(2) });
    const oldReady = addSession(server.app, now, { status: 'ready', createdAt: old(40) });
    const lib = server.app.paths.libraryDir;

    const bulk = await server.api('/api/v1/sessions/bulk', {
      method: 'DELETE',
      query: { status_filter: 'failed', older_than_days: 7, dry_run: true },
    });
    expect(bulk.status).toBe(200);
    const before = listing(lib);
    const dry = await server.api('/api/admin/cleanup/failed-sessions', { method: 'POST', query: { dry_run: 'true' } });
    expect(dry.status).toBe(200);
    expect(listing(lib)).toEqual(before);
    expect([...dry.body.failed_sessions_cleaned].sort()).toEqual(oldFailed.map((s) => s.id).sort());
    expect(dry.body.failed_sessions_count).toBe(bulk.body.deleted_count);
    expect(Math.round((bulk.body.bytes_freed / 1_048_576) * 100) / 100).toBe(dry.body.total_space_freed_mb);

    const real = await server.api('/api/admin/cleanup/failed-sessions', { method: 'POST' });
    expect(real.status).toBe(200);
    expect([...real.body.failed_sessions_cleaned].sort()).toEqual(oldFailed.map((s) => s.id).sort());
    for (const s of oldFailed) {
      expect((await server.api(`/api/v1/sessions/${s.id}`)).status).toBe(404);
      expect(existsSync(join(lib, s.id))).toBe(false);
      const audit = server.app.db
        .prepare("SELECT details FROM audit_log WHERE session_id = ? AND action = 'session.delete'")
        .pluck()
        .get(s.id) as string;
      expect(JSON.parse(audit).reason).toMatch(/cleanup: failed for more than 7 day/);
    }
    for (const s of [youngFailed, oldReady]) {
      expect((await server.api(`/api/v1/sessions/${s.id}`)).status).toBe(200);
      for (const p of s.paths) expect(existsSync(join(lib, p))).toBe(true);
    }
  });

  it('uses the configured retention', async () => {
    const now = clock.now().getTime();
    const s = addSession(server.app, now, { status: 'failed', createdAt: new Date(now - 3 * DAY).toISOString() });
    const put = await server.api('/api/admin/cleanup/config', {
      method: 'PUT',
      json: { failed_session_retention_days: 2 },
    });
    expect(put.status).toBe(200);
    const dry = await server.api('/api/admin/cleanup/all', { method: 'POST', query: { dry_run: true } });
    expect(dry.body.failed_sessions_cleaned).toEqual([s.id]);
    await server.api('/api/admin/cleanup/config', { method: 'PUT', json: { failed_session_retention_days: 7 } });
  });
});

describe('cleanup config', () => {
  it('answers docs/api.md defaults with their source; the environment wins over stored settings', async () => {
    const res = await server.api('/api/admin/cleanup/config');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      orphaned_file_retention_hours: 24,
      library_dir: server.app.paths.libraryDir,
      auto_cleanup_on_startup: false,
      cleanup_schedule_hour: 3,
      trash_retention_days: 14,
    });
    expect(res.body.source).toMatchObject({
      orphaned_file_retention_hours: 'default',
      trash_retention_days: 'env',
      failed_session_retention_days: 'settings', // stored by the test above
    });
    const put = await server.api('/api/admin/cleanup/config', {
      method: 'PUT',
      json: { trash_retention_days: 3, cleanup_schedule_hour: 5 },
    });
    expect(put.status).toBe(200);
    expect(put.body.trash_retention_days).toBe(14);
    expect(put.body.source.trash_retention_days).toBe('env');
    expect(put.body.cleanup_schedule_hour).toBe(5);
    expect(put.body.source.cleanup_schedule_hour).toBe('settings');
  });

  it('PUT refuses bad values with 400 naming the field, and stores nothing of a bad request', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ cleanup_schedule_hour: 24 }, 'cleanup_schedule_hour'],
      [{ cleanup_schedule_hour: 'three' }, 'cleanup_schedule_hour'],
      [{ orphaned_file_retention_hours: 0 }, 'orphaned_file_retention_hours'],
      [{ failed_session_retention_days: -1 }, 'failed_session_retention_days'],
      [{ auto_cleanup_on_startup: 'yes' }, 'auto_cleanup_on_startup'],
      [{ trash_retention_days: 1.5 }, 'trash_retention_days'],
      [{ library_dir: '/tmp' }, 'library_dir'],
    ];
    for (const [json, field] of cases) {
      const res = await server.api('/api/admin/cleanup/config', {
        method: 'PUT',
        json: { orphaned_file_retention_hours: 48, ...json },
      });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.field, JSON.stringify(json)).toBe(field);
      expect(res.body.error).toContain(field);
    }
    const after = await server.api('/api/admin/cleanup/config');
    expect(after.body.orphaned_file_retention_hours).toBe(24);
  });
});
