/**
 * The list oracle on a realistic library (issue 21): recurring, default, dated and numbered titles (ascending as
 * imports bring them, many duplicated), tags, transcripts, third participants and accented names, inserted through
 * the triggers. For ~500 generated views, every sort's answer equals the plain answer computed here from the rows:
 * the same set and total whatever the sort (transcript-only, participant-only and tag-only matches included), in
 * the sort's order, on the first page, an offset page and a cursor walk.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldWords } from '../../../main/db/index.js';
import { seedRealisticLibrary } from '../../../main/library/seed/realistic.js';
import { SESSION_SORTS } from '../../../shared/contract/sessions.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

interface Row {
  id: string;
  seq: number;
  title: string;
  client: string;
  participants_text: string;
  tags: string;
  transcript_words: string;
  status: string;
  platform: string;
  coach_id: string;
  recorded_at: string;
  created_at: string;
  duration: number | null;
  size: number;
  coach_share: number | null;
  tokens: Set<string>;
  tagList: string[];
}

let srv: TestServer;
let rows: Row[];
let clients: string[];
let days: string[];

beforeAll(async () => {
  srv = await startTestServer();
  seedRealisticLibrary(srv.app.db, { sessions: 1500, seed: 11, now: new Date('2026-06-01T00:00:00Z') });
  rows = (
    srv.app.db
      .prepare(
        `SELECT id, seq, title, client, participants_text, tags, transcript_words, status, platform, coach_id,
                recorded_at, created_at, duration, size, coach_share FROM sessions`,
      )
      .all() as Row[]
  ).map((r) => {
    const tagList = JSON.parse(r.tags) as string[];
    const text = `${r.title} ${r.client} ${r.participants_text} ${tagList.join(' ')} ${r.transcript_words}`;
    return { ...r, tagList, tokens: new Set(foldWords(text)) };
  });
  clients = [...new Set(rows.map((r) => r.client))].slice(0, 8);
  days = [...new Set(rows.map((r) => r.recorded_at.slice(0, 10)))].sort();
}, 300_000);
afterAll(async () => {
  await srv?.close();
});

const bytes = (s: string) => Buffer.from(s, 'utf8');
const cmp = (a: string | number, b: string | number): number =>
  typeof a === 'string' && typeof b === 'string' ? Buffer.compare(bytes(a), bytes(b)) : a < b ? -1 : a > b ? 1 : 0;
const second = (iso: string) => Math.floor(Date.parse(iso) / 1000);

const KEYS: Record<string, (r: Row) => string | number> = {
  '-recorded_at': (r) => r.recorded_at,
  recorded_at: (r) => r.recorded_at,
  title: (r) => r.title,
  '-duration': (r) => r.duration ?? -1,
  '-size': (r) => r.size,
  '-created_at': (r) => r.created_at,
  relevance: (r) => r.recorded_at,
  '-coach_share': (r) => r.coach_share ?? -1,
  coach_share: (r) => r.coach_share ?? -1,
};

interface View {
  q?: string;
  tag?: string[];
  status_filter?: string;
  platform?: string;
  client?: string;
  from?: string;
  to?: string;
  coach_share_min?: number;
  coach_share_max?: number;
  sort: string;
}

function matches(r: Row, q: string | undefined): boolean {
  const words = q ? foldWords(q) : [];
  const last = words.length - 1;
  return words.every((w, i) => r.tokens.has(w) || (i === last && [...r.tokens].some((t) => t.startsWith(w))));
}

/** The plain answer: every listed row passing the filters, in (key, id) order. */
function oracle(v: View): Row[] {
  const from = v.from ? `${v.from}T00:00:00.000Z` : undefined;
  const to = v.to ? `${v.to}T23:59:59.999Z` : undefined;
  const key = KEYS[v.sort]!;
  const desc = v.sort.startsWith('-') || v.sort === 'relevance';
  return rows
    .filter(
      (r) =>
        (v.status_filter ? r.status === v.status_filter : r.status !== 'failed') &&
        (!v.platform || r.platform === v.platform) &&
        (!v.client || r.client === v.client) &&
        (v.tag ?? []).every((t) => r.tagList.includes(t)) &&
        (!from || r.recorded_at >= from) &&
        (!to || r.recorded_at <= to) &&
        inShare(r, v) &&
        matches(r, v.q),
    )
    .sort((a, b) => {
      // Title order breaks ties on seq (the order sessions joined the library: migration 0031), others on id.
      const c = cmp(key(a), key(b)) || (v.sort === 'title' ? a.seq - b.seq : cmp(a.id, b.id));
      return desc ? -c : c;
    });
}

/** The coach-share range: sessions without a share are outside every range. */
function inShare(r: Row, v: View): boolean {
  if (v.coach_share_min === undefined && v.coach_share_max === undefined) return true;
  if (r.coach_share === null) return false;
  return r.coach_share >= (v.coach_share_min ?? 0) && r.coach_share <= (v.coach_share_max ?? 1);
}

const byId = () => new Map(rows.map((r) => [r.id, r]));

function expectOrder(v: View, got: string[], want: Row[]) {
  if (v.sort === 'relevance') return; // ranked: the set is checked by the walk
  if (v.sort === '-recorded_at' || v.sort === 'recorded_at') {
    const m = byId();
    expect(got.map((id) => second(m.get(id)!.recorded_at))).toEqual(want.map((r) => second(r.recorded_at)));
    return;
  }
  expect(got).toEqual(want.map((r) => r.id));
}

async function list(v: View, extra: Record<string, string | number>): Promise<Loose> {
  const params: [string, string][] = [];
  for (const [k, x] of Object.entries({ ...v, ...extra })) {
    if (x === undefined) continue;
    for (const one of Array.isArray(x) ? x : [x]) params.push([k, String(one)]);
  }
  const r = await srv.api(`/api/v1/sessions?${new URLSearchParams(params).toString()}`);
  expect(r.status, r.text).toBe(200);
  return r.body;
}

const WORDS = [
  undefined,
  'zoom',
  'zoom meeting',
  'weekly',
  'weekly check',
  'session',
  'session 1',
  'coaching',
  '2026',
  'Mül',
  'Mul',
  'Mull',
  'muller',
  'Zoe',
  'Zoë Mü',
  'Núñ',
  'Ødeg',
  'Søren',
  'josé',
  'delegation',
  'führung',
  'prioritat',
  'quokka',
  'zeitgeist',
  'uberm',
  'facade',
  'budget',
  'stakeholder hiring',
  'ana',
  'ben 1',
  'zzzqx',
];

const viewArb = fc.record(
  {
    q: fc.constantFrom(...WORDS),
    tag: fc.option(fc.subarray(['delegation', 'goals', 'q3', 'Führung'], { minLength: 1, maxLength: 2 }), {
      nil: undefined,
    }),
    status_filter: fc.constantFrom(undefined, undefined, 'ready', 'failed'),
    platform: fc.constantFrom(undefined, undefined, 'zoom', 'teams'),
    client: fc.option(fc.nat({ max: 7 }), { nil: undefined, freq: 5 }),
    dates: fc.option(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 20 })), {
      nil: undefined,
      freq: 3,
    }),
    share: fc.option(fc.tuple(fc.constantFrom(undefined, 0, 0.25, 0.5), fc.constantFrom(undefined, 0.5, 0.75, 1)), {
      nil: undefined,
      freq: 3,
    }),
    sort: fc.constantFrom(...SESSION_SORTS),
    limit: fc.integer({ min: 1, max: 40 }),
    offset: fc.nat({ max: 120 }),
  },
  { requiredKeys: ['q', 'sort', 'limit', 'offset'] },
);

describe('every sort of a realistic library equals the plain answer', () => {
  it('same set and total for every sort; first page, offset page and cursor walk in order', async () => {
    await fc.assert(
      fc.asyncProperty(viewArb, async (g) => {
        const v: View = {
          q: g.q,
          tag: g.tag,
          status_filter: g.status_filter,
          platform: g.platform,
          client: g.client === undefined ? undefined : clients[g.client],
          sort: g.sort!,
          coach_share_min: g.share?.[0],
          coach_share_max: g.share?.[1],
        };
        if (g.dates) {
          const start = Math.floor(g.dates[0] * (days.length - 1));
          v.from = days[start];
          v.to = days[Math.min(days.length - 1, start + g.dates[1])];
        }
        const want = oracle(v);
        const first = await list(v, { limit: g.limit });
        expect(first.total, JSON.stringify(v)).toBe(want.length);
        expect(first.total_is_lower_bound).toBe(false);
        expectOrder(
          v,
          first.items.map((s: Loose) => s.id),
          want.slice(0, g.limit),
        );
        const deep = await list(v, { limit: g.limit, offset: g.offset });
        expectOrder(
          v,
          deep.items.map((s: Loose) => s.id),
          want.slice(g.offset, g.offset + g.limit),
        );
        if (v.sort === 'relevance') {
          // Ranked by offset pages: together they are the same set as any other sort.
          if (want.length <= 200) {
            const all = await list(v, { limit: 200 });
            expect(all.items.map((s: Loose) => s.id).sort()).toEqual(want.map((r) => r.id).sort());
          }
          return;
        }
        const walked: string[] = [...first.items.map((s: Loose) => s.id)];
        let cursor: string | null = first.next_cursor;
        for (let i = 0; i < 2 && cursor; i++) {
          const page = await list(v, { limit: g.limit, cursor });
          walked.push(...page.items.map((s: Loose) => s.id));
          cursor = page.next_cursor;
        }
        expectOrder(v, walked, want.slice(0, walked.length));
        if (!cursor) expect(walked.length).toBe(Math.min(want.length, 3 * g.limit));
        for (const item of first.items)
          if (v.q && foldWords(v.q).length > 0) expect(item.snippet, item.id).toBeDefined();
      }),
      { numRuns: 500, seed: 21 },
    );
  }, 900_000);

  it('the library holds what the oracle is about: transcript-only, participant-only and tag-only matches', () => {
    const only = (field: (r: Row) => string, q: string) =>
      rows.filter((r) => {
        const words = foldWords(q);
        const own = new Set(foldWords(field(r)));
        const rest = new Set(foldWords(`${r.title} ${r.client}`));
        return words.every((w) => own.has(w)) && !words.some((w) => rest.has(w));
      }).length;
    expect(only((r) => r.transcript_words, 'quokka')).toBeGreaterThan(0);
    expect(only((r) => r.tagList.join(' '), 'delegation')).toBeGreaterThan(0);
    expect(rows.some((r) => foldWords(r.participants_text).length > foldWords(`${r.client}`).length + 2)).toBe(true);
    expect(rows.filter((r) => r.title === 'Zoom Meeting').length).toBeGreaterThan(rows.length / 10);
    // Coach shares: many, with ties, and sessions without one.
    const shares = rows.flatMap((r) => (r.coach_share === null ? [] : [r.coach_share]));
    expect(shares.length).toBeGreaterThan(rows.length / 4);
    expect(new Set(shares).size).toBeLessThan(shares.length / 10);
    expect(rows.some((r) => r.coach_share === null)).toBe(true);
  });
});
