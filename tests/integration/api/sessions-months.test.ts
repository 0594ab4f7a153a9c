/**
 * GET /api/v1/sessions/months (the timeline scrubber): counts per month of recording for the list's filters. The
 * oracle is the list itself: every month's count equals the list `total` for that month's `from`/`to`, and the
 * counts add up to the list's total.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { startTestServer, type TestServer, type Loose } from '../../helpers/server.js';

const NOW = new Date('2026-06-15T12:00:00.000Z');
let srv: TestServer;

async function get(path: string, query: Record<string, string | number | boolean | undefined> = {}) {
  const r = await srv.api(path, { query });
  return r as { status: number; body: Loose };
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: 1500, seed: 7, now: NOW });
});
afterAll(async () => {
  await srv?.close();
});

describe('GET /api/v1/sessions/months', () => {
  it('counts each month as the list does, newest first, summing to the total', async () => {
    const months = await get('/api/v1/sessions/months');
    expect(months.status).toBe(200);
    const items = months.body.items as { month: string; count: number }[];
    expect(items.length).toBeGreaterThan(2);
    expect(items.map((m) => m.month)).toEqual([...items.map((m) => m.month)].sort().reverse());
    const list = await get('/api/v1/sessions', { limit: 1 });
    expect(months.body.total).toBe(list.body.total);
    expect(items.reduce((n, m) => n + m.count, 0)).toBe(list.body.total);
    for (const m of [items[0]!, items[Math.floor(items.length / 2)]!, items.at(-1)!]) {
      const one = await get('/api/v1/sessions', { limit: 1, from: `${m.month}-01`, to: monthEnd(m.month) });
      expect(one.body.total, m.month).toBe(m.count);
    }
  });

  it('honours the list filters', async () => {
    for (const query of [{ platform: 'zoom' }, { exclude_failed: false }, { status_filter: 'failed' }]) {
      const months = await get('/api/v1/sessions/months', query);
      const list = await get('/api/v1/sessions', { ...query, limit: 1 });
      expect(months.body.total, JSON.stringify(query)).toBe(list.body.total);
    }
  });

  it('answers a month count the list then agrees with after a change', async () => {
    const before = await get('/api/v1/sessions/months');
    seedLibrary(srv.app.db, { sessions: 10, seed: 8, now: NOW });
    const after = await get('/api/v1/sessions/months');
    const list = await get('/api/v1/sessions', { limit: 1 });
    expect(after.body.total).toBe(list.body.total);
    expect(after.body.total).toBeGreaterThan(before.body.total);
  });

  it("counts the months of the coach's time zone when asked (tz), as the sessions' local dates say", async () => {
    const recorded: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await get('/api/v1/sessions', { limit: 500, ...(cursor ? { cursor } : {}) });
      recorded.push(...(page.body.items as { recorded_at: string }[]).map((s) => s.recorded_at));
      cursor = (page.body.next_cursor as string | null) ?? undefined;
    } while (cursor);
    for (const tz of ['America/New_York', 'Asia/Kolkata', 'Pacific/Auckland', 'UTC']) {
      const local = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit' });
      const expected = new Map<string, number>();
      for (const at of recorded) {
        const month = local.format(new Date(at)).slice(0, 7);
        expected.set(month, (expected.get(month) ?? 0) + 1);
      }
      const months = await get('/api/v1/sessions/months', { tz });
      expect(months.status, tz).toBe(200);
      const want = [...expected].sort((a, b) => (a[0] < b[0] ? 1 : -1)).map(([month, count]) => ({ month, count }));
      expect(months.body.items, tz).toEqual(want);
      expect(months.body.total, tz).toBe(recorded.length);
    }
    // The seed's sessions cross month ends in some zone: the zones' answers are not all the UTC one.
    const utc = await get('/api/v1/sessions/months');
    const auckland = await get('/api/v1/sessions/months', { tz: 'Pacific/Auckland' });
    expect(auckland.body.items).not.toEqual(utc.body.items);
  });

  it('refuses a search or a sort by name (400), not with a 500', async () => {
    for (const query of [{ q: 'coaching' }, { sort: 'title' }, { platform: 'fax' }, { tz: 'Mars/Olympus' }]) {
      const r = await get('/api/v1/sessions/months', query);
      expect(r.status, JSON.stringify(query)).toBe(400);
      expect(r.body.code).toBe(400);
    }
  });
});
