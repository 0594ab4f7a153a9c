/**
 * Migration 0011 (sorted search): a v4 library is backfilled into the per-sort ordered indexes; under random
 * inserts, edits and deletes each index holds exactly the listed rows with labels that never go down as the sort
 * key goes up; and reading an index in rowid order needs no sort (EXPLAIN QUERY PLAN).
 */
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, SORTED_SEARCH_SORTS, sortedTable, type Db } from '../../../main/db/index.js';
import { migration0001 } from '../../../main/db/migrations/0001-initial.js';
import { migration0002 } from '../../../main/db/migrations/0002-ordered-search.js';
import { migration0003 } from '../../../main/db/migrations/0003-dedup-per-coach.js';
import { migration0004 } from '../../../main/db/migrations/0004-trash-and-cleanup.js';
import { migration0011 } from '../../../main/db/migrations/0011-sorted-search.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0011-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const KEY: Record<(typeof SORTED_SEARCH_SORTS)[number], string> = {
  title: 's.title',
  size: 's.size',
  duration: 'IFNULL(s.duration, -1)',
  created: 's.created_at',
};

const insert = (d: Db, id: string, title: string, size: number, duration: number | null, at: string) =>
  d
    .prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at,
         duration, size) VALUES (?, ?, 'ready', 'zoom', 'c', 'Sam Lee', ?, ?, ?, ?, ?)`,
    )
    .run(id, title, at, at, at, duration, size);

/** Each index holds one row per session, and its labels (rowid >> 30) never decrease as the key increases. */
function expectOrdered(d: Db): void {
  const n = d.prepare('SELECT COUNT(*) FROM sessions').pluck().get() as number;
  for (const sort of SORTED_SEARCH_SORTS) {
    const t = sortedTable(sort);
    const labels = d
      .prepare(
        `SELECT f.rowid >> 30 AS label
         FROM ${t} f JOIN sessions s ON s.seq = (f.rowid & 1073741823) WHERE ${t} MATCH 'facets : fl'
         ORDER BY ${KEY[sort]}, s.id`,
      )
      .all() as { label: number }[];
    expect(labels.length, sort).toBe(n);
    for (let i = 1; i < labels.length; i++) expect(labels[i]!.label, sort).toBeGreaterThanOrEqual(labels[i - 1]!.label);
  }
}

describe('migration 0011', () => {
  it('backfills a v4 library and keeps every ordered index exact under writes', async () => {
    const file = join(dir, 'v4.db');
    const v4 = await openDatabase(file, { migrations: [migration0001, migration0002, migration0003, migration0004] });
    insert(v4, 'ses_a1', 'Leadership coaching', 500, 60.5, '2026-01-02T10:00:00.000Z');
    insert(v4, 'ses_a2', 'Weekly check-in', 5_000_000_000, null, '2026-01-01T10:00:00.000Z');
    v4.close();
    const d = await openDatabase(file, {
      migrations: [migration0001, migration0002, migration0003, migration0004, migration0011],
    });
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(11);
      expectOrdered(d);
      const op = fc.oneof(
        fc.record({
          kind: fc.constant('insert' as const),
          title: fc.constantFrom('A', 'Alpha', 'Beta', 'Zed', 'Émile', 'leadership', 'Leadership coaching'),
          size: fc.nat({ max: 10_000_000_000 }),
          duration: fc.option(fc.double({ min: 0, max: 10_000, noNaN: true }), { nil: null }),
          day: fc.integer({ min: 1, max: 28 }),
        }),
        fc.record({ kind: fc.constant('edit' as const), title: fc.string({ maxLength: 6 }), size: fc.nat() }),
        fc.record({ kind: fc.constant('delete' as const) }),
      );
      let next = 0;
      fc.assert(
        fc.property(fc.array(op, { maxLength: 25 }), (ops) => {
          for (const o of ops) {
            const some = d.prepare('SELECT id FROM sessions ORDER BY random() LIMIT 1').pluck().get() as string;
            if (o.kind === 'insert')
              insert(
                d,
                `ses_p${next++}`,
                o.title,
                o.size,
                o.duration,
                `2026-02-${String(o.day).padStart(2, '0')}T08:00:00.000Z`,
              );
            else if (o.kind === 'edit' && some)
              d.prepare('UPDATE sessions SET title = ?, size = ? WHERE id = ?').run(o.title, o.size, some);
            else if (o.kind === 'delete' && some) d.prepare('DELETE FROM sessions WHERE id = ?').run(some);
          }
          expectOrdered(d);
        }),
        { numRuns: 30, seed: 5 },
      );
    } finally {
      d.close();
    }
  });

  it('reads an ordered index in rowid order without sorting its matches', async () => {
    const d = await openDatabase(join(dir, 'plan.db'));
    try {
      for (const sort of SORTED_SEARCH_SORTS) {
        const t = sortedTable(sort);
        for (const dir of ['ASC', 'DESC']) {
          const plan = d
            .prepare(`EXPLAIN QUERY PLAN SELECT rowid FROM ${t} WHERE ${t} MATCH ? ORDER BY rowid ${dir} LIMIT 50`)
            .all('leadership') as { detail: string }[];
          const text = plan.map((p) => p.detail).join('\n');
          expect(text).toContain(`SCAN ${t} VIRTUAL TABLE`);
          expect(text).not.toMatch(/TEMP B-TREE/);
        }
      }
    } finally {
      d.close();
    }
  });
});
