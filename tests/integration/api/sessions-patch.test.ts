/** PATCH /api/v1/sessions/{id} success paths, include_transcript / transcript search, and delete confinement. */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscriptsRepository } from '../../../main/library/index.js';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, TestClock, type TestServer, type Loose } from '../../helpers/server.js';

let srv: TestServer;
let id: string;
const clock = new TestClock(Date.parse('2026-04-01T09:00:00.000Z'));

beforeAll(async () => {
  srv = await startTestServer({ clock });
  const r = await srv.api('/api/v1/sessions/import', {
    method: 'POST',
    json: { path: makeVideo(tempDir()), title: 'Before', client: 'Old client' },
  });
  expect(r.status).toBe(202);
  id = r.body.sessions[0].id;
});
afterAll(async () => {
  await srv?.close();
});

describe('PATCH /api/v1/sessions/{id}', () => {
  it('edits title, client, participants, notes and tags, and bumps updated_at', async () => {
    const before = (await srv.api(`/api/v1/sessions/${id}`)).body;
    clock.set('2026-04-02T10:30:00.000Z');
    const r = await srv.api(`/api/v1/sessions/${id}`, {
      method: 'PATCH',
      json: {
        title: '  Quarterly review  ',
        client: 'Mia Novak',
        participants: [
          { name: 'Ana Ruiz', role: 'coach' },
          { name: 'Mia Novak', role: 'client' },
          { name: 'Mia Novak', role: 'client' },
        ],
        notes: 'Follow up on goals',
        tags: ['q2', 'goals', 'q2'],
      },
    });
    expect(r.status).toBe(200);
    const s = r.body;
    expect(s).toMatchObject({ id, title: 'Quarterly review', client: 'Mia Novak', notes: 'Follow up on goals' });
    expect(s.participants).toEqual([
      { name: 'Ana Ruiz', role: 'coach' },
      { name: 'Mia Novak', role: 'client' },
    ]);
    expect(s.tags).toEqual(['q2', 'goals']);
    expect(s.updated_at).toBe('2026-04-02T10:30:00.000Z');
    expect(s.created_at).toBe(before.created_at);
    // persisted: a fresh GET answers the same
    expect((await srv.api(`/api/v1/sessions/${id}`)).body).toMatchObject({
      title: 'Quarterly review',
      tags: ['q2', 'goals'],
    });
  });

  it('a partial edit leaves the other fields alone; a participant role defaults to participant', async () => {
    const r = await srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { participants: [{ name: 'Guest' }] } });
    expect(r.status).toBe(200);
    expect(r.body.title).toBe('Quarterly review');
    expect(r.body.participants).toEqual([{ name: 'Guest', role: 'participant' }]);
  });

  it('edits are searchable at once (full-text index follows title, client and participants)', async () => {
    await srv.api(`/api/v1/sessions/${id}`, {
      method: 'PATCH',
      json: { title: 'Xylophone practice', participants: [{ name: 'Quentin Blake' }] },
    });
    for (const q of ['xylo', 'quentin', 'blak']) {
      const r = await srv.api('/api/v1/sessions', { query: { q } });
      expect(
        r.body.items.map((s: Loose) => s.id),
        q,
      ).toEqual([id]);
    }
    const old = await srv.api('/api/v1/sessions', { query: { q: 'quarterly' } });
    expect(old.body.total).toBe(0);
  });

  it('an empty PATCH answers the unchanged session', async () => {
    const before = (await srv.api(`/api/v1/sessions/${id}`)).body;
    const r = await srv.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: {} });
    expect(r.status).toBe(200);
    expect(r.body.title).toBe(before.title);
  });
});

describe('transcripts in the list', () => {
  it('q also searches transcript text, and include_transcript returns the segments', async () => {
    // Through the transcripts repository, as imports store a transcript (it keeps the words search indexes).
    new TranscriptsRepository(srv.app.db).replaceSegments(id, [
      { start: 1.5, end: 4, speaker: 'Ana', text: 'We talked about the saxophone recital' },
    ]);
    const found = await srv.api('/api/v1/sessions', { query: { q: 'saxoph' } });
    expect(found.body.items.map((s: Loose) => s.id)).toEqual([id]);
    expect(found.body.total).toBe(1);
    expect(found.body.items[0].transcript).toBeUndefined();
    const withText = await srv.api('/api/v1/sessions', { query: { q: 'saxophone', include_transcript: true } });
    expect(withText.body.items[0].transcript).toEqual([
      { start: 1.5, end: 4, speaker: 'Ana', text: 'We talked about the saxophone recital' },
    ]);
  });
});

describe('delete confinement', () => {
  it('a managed file row pointing outside the library is never deleted; the session still goes (204)', async () => {
    const outside = join(srv.dataDir, 'outside.txt');
    writeFileSync(outside, 'not the library’s to delete');
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: makeVideo(tempDir()) } });
    const victim = r.body.sessions[0].id;
    srv.app.db
      .prepare(
        "INSERT INTO session_files (session_id, kind, name, path, managed, size, created_at) VALUES (?, 'other', 'x', '../outside.txt', 1, 10, ?)",
      )
      .run(victim, clock.now().toISOString());
    srv.app.db
      .prepare(
        "INSERT INTO session_files (session_id, kind, name, path, managed, size, created_at) VALUES (?, 'other', 'y', ?, 1, 10, ?)",
      )
      .run(victim, outside, clock.now().toISOString());
    const del = await srv.api(`/api/v1/sessions/${victim}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(existsSync(outside)).toBe(true);
    expect(existsSync(join(srv.app.paths.libraryDir, victim))).toBe(false);
    const audit = JSON.parse(
      srv.app.db.prepare('SELECT details FROM audit_log WHERE session_id = ?').pluck().get(victim) as string,
    );
    expect(audit.errors.length).toBeGreaterThanOrEqual(1);
  });
});

describe('api-token file', () => {
  it('an existing token file with loose permissions is tightened to 0600 and keeps its token', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'api-token'), 'my-own-admin-token\n', { mode: 0o644 });
    const other = await startTestServer({ dataDir: d });
    try {
      const { statSync } = await import('node:fs');
      expect(statSync(join(d, 'api-token')).mode & 0o777).toBe(0o600);
      expect(other.admin).toBe('my-own-admin-token');
      expect((await other.api('/api/v1/sessions', { token: 'my-own-admin-token' })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});
