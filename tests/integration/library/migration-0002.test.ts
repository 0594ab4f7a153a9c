/**
 * Migration 0002 (ordered search): a v1 library is backfilled; `sessions_search` and `search_terms` stay exact
 * under any sequence of writes; a search or a filtered newest-first view walks `sessions_search` in rowid order
 * (no sort of its matches), and filtered sorts walk the covering `sessions_listed_*` indexes.
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/db/index.js';
import { migration0001 } from '../../../main/db/migrations/0001-initial.js';
import { migration0002 } from '../../../main/db/migrations/0002-ordered-search.js';
import { searchKeySql } from '../../../main/db/migrations/0002-ordered-search.js';
import { buildPageQuery } from '../../../main/library/sessions/list-query.js';
import { buildSearchPage, searchMatch } from '../../../main/library/sessions/search-query.js';
import type { SessionFilters } from '../../../shared/contract/sessions.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
let db: Db;

const insert = (
  d: Db,
  id: string,
  o: { title: string; status: string; platform: string; coach: string; origin?: string; at?: string },
) =>
  d
    .prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size, origin)
       VALUES (?, ?, ?, ?, ?, 'Sam Lee', ?, ?, ?, 1, ?)`,
    )
    .run(
      id,
      o.title,
      o.status,
      o.platform,
      o.coach,
      o.at ?? '2026-01-01T10:00:00.000Z',
      '2026-01-01',
      '2026-01-01',
      o.origin ?? 'library',
    );

beforeAll(async () => {
  dir = tempDir('filmroom-m0002-');
  db = await openDatabase(join(dir, 'library.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Ids a search finds through sessions_search, and the ids the rows say should match. */
function viaIndex(d: Db, filters: SessionFilters): string[] {
  const words = filters.q ? [filters.q] : [];
  const q = buildSearchPage('id', searchMatch(words, [], filters), filters, {
    limit: 10_000,
    ascending: false,
  });
  return (d.prepare(q.sql).all(...q.params) as { id: string }[]).map((r) => r.id).sort();
}

describe('migration 0002', () => {
  it('backfills sessions_search and search_terms of a library written by version 1', async () => {
    const file = join(dir, 'v1.db');
    const v1 = await openDatabase(file, { migrations: [migration0001] });
    insert(v1, 'ses_a1', { title: 'Leadership coaching', status: 'ready', platform: 'zoom', coach: 'a' });
    insert(v1, 'ses_a2', { title: 'Weekly check-in', status: 'failed', platform: 'teams', coach: 'b' });
    v1.close();
    const v2 = await openDatabase(file, { migrations: [migration0001, migration0002] });
    try {
      expect(v2.pragma('user_version', { simple: true })).toBe(2);
      const base = { exclude_failed: false, sort: '-recorded_at' } as const;
      expect(viaIndex(v2, { ...base, q: 'leadership' })).toEqual(['ses_a1']);
      expect(viaIndex(v2, { ...base, platform: 'teams', status_filter: 'failed' })).toEqual(['ses_a2']);
      expect(viaIndex(v2, { ...base, exclude_failed: true })).toEqual(['ses_a1']);
      const terms = v2.prepare('SELECT term FROM search_terms ORDER BY term').pluck().all();
      expect(terms).toEqual(expect.arrayContaining(['leadership', 'coaching', 'check-in', 'sam', 'lee']));
    } finally {
      v2.close();
    }
  });

  it('keeps sessions_search exact (words and facets) under random inserts, updates and deletes', () => {
    const statuses = ['pending', 'ready', 'failed', 'deleting'] as const;
    const word = fc.constantFrom('alpha', 'bravo', 'charlie');
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        status: fc.constantFrom(...statuses),
        platform: fc.constantFrom('zoom', 'teams'),
        coach: fc.constantFrom('a', 'b'),
        origin: fc.constantFrom('library', 'api'),
        word,
        day: fc.integer({ min: 1, max: 28 }),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        status: fc.constantFrom(...statuses),
        coach: fc.constantFrom('a', 'b'),
        word,
        day: fc.integer({ min: 1, max: 28 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    );
    let n = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        db.exec('DELETE FROM sessions');
        for (const o of ops) {
          const ids = db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all() as string[];
          const at = (day: number) => `2026-02-${String(day).padStart(2, '0')}T08:00:00.000Z`;
          if (o.kind === 'insert') {
            const id = `ses_${String(n++).padStart(20, '0')}`;
            insert(db, id, {
              title: `${o.word} session`,
              status: o.status,
              platform: o.platform,
              coach: o.coach,
              origin: o.origin,
              at: at(o.day),
            });
          } else if (ids.length > 0) {
            const id = ids[o.pick % ids.length];
            if (o.kind === 'update')
              db.prepare('UPDATE sessions SET status = ?, coach_id = ?, title = ?, recorded_at = ? WHERE id = ?').run(
                o.status,
                o.coach,
                `${o.word} session`,
                at(o.day),
                id,
              );
            else db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
          }
        }
        const rows = db.prepare('SELECT id, title, status, coach_id, listed FROM sessions').all() as {
          id: string;
          title: string;
          status: string;
          coach_id: string;
          listed: number;
        }[];
        for (const w of ['alpha', 'bravo', 'charlie']) {
          for (const coach of ['a', 'b']) {
            const filters: SessionFilters = { q: w, coach_id: coach, exclude_failed: true, sort: '-recorded_at' };
            const expected = rows
              .filter((r) => r.listed === 1 && r.status !== 'failed' && r.coach_id === coach && r.title.startsWith(w))
              .map((r) => r.id)
              .sort();
            expect(viaIndex(db, filters), `${w} ${coach}`).toEqual(expected);
          }
        }
        // One FTS row per session, at the session's current search key.
        const keys = db
          .prepare(`SELECT ${searchKeySql('s')} FROM sessions s ORDER BY 1`)
          .pluck()
          .all();
        const indexed = db
          .prepare("SELECT rowid FROM sessions_search WHERE sessions_search MATCH 'facets : fs*' ORDER BY rowid")
          .pluck()
          .all();
        expect(indexed).toEqual(keys);
      }),
      { numRuns: 50 },
    );
  });

  it('search and filtered newest-first views walk sessions_search by rowid: no sort of the matches', () => {
    const views: SessionFilters[] = [
      { q: 'leadership', exclude_failed: true, sort: '-recorded_at' },
      { q: 'leadership', exclude_failed: true, sort: 'recorded_at' },
      { q: 'leadership', platform: 'teams', status_filter: 'ready', exclude_failed: true, sort: '-recorded_at' },
      { q: 'leadership', from: '2026-01-01', to: '2026-01-14', exclude_failed: true, sort: '-recorded_at' },
      { client: 'Sam Lee', from: '2026-01-01', to: '2026-01-14', exclude_failed: true, sort: '-recorded_at' },
    ];
    for (const view of views) {
      const q = buildSearchPage('id', searchMatch(view.q ? [view.q] : [], [], view), view, {
        limit: 50,
        after: 123n,
        ascending: view.sort === 'recorded_at',
      });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      expect(plan, JSON.stringify(view)).toMatch(/SCAN f VIRTUAL TABLE INDEX \d+:/);
      expect(plan, JSON.stringify(view)).toMatch(/SEARCH s USING INTEGER PRIMARY KEY/);
      expect(plan, JSON.stringify(view)).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('filtered non-date sorts walk a covering sessions_listed_* index in order', () => {
    const views: SessionFilters[] = [
      { platform: 'teams', status_filter: 'ready', exclude_failed: true, sort: 'title' },
      { status_filter: 'failed', exclude_failed: true, sort: '-size' },
      { coach_id: 'a', platform: 'teams', exclude_failed: true, sort: '-duration' },
      { client: 'Sam Lee', exclude_failed: true, sort: '-created_at' },
    ];
    for (const view of views) {
      const { sql, params } = buildPageQuery('id', view, { limit: 50, offset: 0 });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      expect(plan, JSON.stringify(view)).toMatch(/INDEX sessions_listed_/);
      expect(plan, JSON.stringify(view)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
