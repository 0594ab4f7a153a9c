/**
 * Review round 2, item 6: `GET /trash` is paginated like the sessions list — `limit`, `offset`, `cursor` and
 * `next_cursor` — while `total` and `bytes` stay the whole trash's. Real HTTP server, real SQLite.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TestClock, type TestServer } from '../../helpers/server.js';
import { addSession } from './fixtures.js';

const clock = new TestClock(Date.now());
let server: TestServer;
const trashed: { id: string; bytes: number }[] = [];

beforeAll(async () => {
  server = await startTestServer({ clock });
  const now = clock.now().getTime();
  for (let i = 0; i < 9; i += 1) {
    const s = addSession(server.app, now, {
      coachId: i % 3 === 0 ? 'coach-x' : 'default',
      files: [{ name: 'recording.mp4', content: 'v'.repeat(100 + i) }],
    });
    // Pairs trashed at the same instant: the cursor must break ties by id, never skip or repeat one.
    if (i % 2 === 0) clock.set(clock.now().getTime() + 60_000);
    const r = await server.api(`/api/v1/sessions/${s.id}`, { method: 'DELETE', query: { trash: true } });
    expect(r.status).toBe(204);
    trashed.push({ id: s.id, bytes: 100 + i });
  }
});
afterAll(async () => {
  await server?.close();
});

describe('GET /trash pages', () => {
  it('follows next_cursor through every item exactly once, newest first; total and bytes are the whole trash', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const r = await server.api('/api/v1/trash', { query: { limit: 2, cursor } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.items.length).toBeLessThanOrEqual(2);
      expect(r.body.total).toBe(9);
      expect(r.body.bytes).toBe(trashed.reduce((sum, t) => sum + t.bytes, 0));
      expect(r.body.limit).toBe(2);
      seen.push(...r.body.items.map((i: { id: string }) => i.id));
      pages += 1;
      if (!r.body.next_cursor) break;
      cursor = r.body.next_cursor;
    }
    expect(pages).toBe(5);
    expect(new Set(seen).size).toBe(9);
    const all = await server.api('/api/v1/trash', { query: { limit: 500 } });
    expect(all.body.items.map((i: { id: string }) => i.id)).toEqual(seen);
    expect(all.body.next_cursor).toBeNull();
    const deleted = all.body.items.map((i: { deleted_at: string }) => i.deleted_at);
    expect([...deleted].sort().reverse()).toEqual(deleted);
  });

  it('pages by offset too, defaults to 50 a page, and scopes a coach to its own trash', async () => {
    const all = (await server.api('/api/v1/trash', { query: { limit: 500 } })).body.items.map(
      (i: { id: string }) => i.id,
    );
    const page = await server.api('/api/v1/trash', { query: { limit: 4, offset: 4 } });
    expect(page.body.items.map((i: { id: string }) => i.id)).toEqual(all.slice(4, 8));
    expect(page.body.offset).toBe(4);
    expect((await server.api('/api/v1/trash')).body.limit).toBe(50);
    const coach = server.app.tokens.createCoachToken('coach-x');
    const mine = await server.api('/api/v1/trash', { token: coach, query: { limit: 2 } });
    expect(mine.body.total).toBe(3);
    expect(mine.body.items).toHaveLength(2);
    expect(mine.body.next_cursor).toEqual(expect.any(String));
  });

  it('answers a bad limit or cursor with 400 naming the field', async () => {
    const limit = await server.api('/api/v1/trash', { query: { limit: 0 } });
    expect(limit.status).toBe(400);
    expect(limit.body.field).toBe('limit');
    const cursor = await server.api('/api/v1/trash', { query: { cursor: 'not-a-cursor' } });
    expect(cursor.status).toBe(400);
    expect(cursor.body).toMatchObject({ code: 400, field: 'cursor' });
  });

  it('empties the whole trash, not one page', async () => {
    const r = await server.api('/api/v1/trash', { method: 'DELETE' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.deleted_count).toBe(9);
    expect((await server.api('/api/v1/trash')).body.total).toBe(0);
  });
});
