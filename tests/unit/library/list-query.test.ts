/** list-query.ts and search-query.ts: MATCH text, cursors, WHERE building, and page SQL run against an in-memory schema. */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/contract/errors.js';
import { SESSION_SORTS, type SessionFilters, type SessionSort } from '../../../shared/contract/sessions.js';
import { migrate } from '../../../main/db/index.js';
import {
  buildPageQuery,
  buildWhere,
  dateBound,
  decodeCursor,
  encodeCursor,
  sortValue,
  type Cursor,
} from '../../../main/library/sessions/list-query.js';
import { searchMatch, searchWords } from '../../../main/library/sessions/search-query.js';

const base: SessionFilters = { exclude_failed: true, sort: '-recorded_at' };

function expectCursor400(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).details.field).toBe('cursor');
    return;
  }
  throw new Error('expected a 400 for the cursor');
}

describe('searchMatch (every q goes through sessions_search)', () => {
  it('folds words as the tokenizer does and makes the last one a prefix', () => {
    expect(searchWords('Chloé Müller 2026')).toEqual(['chloe', 'muller', '2026']);
    expect(searchMatch(['leadership', 'coa'], null, base)).toContain('"leadership" AND "coa"*');
  });

  it('tags are facets: every given tag is required', () => {
    const m = searchMatch([], [], { ...base, tag: ['delegation', 'Q3 goals'] });
    expect(m).toContain(`facets : ft${Buffer.from('delegation').toString('hex')}`);
    expect(m).toContain(`facets : ft${Buffer.from('Q3 goals').toString('hex')}`);
  });

  it('property: any input gives a MATCH text that SQLite FTS5 accepts', { timeout: 30_000 }, () => {
    const db = new Database(':memory:');
    db.exec(
      "CREATE VIRTUAL TABLE t USING fts5(title, client, participants_text, facets, tokenize = 'unicode61 remove_diacritics 2'); INSERT INTO t VALUES ('hello world', '', '', 'fl');",
    );
    const stmt = db.prepare('SELECT COUNT(*) FROM t WHERE t MATCH ?').pluck();
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.boolean(), (q, expand) => {
        const words = searchWords(q);
        const out = searchMatch(words, expand ? [] : null, base);
        expect(() => stmt.get(out)).not.toThrow();
      }),
      { numRuns: 300 },
    );
    db.close();
  });
});

describe('cursors', () => {
  const cursorArb = fc
    .record({
      sort: fc.constantFrom(...SESSION_SORTS),
      value: fc.oneof(fc.string({ maxLength: 400 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
      id: fc.stringMatching(/^ses_[0-9a-z]{1,60}$/),
      offset: fc.integer({ min: 1, max: 1_000_000_000 }),
      seq: fc.nat(),
    })
    // Title cursors carry the row's seq (title ties break on it); other sorts' may or may not.
    .map(({ seq, ...c }) => (c.sort === 'title' || seq % 2 === 0 ? { ...c, seq } : c)) as fc.Arbitrary<Cursor>;

  it('refuses forged cursors: negative, fractional, huge or non-numeric offsets, odd ids and values (400)', () => {
    const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const cases = [
      ['-recorded_at', '2026-01-01T00:00:00.000Z', 'ses_abc', -100],
      ['-recorded_at', '2026-01-01T00:00:00.000Z', 'ses_abc', 0.5],
      ['-recorded_at', '2026-01-01T00:00:00.000Z', 'ses_abc', 1e300],
      ['-recorded_at', '2026-01-01T00:00:00.000Z', 'ses_abc', 0],
      ['-recorded_at', '2026-01-01T00:00:00.000Z', "x' OR 1=1", 50],
      ['-size', Number('1e400'), 'ses_abc', 50],
      ['title', 'x'.repeat(401), 'ses_abc', 50],
    ];
    for (const c of cases) {
      expect(() => decodeCursor(forged(c), c[0] as SessionSort), JSON.stringify(c)).toThrow(/not a cursor/);
    }
    expect(() => decodeCursor('garbage!!', '-recorded_at')).toThrow(/not a cursor/);
  });

  it('round-trip: decode(encode(c)) === c', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(cursorArb, (c) => {
        const decoded = decodeCursor(encodeCursor(c), c.sort);
        expect(decoded).toEqual({ ...c, value: Object.is(c.value, -0) ? 0 : c.value });
      }),
    );
  });

  it('is opaque URL-safe text', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(cursorArb, (c) => {
        expect(encodeCursor(c)).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      }),
    );
  });

  it('a well-formed cursor the server did not make is a 400 (cursors are signed)', () => {
    const payload = Buffer.from(JSON.stringify(['-recorded_at', 5, 'ses_x', 999999999])).toString('base64url');
    expectCursor400(() => decodeCursor(payload, '-recorded_at'));
    const good = encodeCursor({ sort: '-recorded_at', value: '2026-01-01T00:00:00.000Z', id: 'ses_x', offset: 50 });
    expect(decodeCursor(good, '-recorded_at').offset).toBe(50);
    const [, signature] = good.split('.');
    // Its signature on another payload, another signature on its payload, extra parts: all refused.
    expectCursor400(() => decodeCursor(`${payload}.${signature}`, '-recorded_at'));
    expectCursor400(() => decodeCursor(`${good.split('.')[0]}.${'A'.repeat(22)}`, '-recorded_at'));
    expectCursor400(() => decodeCursor(`${good}.x`, '-recorded_at'));
    expectCursor400(() => decodeCursor(`${good}A`, '-recorded_at'));
  });

  it('a cursor of another sort is a 400 naming cursor', () => {
    const c = encodeCursor({ sort: 'title', value: 'a', id: 'x', offset: 1 });
    expectCursor400(() => decodeCursor(c, '-recorded_at'));
  });

  it('a title cursor carries its row’s seq (title ties break on it); without one, or with a bad one, it is a 400', () => {
    expect(decodeCursor(encodeCursor({ sort: 'title', value: 'a', id: 'ses_x', offset: 1, seq: 7 }), 'title')).toEqual({
      sort: 'title',
      value: 'a',
      id: 'ses_x',
      offset: 1,
      seq: 7,
    });
    expectCursor400(() => decodeCursor(encodeCursor({ sort: 'title', value: 'a', id: 'ses_x', offset: 1 }), 'title'));
    for (const seq of [-1, 1.5, 2 ** 60])
      expectCursor400(() =>
        decodeCursor(encodeCursor({ sort: 'title', value: 'a', id: 'ses_x', offset: 1, seq }), 'title'),
      );
  });

  it('tampered or foreign text is a 400 naming cursor', () => {
    const good = encodeCursor({ sort: '-size', value: 10, id: 'ses_x', offset: 50 });
    const cases = [
      'garbage!!',
      good.slice(0, -3),
      Buffer.from('[1,2,3,4]').toString('base64url'),
      Buffer.from('["-size",10,"ses_x"]').toString('base64url'),
      Buffer.from('["-size",{"a":1},"ses_x",5]').toString('base64url'),
      Buffer.from('["-size",10,"ses_x","5"]').toString('base64url'),
      Buffer.from('{"sort":"-size"}').toString('base64url'),
      Buffer.from('null').toString('base64url'),
    ];
    for (const text of cases) expectCursor400(() => decodeCursor(text, '-size'));
  });

  it('property: arbitrary text either decodes or is a 400, never another error', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...SESSION_SORTS), (text, sort) => {
        try {
          decodeCursor(text, sort);
        } catch (e) {
          expect(e).toBeInstanceOf(ApiError);
          expect((e as ApiError).status).toBe(400);
        }
      }),
    );
  });
});

describe('buildWhere', () => {
  it('default view: listed and not failed, countable from the counters', () => {
    expect(buildWhere(base)).toEqual({ clauses: ['listed = 1', "status <> 'failed'"], params: [], countable: true });
  });

  it('exclude_failed=false drops the failed clause', () => {
    expect(buildWhere({ ...base, exclude_failed: false }).clauses).toEqual(['listed = 1']);
  });

  it('status_filter replaces exclude_failed', () => {
    const w = buildWhere({ ...base, status_filter: 'failed' });
    expect(w.clauses).toEqual(['listed = 1', 'status = ?']);
    expect(w.params).toEqual(['failed']);
    expect(w.countable).toBe(true);
  });

  it('platform and coach stay countable; client, dates and q do not', () => {
    expect(buildWhere({ ...base, platform: 'zoom', coach_id: 'c1' })).toMatchObject({
      params: ['zoom', 'c1'],
      countable: true,
    });
    expect(buildWhere({ ...base, client: 'Alex' }).countable).toBe(false);
    expect(buildWhere({ ...base, from: '2026-01-01' }).countable).toBe(false);
    expect(buildWhere({ ...base, tag: ['x'] }).countable).toBe(false);
  });

  it('values are bound as parameters, never spliced into SQL', () => {
    const evil = "x'; DROP TABLE sessions; --";
    const w = buildWhere({ ...base, client: evil, coach_id: evil, tag: [evil] });
    expect(w.clauses.join(' ')).not.toContain('DROP');
    expect(w.params).toContain(evil);
  });

  it('bare dates cover the whole day; timestamps are normalised to UTC', () => {
    const w = buildWhere({ ...base, from: '2026-01-31', to: '2026-02-01' });
    expect(w.params).toEqual(['2026-01-31T00:00:00.000Z', '2026-02-01T23:59:59.999Z']);
    expect(dateBound('2026-01-31T10:00:00+02:00', 'from')).toBe('2026-01-31T08:00:00.000Z');
  });

  it('a q with words is for sessions_search, never these indexes; a punctuation-only q adds nothing', () => {
    expect(() => buildWhere({ ...base, q: 'alex sm' })).toThrow(/sessions_search/);
    expect(buildWhere({ ...base, q: '""' }).clauses).toEqual(buildWhere(base).clauses);
  });
});

describe('buildPageQuery against the real schema', () => {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  const insert = db.prepare(
    `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, duration, size)
     VALUES (?, ?, ?, 'zoom', 'c', 'cl', ?, ?, ?, ?, ?)`,
  );
  const rows: {
    id: string;
    title: string;
    status: string;
    recorded_at: string;
    created_at: string;
    duration: number | null;
    size: number;
  }[] = [];
  for (let i = 0; i < 60; i++) {
    const r = {
      id: `ses_${String(i).padStart(3, '0')}`,
      title: ['Beta', 'alpha', 'Alpha', 'gamma'][i % 4]!,
      status: i % 7 === 0 ? 'failed' : 'ready',
      recorded_at: new Date(Date.UTC(2026, 0, 1 + (i % 10))).toISOString(), // many ties
      created_at: new Date(Date.UTC(2026, 1, 1, 0, i)).toISOString(),
      duration: i % 5 === 0 ? null : (i * 37) % 100,
      size: (i * 7919) % 1000,
    };
    rows.push(r);
    insert.run(r.id, r.title, r.status, r.recorded_at, r.created_at, r.created_at, r.duration, r.size);
  }
  const cols = 'id, title, status, recorded_at, created_at, duration, size, seq';

  function walk(sort: SessionSort, limit: number): string[] {
    const filters = { ...base, sort };
    const out: string[] = [];
    let cursor: Cursor | undefined;
    for (let guard = 0; guard < 100; guard++) {
      const { sql, params } = buildPageQuery(cols, filters, { limit, offset: 0, cursor });
      const page = db.prepare(sql).all(...params) as ((typeof rows)[number] & { seq: number })[];
      out.push(...page.map((r) => r.id));
      if (page.length < limit) break;
      const last = page.at(-1)!;
      cursor = { sort, value: sortValue(sort, last), id: last.id, offset: out.length, seq: last.seq };
    }
    return out;
  }

  for (const sort of SESSION_SORTS) {
    it(`keyset pages for ${sort} equal one full ORDER BY, with ties broken by id (by seq for title)`, () => {
      const { sql, params } = buildPageQuery(cols, { ...base, sort }, { limit: 1000, offset: 0 });
      const all = (db.prepare(sql).all(...params) as typeof rows).map((r) => r.id);
      expect(all).toHaveLength(rows.filter((r) => r.status !== 'failed').length);
      for (const limit of [1, 7, 10]) expect(walk(sort, limit)).toEqual(all);
    });
  }

  it('uses OFFSET only without a cursor, and the cursor comparison follows the direction', () => {
    const off = buildPageQuery(cols, base, { limit: 5, offset: 10 });
    expect(off.sql).toMatch(/LIMIT \? OFFSET \?$/);
    expect(off.params.slice(-2)).toEqual([5, 10]);
    const desc = buildPageQuery(cols, base, {
      limit: 5,
      offset: 10,
      cursor: { sort: '-recorded_at', value: 'v', id: 'i', offset: 10 },
    });
    expect(desc.sql).toContain('(recorded_at, id) < (?, ?)');
    expect(desc.sql).not.toContain('OFFSET');
    const asc = buildPageQuery(
      cols,
      { ...base, sort: 'title' },
      { limit: 5, offset: 0, cursor: { sort: 'title', value: 'v', id: 'i', offset: 5, seq: 3 } },
    );
    // Title order breaks ties on seq (migration 0031), the order of the title index and the ordered search index.
    expect(asc.sql).toContain('(title, seq) > (?, ?)');
    expect(asc.sql).toContain('ORDER BY title ASC, seq ASC');
    expect(asc.params.slice(-3, -1)).toEqual(['v', 3]);
  });
});
