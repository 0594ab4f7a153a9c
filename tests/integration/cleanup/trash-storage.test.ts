/**
 * The trash and the storage view over HTTP on a real library: trashed sessions leave lists, search, counters and
 * exports, their analysis stops, their files stay; restore brings the former status back; delete for good and
 * empty go through the DeletionService; the scheduled cleanup purges past `trash_retention_days`; storage figures
 * come from the counters and the OS.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, TestClock, type TestServer } from '../../helpers/server.js';
import { addSession } from './fixtures.js';

const DAY = 86_400_000;
const clock = new TestClock(Date.now());
let server: TestServer;
let media: string;

beforeAll(async () => {
  server = await startTestServer({ clock });
  media = tempDir('filmroom-media-');
});
afterAll(async () => {
  await server.close();
});

async function importVideo(title: string, seconds = 1): Promise<string> {
  const r = await server.api('/api/v1/sessions/import', {
    method: 'POST',
    json: { path: makeVideo(media, undefined, seconds), title },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  const id = r.body.sessions[0].id as string;
  for (let i = 0; i < 600; i += 1) {
    const s = await server.api(`/api/v1/sessions/${id}`);
    if (s.body.status === 'uploaded') return id;
    await sleep(50);
  }
  throw new Error('import did not finish');
}

const listIds = async (query: Record<string, string> = {}) =>
  (
    (await server.api('/api/v1/sessions', { query: { exclude_failed: 'false', ...query } })).body.items as {
      id: string;
    }[]
  ).map((s) => s.id);

describe('trash', () => {
  it('hides a trashed session everywhere, stops its analysis, keeps its files; restore brings it back', async () => {
    const id = await importVideo('Quarterly review with Zanzibar', 20);
    const row = server.app.services.sessions.get(id)!;
    const files = server.app.services.sessions.files(id).map((f) => join(server.app.paths.libraryDir, f.path));
    const storageBefore = (await server.api('/api/v1/storage')).body;
    const analyze = await server.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' });
    expect(analyze.status).toBe(202);

    const del = await server.api(`/api/v1/sessions/${id}`, { method: 'DELETE', query: { trash: true } });
    expect(del.status).toBe(204);
    expect(await listIds()).not.toContain(id);
    expect(await listIds({ q: 'Zanzibar' })).not.toContain(id);
    expect((await server.api('/api/v1/sessions/export.csv')).text).not.toContain(id);
    expect((await server.api(`/api/v1/sessions/${id}`)).status).toBe(404);
    expect((await server.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' })).status).toBe(404);
    const active = server.app.db
      .prepare("SELECT COUNT(*) FROM jobs WHERE session_id = ? AND state IN ('queued','running')")
      .pluck()
      .get(id);
    expect(active).toBe(0);
    for (const f of files) expect(existsSync(f), f).toBe(true);

    const storage = (await server.api('/api/v1/storage')).body;
    expect(storage.sessions).toBe(storageBefore.sessions - 1);
    expect(storage.library_bytes).toBe(storageBefore.library_bytes - row.size);
    expect(storage.trash_bytes).toBe(storageBefore.trash_bytes + row.size);

    const trash = await server.api('/api/v1/trash');
    expect(trash.status).toBe(200);
    const item = trash.body.items.find((i: { id: string }) => i.id === id);
    expect(item.status).toBe('uploaded');
    expect(item.deleted_at).toBe(clock.now().toISOString());
    expect(Date.parse(item.purge_at) - Date.parse(item.deleted_at)).toBe(30 * DAY);
    expect(trash.body.bytes).toBeGreaterThanOrEqual(row.size);

    const restored = await server.api(`/api/v1/trash/${id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    expect(restored.body.id).toBe(id);
    expect(restored.body.status).toBe('uploaded');
    expect(await listIds({ q: 'Zanzibar' })).toContain(id);
    expect((await server.api('/api/v1/storage')).body.trash_bytes).toBe(storageBefore.trash_bytes);
    expect((await server.api(`/api/v1/trash/${id}/restore`, { method: 'POST' })).status).toBe(404);
  });

  it('delete for good and empty go through the full delete: rows and files gone', async () => {
    const a = await importVideo('Trash A');
    const b = await importVideo('Trash B');
    for (const id of [a, b])
      expect((await server.api(`/api/v1/sessions/${id}`, { method: 'DELETE', query: { trash: 'true' } })).status).toBe(
        204,
      );
    expect((await server.api(`/api/v1/trash/${a}`, { method: 'DELETE' })).status).toBe(204);
    expect(server.app.services.sessions.get(a)).toBeUndefined();
    expect(existsSync(join(server.app.paths.libraryDir, a))).toBe(false);
    const empty = await server.api('/api/v1/trash', { method: 'DELETE' });
    expect(empty.status).toBe(200);
    expect(empty.body.deleted_count).toBeGreaterThanOrEqual(1);
    expect(empty.body.bytes_freed).toBeGreaterThan(0);
    expect(server.app.services.sessions.get(b)).toBeUndefined();
    expect((await server.api('/api/v1/trash')).body).toMatchObject({ items: [], total: 0, bytes: 0 });
    expect((await server.api('/api/v1/storage')).body.trash_bytes).toBe(0);
    expect((await server.api('/api/v1/trash/ses_doesnotexist', { method: 'DELETE' })).status).toBe(404);
    expect((await server.api('/api/v1/trash/..%2F..', { method: 'DELETE' })).status).toBe(400);
  });

  it('without ?trash the delete stays immediate', async () => {
    const id = await importVideo('Immediate');
    expect((await server.api(`/api/v1/sessions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(server.app.services.sessions.get(id)).toBeUndefined();
    expect((await server.api('/api/v1/trash')).body.total).toBe(0);
  });

  it('a coach sees and restores only their own trash', async () => {
    const now = clock.now().getTime();
    const mine = addSession(server.app, now, { coachId: 'coach-a' });
    const theirs = addSession(server.app, now, { coachId: 'coach-b' });
    for (const s of [mine, theirs])
      expect((await server.api(`/api/v1/sessions/${s.id}`, { method: 'DELETE', query: { trash: true } })).status).toBe(
        204,
      );
    const coach = server.app.tokens.createCoachToken('coach-a');
    const list = await server.api('/api/v1/trash', { token: coach });
    expect(list.body.items.map((i: { id: string }) => i.id)).toEqual([mine.id]);
    expect((await server.api(`/api/v1/trash/${theirs.id}/restore`, { method: 'POST', token: coach })).status).toBe(404);
    expect((await server.api(`/api/v1/trash/${theirs.id}`, { method: 'DELETE', token: coach })).status).toBe(404);
    expect((await server.api(`/api/v1/trash/${mine.id}/restore`, { method: 'POST', token: coach })).status).toBe(200);
    expect((await server.api('/api/v1/storage', { token: coach })).body.trash_bytes).toBe(0);
  });

  it('the cleanup purges items older than trash_retention_days, and only those', async () => {
    const now = clock.now().getTime();
    const old = addSession(server.app, now);
    const recent = addSession(server.app, now);
    await server.api(`/api/v1/sessions/${old.id}`, { method: 'DELETE', query: { trash: true } });
    clock.advanceDays(31);
    await server.api(`/api/v1/sessions/${recent.id}`, { method: 'DELETE', query: { trash: true } });
    const dry = await server.api('/api/admin/cleanup/all', { method: 'POST', query: { dry_run: true } });
    expect(dry.body.trash_purged).toContain(old.id);
    expect(dry.body.trash_purged).not.toContain(recent.id);
    expect(server.app.services.sessions.get(old.id)).toBeDefined();
    const real = await server.api('/api/admin/cleanup/all', { method: 'POST' });
    expect(real.body.trash_purged).toContain(old.id);
    expect(server.app.services.sessions.get(old.id)).toBeUndefined();
    expect(server.app.services.sessions.get(recent.id)?.status).toBe('trashed');
  });
});

describe('storage', () => {
  it('answers docs/api.md fields, disk figures from the OS, and a quota warning near the quota', async () => {
    const res = await server.api('/api/v1/storage');
    expect(res.status).toBe(200);
    expect(res.body.disk.total).toBeGreaterThan(0);
    expect(res.body.disk.free).toBeGreaterThan(0);
    expect(res.body.disk.free).toBeLessThanOrEqual(res.body.disk.total);
    expect(res.body.s3).toBeNull();
    expect(res.body.quota_bytes).toBeNull();
    const sum = Object.values(res.body.by_status as Record<string, { bytes: number }>).reduce((a, b) => a + b.bytes, 0);
    expect(res.body.library_bytes).toBe(sum);
    const used = res.body.library_bytes + res.body.trash_bytes;
    const quota = await server.api('/api/v1/storage/quota', {
      method: 'PUT',
      json: { quota_bytes: Math.ceil(used / 0.95) },
    });
    expect(quota.status).toBe(200);
    expect(quota.body.quota_warning).toMatch(/% of its quota/);
    const bad = await server.api('/api/v1/storage/quota', { method: 'PUT', json: { quota_bytes: -5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('quota_bytes');
    const coach = server.app.tokens.createCoachToken('coach-z');
    expect(
      (await server.api('/api/v1/storage/quota', { method: 'PUT', token: coach, json: { quota_bytes: 1 } })).status,
    ).toBe(403);
  });
});
