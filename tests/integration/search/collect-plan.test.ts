/**
 * The collect path of sorted searches (sorted-walk-repository): its few matches are found by seq (json_each outermost,
 * a rowid lookup each) and sorted whole; never a walk of the sort's index checking each row against the list (the
 * planner preferred that for `ORDER BY title` before the CROSS JOIN: ~60 ms for 328 matches of a 50k library).
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../main/db/index.js';
import { buildCollect } from '../../../main/library/sessions/sorted-walk-repository.js';
import { SESSION_SORTS, type SessionFilters } from '../../../shared/contract/sessions.js';

describe('collect plan', () => {
  it('every non-time sort, with and without filters and cursor: the list first, rows by seq, one sort', () => {
    const db = new Database(':memory:');
    migrate(db);
    db.exec('ANALYZE');
    const base: SessionFilters = { exclude_failed: true, sort: 'title' };
    for (const sort of SESSION_SORTS.filter((s) => !['-recorded_at', 'recorded_at', 'relevance'].includes(s))) {
      for (const extra of [{}, { platform: 'zoom' as const, client: 'A', from: '2026-01-01', to: '2026-02-01' }]) {
        for (const cursor of [undefined, { value: sort === 'title' ? 'a' : 5, id: 'ses_x' }]) {
          const q = buildCollect({ ...base, ...extra, sort }, [1, 2, 3], { limit: 50, offset: 0, cursor });
          const plan = (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map(
            (r) => r.detail,
          );
          expect(plan[0], plan.join(' | ')).toMatch(/^SCAN m VIRTUAL TABLE/);
          expect(plan.join(' | ')).toMatch(/SEARCH sessions USING INTEGER PRIMARY KEY \(rowid=\?\)/);
          expect(plan.join(' | ')).not.toMatch(/SCAN sessions/);
        }
      }
    }
    db.close();
  });
});
