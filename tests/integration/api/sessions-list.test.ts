/**
 * GET /api/v1/sessions over a seeded library of 2,000 sessions. The oracle is the sessions table itself, read with
 * plain SQL and filtered/sorted in JS, so no expected value is written by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { startTestServer, type TestServer, type Loose } from '../../helpers/server.js';

interface Row {
  id: string;
  title: string;
  status: string;
  platform: string;
  coach_id: string;
  client: string;
  participants_text: string;
  recorded_at: string;
  created_at: string;
  duration: number | null;
  size: number;
}

const N = 2000;
const NOW = new Date('2026-06-15T12:00:00.000Z');
let srv: TestServer;
let rows: Row[];

type Cmp = (a: Row, b: Row) => number;
const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
const byKey =
  (key: (r: Row) => string | number, desc: boolean): Cmp =>
  (a, b) => {
    const c = cmp(key(a), key(b)) || cmp(a.id, b.id);
    return desc ? -c : c;
  };
const SORTS: Record<string, Cmp> = {
  '-recorded_at': byKey((r) => r.recorded_at, true),
  recorded_at: byKey((r) => r.recorded_at, false),
  title: byKey((r) => r.title, false),
  '-duration': byKey((r) => r.duration ?? -1, true),
  '-size': byKey((r) => r.size, true),
  '-created_at': byKey((r) => r.created_at, true),
};

const visible = (r: Row) => r.status !== 'failed';

async function list(query: Record<string, string | number | boolean | undefined>) {
  const r = await srv.api('/api/v1/sessions', { query });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { items: Loose[]; total: number; limit: number; offset: number; next_cursor: string | null };
}

/** Follows next_cursor to the end; returns every id in order. */
async function walk(
  query: Record<string, string | number | boolean | undefined>,
): Promise<{ ids: string[]; totals: number[] }> {
  const ids: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await list({ ...query, cursor });
    ids.push(...page.items.map((s) => s.id));
    totals.push(page.total);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return { ids, totals };
}

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: N, seed: 42, now: NOW });
  rows = srv.app.db
    .prepare(
      'SELECT id, title, status, platform, coach_id, client, participants_text, recorded_at, created_at, duration, size FROM sessions',
    )
    .all() as Row[];
});
afterAll(async () => {
  await srv?.close();
});

describe('list defaults', () => {
  it('seeded library has the variety the tests rely on', () => {
    expect(rows).toHaveLength(N);
    expect(rows.some((r) => r.status === 'failed')).toBe(true);
    expect(new Set(rows.map((r) => r.platform)).size).toBeGreaterThan(2);
    expect(new Set(rows.map((r) => r.coach_id)).size).toBeGreaterThan(2);
    expect(rows.some((r) => r.duration === null)).toBe(true);
  });

  it('defaults to limit 50, offset 0, failed hidden, newest recorded first', async () => {
    const page = await list({});
    const expected = rows.filter(visible).sort(SORTS['-recorded_at']);
    expect(page.limit).toBe(50);
    expect(page.offset).toBe(0);
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id)).toEqual(expected.slice(0, 50).map((r) => r.id));
    expect(page.items.every((s) => s.status !== 'failed')).toBe(true);
    expect(typeof page.next_cursor).toBe('string');
  });

  it('items carry the session fields of docs/api.md', async () => {
    const [s] = (await list({ limit: 1 })).items;
    for (const key of [
      'id',
      'title',
      'status',
      'status_detail',
      'platform',
      'coach_id',
      'client',
      'participants',
      'recorded_at',
      'created_at',
      'updated_at',
      'duration',
      'size',
      'sha256',
      'upload_state',
      'transcript_status',
      'analysis_status',
      'analysis_progress',
    ]) {
      expect(s, key).toHaveProperty(key);
    }
    expect(s.participants.length).toBeGreaterThan(0);
    expect(s.participants[0]).toEqual({ name: expect.any(String), role: expect.any(String) });
  });

  it('exclude_failed=false includes failed sessions', async () => {
    const page = await list({ exclude_failed: false, limit: 500 });
    expect(page.total).toBe(N);
    const expected = [...rows].sort(SORTS['-recorded_at']).slice(0, 500);
    expect(page.items.map((s) => s.id)).toEqual(expected.map((r) => r.id));
    expect(page.items.some((s) => s.status === 'failed')).toBe(true);
  });
});

describe('filters', () => {
  it('status_filter=failed shows only failed, overriding exclude_failed=true', async () => {
    const expected = rows.filter((r) => r.status === 'failed').sort(SORTS['-recorded_at']);
    const page = await list({ status_filter: 'failed', exclude_failed: true, limit: 500 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id)).toEqual(expected.slice(0, 500).map((r) => r.id));
  });

  it('status_filter=ready shows only ready', async () => {
    const expected = rows.filter((r) => r.status === 'ready');
    const page = await list({ status_filter: 'ready', limit: 10 });
    expect(page.total).toBe(expected.length);
    expect(page.items.every((s) => s.status === 'ready')).toBe(true);
  });

  it('platform filter', async () => {
    const expected = rows.filter((r) => visible(r) && r.platform === 'teams').sort(SORTS['-recorded_at']);
    const page = await list({ platform: 'teams', limit: 100 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id)).toEqual(expected.slice(0, 100).map((r) => r.id));
  });

  it('coach_id filter', async () => {
    const coach = rows[0]!.coach_id;
    const expected = rows.filter((r) => visible(r) && r.coach_id === coach).sort(SORTS['-recorded_at']);
    const page = await list({ coach_id: coach, limit: 100 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id)).toEqual(expected.slice(0, 100).map((r) => r.id));
  });

  it('client filter (exact client)', async () => {
    const client = rows[5]!.client;
    const expected = rows.filter((r) => visible(r) && r.client === client).sort(SORTS['-recorded_at']);
    const page = await list({ client, limit: 500 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id)).toEqual(expected.map((r) => r.id));
  });

  it('combined filters: platform + coach + status', async () => {
    const { platform, coach_id } = rows[3]!;
    const expected = rows.filter((r) => r.status === 'ready' && r.platform === platform && r.coach_id === coach_id);
    const page = await list({ platform, coach_id, status_filter: 'ready', limit: 500 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id).sort()).toEqual(expected.map((r) => r.id).sort());
  });

  it('from/to with bare dates cover whole days (inclusive)', async () => {
    const sorted = rows.filter(visible).sort(SORTS.recorded_at);
    const from = sorted[300]!.recorded_at.slice(0, 10);
    const to = sorted[700]!.recorded_at.slice(0, 10);
    const expected = sorted.filter((r) => r.recorded_at.slice(0, 10) >= from && r.recorded_at.slice(0, 10) <= to);
    const page = await list({ from, to, sort: 'recorded_at', limit: 500 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id)).toEqual(expected.slice(0, 500).map((r) => r.id));
  });

  it('from/to with full timestamps', async () => {
    const sorted = rows.filter(visible).sort(SORTS.recorded_at);
    const from = sorted[100]!.recorded_at;
    const to = sorted[150]!.recorded_at;
    const expected = sorted.filter((r) => r.recorded_at >= from && r.recorded_at <= to);
    const page = await list({ from, to, sort: 'recorded_at', limit: 500 });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id)).toEqual(expected.map((r) => r.id));
  });

  it('a date range with no sessions answers an empty page, total 0, no cursor', async () => {
    const page = await list({ from: '2001-01-01', to: '2001-12-31' });
    expect(page).toMatchObject({ items: [], total: 0, next_cursor: null });
  });
});

describe('sort', () => {
  for (const sort of Object.keys(SORTS)) {
    it(`sort=${sort} orders the first pages like the oracle`, async () => {
      const expected = rows.filter(visible).sort(SORTS[sort]!);
      const first = await list({ sort, limit: 200 });
      expect(first.items.map((s) => s.id)).toEqual(expected.slice(0, 200).map((r) => r.id));
      const second = await list({ sort, limit: 200, cursor: first.next_cursor! });
      expect(second.items.map((s) => s.id)).toEqual(expected.slice(200, 400).map((r) => r.id));
      expect(second.offset).toBe(200);
    });
  }
});

describe('full-text q', () => {
  const words = (text: string) =>
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .match(/[\p{L}\p{N}_]+/gu) ?? [];
  const matches = (r: Row, terms: string[]) => {
    const tokens = [...words(r.title), ...words(r.client), ...words(r.participants_text)];
    return terms.every((t, i) => (i === terms.length - 1 ? tokens.some((w) => w.startsWith(t)) : tokens.includes(t)));
  };

  it('matches a client name word', async () => {
    const last = rows[10]!.client.split(' ')[1]!;
    const expected = rows.filter((r) => visible(r) && matches(r, words(last)));
    const page = await list({ q: last, limit: 500 });
    expect(expected.length).toBeGreaterThan(0);
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id).sort()).toEqual(
      expected
        .map((r) => r.id)
        .sort()
        .slice(0, 500)
        .sort(),
    );
  });

  it('matches title words and prefixes the last word (search as you type)', async () => {
    const expected = rows.filter((r) => visible(r) && matches(r, ['leadership', 'coa']));
    const page = await list({ q: 'Leadership coa', limit: 500 });
    expect(expected.length).toBeGreaterThan(0);
    expect(page.total).toBe(expected.length);
    expect(page.items.every((s) => /leadership coaching/i.test(s.title))).toBe(true);
  });

  it('matches participant (coach) names', async () => {
    // coach names appear only as participants, never in title or client
    const expected = rows.filter((r) => visible(r) && r.participants_text.includes('Okafor'));
    const page = await list({ q: 'okaf', limit: 500 });
    expect(expected.length).toBeGreaterThan(0);
    expect(page.total).toBe(expected.length);
    expect(new Set(page.items.map((s) => s.coach_id))).toEqual(new Set(['coach-david']));
  });

  it('is accent-insensitive and combines with other filters', async () => {
    const expected = rows.filter((r) => r.status === 'failed' && r.participants_text.includes('Chloé'));
    const page = await list({ q: 'chloe', status_filter: 'failed', limit: 500 });
    expect(page.total).toBe(expected.length);
  });

  it('FTS syntax in q is treated as text, not as a query (no 500)', async () => {
    for (const q of ['"', 'NEAR(a b)', 'title:x', '*', 'a OR b', "'; DROP TABLE sessions; --", '((', '^x', '-x']) {
      const r = await srv.api('/api/v1/sessions', { query: { q } });
      expect(r.status, q).toBe(200);
    }
    expect((await list({ exclude_failed: false })).total).toBe(N);
  });
});

describe('paging', () => {
  it('offset paging returns consecutive slices of the ordered set', async () => {
    const expected = rows.filter(visible).sort(SORTS['-recorded_at']);
    const p = await list({ limit: 37, offset: 111 });
    expect(p.offset).toBe(111);
    expect(p.items.map((s) => s.id)).toEqual(expected.slice(111, 148).map((r) => r.id));
  });

  it('offset beyond the end answers an empty page with the real total', async () => {
    const p = await list({ offset: 100_000 });
    expect(p.items).toEqual([]);
    expect(p.total).toBe(rows.filter(visible).length);
    expect(p.next_cursor).toBeNull();
  });

  it('next_cursor walks the whole default view with no duplicates or gaps', async () => {
    const expected = rows
      .filter(visible)
      .sort(SORTS['-recorded_at'])
      .map((r) => r.id);
    const { ids, totals } = await walk({ limit: 97 });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    expect(new Set(totals)).toEqual(new Set([expected.length]));
  });

  it('next_cursor walks a filtered set (failed, sorted by -duration) exactly', async () => {
    const expected = rows
      .filter((r) => r.status === 'failed')
      .sort(SORTS['-duration'])
      .map((r) => r.id);
    const { ids, totals } = await walk({ status_filter: 'failed', sort: '-duration', limit: 13 });
    expect(ids).toEqual(expected);
    expect(totals[0]).toBe(expected.length);
  });

  it('next_cursor walks a title-sorted full-text result exactly', async () => {
    const { ids } = await walk({ q: 'check', sort: 'title', limit: 25, exclude_failed: false });
    const first = await list({ q: 'check', sort: 'title', limit: 500, exclude_failed: false });
    expect(ids).toEqual(first.items.map((s) => s.id));
    expect(ids.length).toBe(first.total);
  });

  it('the last page has next_cursor null even when it is exactly full', async () => {
    const total = rows.filter((r) => r.status === 'failed').length;
    const p = await list({ status_filter: 'failed', limit: total });
    expect(p.items).toHaveLength(total);
    expect(p.next_cursor).toBeNull();
  });

  it('a cursor together with offset is refused', async () => {
    const first = await list({ limit: 5 });
    const r = await srv.api('/api/v1/sessions', { query: { cursor: first.next_cursor!, offset: 5 } });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('offset');
  });

  it('health counts every listed session', async () => {
    const r = await srv.api('/api/v1/health', { token: null });
    expect(r.body.sessions).toBe(N);
  });

  it('stats add up to the seeded library', async () => {
    const r = await srv.api('/api/v1/library/stats');
    expect(r.body.sessions).toBe(N);
    expect(r.body.bytes).toBe(rows.reduce((a, x) => a + x.size, 0));
    expect(r.body.by_status.failed.sessions).toBe(rows.filter((x) => x.status === 'failed').length);
  });
});
