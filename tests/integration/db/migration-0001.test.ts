/**
 * Migration 0001 (the data model): the tables every capability uses exist, the trigger-kept counters and the
 * full-text index stay exact under any sequence of writes, and every list view is served by an index in order.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../main/db/index.js';
import { buildPageQuery } from '../../../main/library/sessions/list-query.js';
import { SESSION_SORTS, type SessionFilters } from '../../../shared/contract/sessions.js';

let dir: string;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'filmroom-m0001-'));
  db = await openDatabase(join(dir, 'library.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const TABLES = [
  'coaches',
  'sessions',
  'session_counts',
  'sessions_search', // sessions_fts until migration 0020
  'participants',
  'session_files',
  'imports',
  'watched_items',
  'jobs',
  'job_chunks',
  'analyses',
  'transcript_segments',
  'transcript_fts',
  'markers',
  'uploads',
  'upload_parts',
  'storage_debts',
  'audit_log',
  'cleanup_runs',
  'settings',
  'api_tokens',
];

describe('migration 0001', () => {
  it('creates every table of the data model', () => {
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const table of TABLES) expect(names, table).toContain(table);
  });

  it('keeps session_counts and the FTS index exact under random inserts, updates and deletes', () => {
    const statuses = [
      'pending',
      'importing',
      'uploaded',
      'processing',
      'ready',
      'failed',
      'deleting',
      'expired',
    ] as const;
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        status: fc.constantFrom(...statuses),
        platform: fc.constantFrom('zoom', 'teams', 'local'),
        coach: fc.constantFrom('a', 'b'),
        origin: fc.constantFrom('library', 'api'),
        size: fc.nat(1000),
        word: fc.constantFrom('alpha', 'bravo', 'charlie'),
      }),
      fc.record({
        kind: fc.constant('update' as const),
        pick: fc.nat(),
        status: fc.constantFrom(...statuses),
        size: fc.nat(1000),
        word: fc.constantFrom('alpha', 'bravo', 'delta'),
      }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    );
    let n = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        db.exec('DELETE FROM sessions');
        for (const o of ops) {
          const ids = db.prepare('SELECT id FROM sessions ORDER BY id').pluck().all() as string[];
          if (o.kind === 'insert') {
            const id = `ses_${String(n++).padStart(20, '0')}`;
            db.prepare(
              `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size, origin)
               VALUES (?, ?, ?, ?, ?, '2026-01-01', '2026-01-01', '2026-01-01', ?, ?)`,
            ).run(id, `${o.word} session`, o.status, o.platform, o.coach, o.size, o.origin);
          } else if (ids.length > 0) {
            const id = ids[o.pick % ids.length];
            if (o.kind === 'update')
              db.prepare('UPDATE sessions SET status = ?, size = ?, title = ? WHERE id = ?').run(
                o.status,
                o.size,
                `${o.word} session`,
                id,
              );
            else db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
          }
        }
        const fromCounters = db
          .prepare('SELECT status, platform, coach_id, n, bytes FROM session_counts WHERE n <> 0 ORDER BY 1, 2, 3')
          .all();
        const actual = db
          .prepare(
            'SELECT status, platform, coach_id, COUNT(*) AS n, SUM(size) AS bytes FROM sessions WHERE listed = 1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
          )
          .all();
        expect(fromCounters).toEqual(actual);
        for (const word of ['alpha', 'bravo', 'charlie', 'delta']) {
          const viaFts = db
            .prepare('SELECT COUNT(*) FROM sessions_search WHERE sessions_search MATCH ?')
            .pluck()
            .get(`title : ${word}`);
          const viaLike = db.prepare('SELECT COUNT(*) FROM sessions WHERE title LIKE ?').pluck().get(`${word} %`);
          expect(viaFts, word).toBe(viaLike);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('serves every sort of the default view, and each list filter, from an index in order (no scan, no sort)', () => {
    const base: SessionFilters = { exclude_failed: true, sort: '-recorded_at' };
    const views: SessionFilters[] = [
      ...SESSION_SORTS.map((sort) => ({ ...base, sort })),
      { ...base, exclude_failed: false },
      { ...base, status_filter: 'ready' },
      { ...base, coach_id: 'a' },
      { ...base, platform: 'zoom' },
      { ...base, client: 'Sam' },
    ];
    for (const view of views) {
      const { sql, params } = buildPageQuery('id', view, { limit: 50, offset: 0 });
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[])
        .map((r) => r.detail)
        .join(' | ');
      expect(plan, JSON.stringify(view)).toMatch(/USING (COVERING )?INDEX sessions_/);
      expect(plan, JSON.stringify(view)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
