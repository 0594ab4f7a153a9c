/**
 * Search through HTTP on a seeded library: newest-first results that equal the rows' own answer, keyset pages with
 * no gaps, bounded totals flagged `total_is_lower_bound`, snippets marking the matched words, relevance order,
 * sorted searches equal to a full sort, and combined filters served by `sessions_search`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { searchWords } from '../../../main/library/sessions/search-query.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
interface Row {
  id: string;
  title: string;
  client: string;
  participants_text: string;
  status: string;
  platform: string;
  coach_id: string;
  recorded_at: string;
  size: number;
}
let rows: Row[];
const N = 24_000;

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: N, seed: 23, now: new Date('2026-06-01T00:00:00Z') });
  rows = srv.app.db
    .prepare('SELECT id, title, client, participants_text, status, platform, coach_id, recorded_at, size FROM sessions')
    .all() as Row[];
}, 120_000);
afterAll(async () => {
  await srv?.close();
});

const list = async (query: Record<string, string | number | boolean>): Promise<Loose> => {
  const r = await srv.api('/api/v1/sessions', { query });
  expect(r.status, r.text).toBe(200);
  return r.body;
};
const matches = (r: Row, q: string) => {
  const words = searchWords(q);
  const tokens = searchWords(`${r.title} ${r.client} ${r.participants_text}`);
  return words.every((w, i) => (i === words.length - 1 ? tokens.some((t) => t.startsWith(w)) : tokens.includes(w)));
};
const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe('search', () => {
  it('answers newest first (by recording second) exactly the rows that match, walking pages by keyset', async () => {
    const client = rows[5]!.client;
    const expected = rows.filter((r) => r.status !== 'failed' && matches(r, client));
    expect(expected.length).toBeGreaterThan(10);
    const ids: string[] = [];
    let cursor: string | null = null;
    let last = Infinity;
    do {
      const page: Loose = await list({ q: client, limit: 7, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(expected.length);
      expect(page.total_is_lower_bound).toBe(false);
      for (const item of page.items) {
        expect(second(item.recorded_at)).toBeLessThanOrEqual(last);
        last = second(item.recorded_at);
        ids.push(item.id);
      }
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expected.map((r) => r.id).sort());
  });

  it('offset pages are consecutive slices of the newest-first result, also past the end', async () => {
    const all = (await list({ q: 'leadership', limit: 500 })).items.map((s: Loose) => s.id);
    expect(all.length).toBeGreaterThan(60);
    const page = await list({ q: 'leadership', offset: 40, limit: 10 });
    expect(page.offset).toBe(40);
    expect(page.items.map((s: Loose) => s.id)).toEqual(all.slice(40, 50));
    const older = await list({ q: 'leadership', sort: 'recorded_at', offset: 7, limit: 5 });
    const oldest = (await list({ q: 'leadership', sort: 'recorded_at', limit: 12 })).items.map((s: Loose) => s.id);
    expect(older.items.map((s: Loose) => s.id)).toEqual(oldest.slice(7, 12));
    expect((await list({ q: 'leadership', offset: 100_000 })).items).toEqual([]);
  });

  it('bounds a large total and says so', async () => {
    // The one-letter prefix with the most matching rows (search as you type: "c" matches coaching, check, …).
    const counts = new Map<string, number>();
    for (const r of rows) {
      if (r.status === 'failed') continue;
      const firsts = new Set(searchWords(`${r.title} ${r.client} ${r.participants_text}`).map((w) => w[0]!));
      for (const f of firsts) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    const [letter, expected] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(expected).toBeGreaterThan(10_000);
    const page = await list({ q: letter });
    // 10000, or a smaller floor (never under 2000) when counting that far would overrun the count's time budget.
    expect(page.total).toBeLessThanOrEqual(10_000);
    expect(page.total).toBeGreaterThanOrEqual(2000);
    expect(page.total_is_lower_bound).toBe(true);
    expect(page.items).toHaveLength(50);
    expect(page.next_cursor).not.toBeNull();
    const plain = await list({});
    expect(plain.total_is_lower_bound).toBe(false);
  });

  it('returns a snippet whose highlights mark the matched words', async () => {
    const page = await list({ q: 'leadership coa', limit: 20 });
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) {
      expect(item.snippet.field).toBe('title');
      const marked = item.snippet.highlights.map(([a, b]: [number, number]) => item.snippet.text.slice(a, b));
      expect(marked.map((m: string) => m.toLowerCase())).toEqual(['leadership', 'coaching']);
    }
    expect((await list({ limit: 5 })).items.every((s: Loose) => s.snippet === undefined)).toBe(true);
  });

  it('sort=relevance puts title matches before client or participant-only matches', async () => {
    const word = 'follow';
    const page = await list({ q: word, sort: 'relevance', limit: 100 });
    const fields = page.items.map((s: Loose) => s.snippet.field);
    const firstOther = fields.findIndex((f: string) => f !== 'title');
    if (firstOther >= 0) expect(fields.slice(firstOther).every((f: string) => f !== 'title')).toBe(true);
    expect(fields[0]).toBe('title');
  });

  it('a sorted search (-size) equals a full sort of its matches', async () => {
    const expected = rows
      .filter((r) => r.status !== 'failed' && matches(r, 'leadership'))
      .sort((a, b) => b.size - a.size || (a.id < b.id ? 1 : -1))
      .slice(0, 30)
      .map((r) => r.id);
    const page = await list({ q: 'leadership', sort: '-size', limit: 30 });
    expect(page.items.map((s: Loose) => s.id)).toEqual(expected);
  });

  it('combined filters and date ranges give exactly the matching rows, newest first', async () => {
    const to = rows
      .map((r) => r.recorded_at)
      .sort()
      .at(-1)!
      .slice(0, 10);
    const from = new Date(Date.parse(to) - 20 * 86_400_000).toISOString().slice(0, 10);
    const expected = rows
      .filter(
        (r) =>
          r.platform === 'teams' &&
          r.status === 'ready' &&
          r.coach_id === 'coach-ben' &&
          r.recorded_at >= `${from}T00:00:00.000Z` &&
          r.recorded_at <= `${to}T23:59:59.999Z`,
      )
      .map((r) => r.id)
      .sort();
    const page = await list({ platform: 'teams', status_filter: 'ready', coach_id: 'coach-ben', from, to, limit: 500 });
    expect(expected.length).toBeGreaterThan(0);
    expect(page.items.map((s: Loose) => s.id).sort()).toEqual(expected);
    const times = page.items.map((s: Loose) => second(s.recorded_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
