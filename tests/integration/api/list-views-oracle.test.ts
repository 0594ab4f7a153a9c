/**
 * Every query path of the list (B-tree indexes, `sessions_search` in recording order, the per-sort ordered indexes
 * of migration 0011, the dated collect-and-sort) against one oracle: the seeded rows filtered and sorted in JS.
 * Views are generated (fast-check) over every sort and every combination of `q`, status, platform, coach, client
 * and dates; each is checked on its first page, an offset page, a cursor walk and its total.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { searchWords } from '../../../main/library/sessions/search-query.js';
import { SESSION_SORTS } from '../../../shared/contract/sessions.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

interface Row {
  id: string;
  seq: number;
  title: string;
  client: string;
  participants_text: string;
  status: string;
  platform: string;
  coach_id: string;
  recorded_at: string;
  created_at: string;
  duration: number | null;
  size: number;
  coach_share: number | null;
}

const N = 3000;
let srv: TestServer;
let rows: Row[];
let clients: string[];
let days: string[];

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: N, seed: 31, now: new Date('2026-06-01T00:00:00Z') });
  // Coach shares (migration 0026) on most ready sessions, in 5 % steps: ties, and sessions without one.
  srv.app.db.exec("UPDATE sessions SET coach_share = (seq % 21) / 20.0 WHERE status = 'ready' AND seq % 3 <> 0");
  // Ties on every sort key (same title, size, duration, times; another id), so buckets of the ordered indexes hold
  // several rows and their (key, id) order is exercised; inserted one by one, through the triggers.
  srv.app.db.exec(`INSERT INTO sessions (id, title, status, platform, coach_id, client, participants_text,
      recorded_at, created_at, updated_at, duration, size, synthetic, coach_share)
    SELECT 'ses_tie' || n.k || s.seq, s.title, s.status, s.platform, s.coach_id, s.client, s.participants_text,
      s.recorded_at, s.created_at, s.updated_at, s.duration, s.size, 1, s.coach_share
    FROM sessions s, (SELECT 1 AS k UNION ALL SELECT 2 UNION ALL SELECT 3) n WHERE s.seq % 7 = 0`);
  rows = srv.app.db
    .prepare(
      `SELECT id, seq, title, client, participants_text, status, platform, coach_id, recorded_at, created_at,
              duration, size, coach_share FROM sessions`,
    )
    .all() as Row[];
  clients = [...new Set(rows.map((r) => r.client))].slice(0, 6);
  days = [...new Set(rows.map((r) => r.recorded_at.slice(0, 10)))].sort();
}, 120_000);
afterAll(async () => {
  await srv?.close();
});

const bytes = (s: string) => Buffer.from(s, 'utf8');
const cmp = (a: string | number, b: string | number): number =>
  typeof a === 'string' && typeof b === 'string' ? Buffer.compare(bytes(a), bytes(b)) : a < b ? -1 : a > b ? 1 : 0;
const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** The sort key as the API orders by it; time sorts with `q` or combined filters order by second, then seq. */
const KEYS: Record<string, (r: Row) => string | number> = {
  '-recorded_at': (r) => r.recorded_at,
  recorded_at: (r) => r.recorded_at,
  title: (r) => r.title,
  '-duration': (r) => r.duration ?? -1,
  '-size': (r) => r.size,
  '-created_at': (r) => r.created_at,
  '-coach_share': (r) => r.coach_share ?? -1,
  coach_share: (r) => r.coach_share ?? -1,
};

interface View {
  q?: string;
  status_filter?: string;
  exclude_failed?: boolean;
  platform?: string;
  coach_id?: string;
  client?: string;
  from?: string;
  to?: string;
  coach_share_min?: number;
  coach_share_max?: number;
  sort: string;
}

const wordMatch = (r: Row, q: string) => {
  const words = searchWords(q);
  if (words.length === 0) return true;
  const tokens = searchWords(`${r.title} ${r.client} ${r.participants_text}`);
  return words.every((w, i) => (i === words.length - 1 ? tokens.some((t) => t.startsWith(w)) : tokens.includes(w)));
};

function oracle(v: View): Row[] {
  const from = v.from ? `${v.from}T00:00:00.000Z` : undefined;
  const to = v.to ? `${v.to}T23:59:59.999Z` : undefined;
  const key = KEYS[v.sort]!;
  const desc = v.sort.startsWith('-');
  return rows
    .filter(
      (r) =>
        (v.status_filter ? r.status === v.status_filter : v.exclude_failed === false || r.status !== 'failed') &&
        (!v.platform || r.platform === v.platform) &&
        (!v.coach_id || r.coach_id === v.coach_id) &&
        (!v.client || r.client === v.client) &&
        (!from || r.recorded_at >= from) &&
        (!to || r.recorded_at <= to) &&
        ((v.coach_share_min === undefined && v.coach_share_max === undefined) ||
          (r.coach_share !== null &&
            r.coach_share >= (v.coach_share_min ?? 0) &&
            r.coach_share <= (v.coach_share_max ?? 1))) &&
        (!v.q || wordMatch(r, v.q)),
    )
    .sort((a, b) => {
      const c = cmp(key(a), key(b)) || cmp(a.id, b.id);
      return desc ? -c : c;
    });
}

/** Recording-time views through `sessions_search` order by (second, seq): compare seconds and the row sets. */
const timeSorted = (v: View) => v.sort === '-recorded_at' || v.sort === 'recorded_at';

function expectSameOrder(v: View, got: string[], want: Row[]) {
  if (!timeSorted(v)) {
    expect(got).toEqual(want.map((r) => r.id));
    return;
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  expect(got.map((id) => second(byId.get(id)!.recorded_at))).toEqual(want.map((r) => second(r.recorded_at)));
}

async function list(query: Record<string, unknown>): Promise<Loose> {
  const clean = Object.fromEntries(Object.entries(query).filter(([, x]) => x !== undefined)) as Record<
    string,
    string | number | boolean
  >;
  const r = await srv.api('/api/v1/sessions', { query: clean });
  expect(r.status, r.text).toBe(200);
  return r.body;
}

const viewArb = fc.record(
  {
    q: fc.constantFrom(undefined, 'leadership', 'coaching', 'ana', 'check', 'zzzqx', 'grace', 'leadership ben'),
    status_filter: fc.constantFrom(undefined, 'ready', 'failed', 'uploaded'),
    exclude_failed: fc.boolean(),
    platform: fc.constantFrom(undefined, 'zoom', 'teams'),
    coach_id: fc.constantFrom(undefined, 'coach-ben', 'coach-ana'),
    client: fc.option(fc.nat({ max: 5 }), { nil: undefined }),
    dates: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 40 })), { nil: undefined }),
    share: fc.option(fc.tuple(fc.constantFrom(undefined, 0, 0.3, 0.5), fc.constantFrom(undefined, 0.5, 0.8, 1)), {
      nil: undefined,
      freq: 3,
    }),
    sort: fc.constantFrom(...SESSION_SORTS.filter((s) => s !== 'relevance')),
    limit: fc.integer({ min: 1, max: 60 }),
    offset: fc.nat({ max: 400 }),
  },
  { requiredKeys: ['sort', 'limit', 'offset', 'exclude_failed'] },
);

describe('every list view equals the oracle', () => {
  it('first page, offset page, cursor walk and total, for generated views', async () => {
    await fc.assert(
      fc.asyncProperty(viewArb, async (g) => {
        const v: View = {
          q: g.q,
          status_filter: g.status_filter,
          exclude_failed: g.exclude_failed,
          platform: g.platform,
          coach_id: g.coach_id,
          client: g.client === undefined ? undefined : clients[g.client],
          coach_share_min: g.share?.[0],
          coach_share_max: g.share?.[1],
          sort: g.sort!,
        };
        if (g.dates) {
          const start = Math.floor(g.dates[0] * (days.length - 1));
          v.from = days[start];
          v.to = days[Math.min(days.length - 1, start + g.dates[1])];
        }
        const want = oracle(v);
        const first = await list({ ...v, limit: g.limit });
        expect(first.total).toBe(want.length);
        expect(first.total_is_lower_bound).toBe(false);
        expectSameOrder(
          v,
          first.items.map((s: Loose) => s.id),
          want.slice(0, g.limit),
        );
        const deep = await list({ ...v, limit: g.limit, offset: g.offset });
        expectSameOrder(
          v,
          deep.items.map((s: Loose) => s.id),
          want.slice(g.offset, g.offset + g.limit),
        );
        // Three pages by cursor continue exactly where the previous page ended.
        const walked: string[] = [...first.items.map((s: Loose) => s.id)];
        let cursor: string | null = first.next_cursor;
        for (let i = 0; i < 2 && cursor; i++) {
          const page = await list({ ...v, limit: g.limit, cursor });
          walked.push(...page.items.map((s: Loose) => s.id));
          cursor = page.next_cursor;
        }
        expectSameOrder(v, walked, want.slice(0, walked.length));
        if (!cursor) expect(walked.length).toBe(Math.min(want.length, 3 * g.limit));
      }),
      { numRuns: 150, seed: 12 },
    );
  }, 300_000);
});
