/**
 * Migration 0031 (title order without cliffs): a v28 library whose ascending titles already share title ranks has
 * them recorded as crowded, respaced on demand with every row moved; the title indexes give (title, seq) order
 * without a sort; later inserts record their own crowding.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase, type Db } from '../../../main/db/index.js';
import { TitleRanks } from '../../../main/library/sessions/title-ranks-repository.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0031-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const sharedRanks = (d: Db) =>
  d
    .prepare('SELECT COUNT(*) FROM (SELECT rank FROM search_title_ranks GROUP BY rank HAVING COUNT(*) > 1)')
    .pluck()
    .get();
const misplaced = (d: Db) =>
  d
    .prepare(
      `SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM sessions_by_title
         WHERE rowid = (((SELECT rank FROM search_title_ranks r WHERE r.title = s.title) << 30) | s.seq))`,
    )
    .pluck()
    .get();

function insertDated(d: Db, from: number, n: number) {
  const insert = d.prepare(
    `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size)
     VALUES (?, ?, 'ready', 'zoom', 'c', 'Ana', '2026-01-01', '2026-01-01', '2026-01-01', 1)`,
  );
  for (let i = from; i < from + n; i++) insert.run(`ses_d${i}`, `Day ${String(i).padStart(4, '0')}`);
}

describe('migration 0031', () => {
  it('records a v28 library’s crowded ranks, respaces them on demand, and orders titles by (title, seq)', async () => {
    const file = join(dir, 'v28.db');
    const v28 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 28) });
    insertDated(v28, 0, 80);
    v28
      .prepare(
        `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size)
         VALUES ('ses_b', 'Zoom Meeting', 'ready', 'zoom', 'c', 'Ana', '2026-01-01', '2026-01-01', '2026-01-01', 1),
                ('ses_a', 'Zoom Meeting', 'ready', 'zoom', 'c', 'Ana', '2026-01-01', '2026-01-01', '2026-01-01', 1)`,
      )
      .run();
    expect(sharedRanks(v28)).toBeGreaterThan(0);
    v28.close();

    const d = await openDatabase(file);
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(d.prepare('SELECT COUNT(*) FROM search_title_crowded').pluck().get()).toBe(sharedRanks(d));
      const stats = new TitleRanks(d).respace();
      expect(stats.rows).toBeGreaterThan(0);
      expect(sharedRanks(d)).toBe(0);
      expect(misplaced(d)).toBe(0);
      expect(
        d.prepare("SELECT COUNT(*) FROM sessions_by_title WHERE sessions_by_title MATCH 'day'").pluck().get(),
      ).toBe(80);
      // Title order reads an index in (title, seq) order: no sort, ties on seq (ses_b joined before ses_a).
      const sql = `SELECT id FROM sessions WHERE listed = 1 AND status <> 'failed' ORDER BY title, seq LIMIT 100`;
      const plan = (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail);
      expect(plan.join(' ')).toContain('sessions_default_title');
      expect(plan.join(' ')).not.toContain('TEMP B-TREE');
      expect((d.prepare(sql).pluck().all() as string[]).slice(-2)).toEqual(['ses_b', 'ses_a']);
      const listed = `SELECT id FROM sessions INDEXED BY sessions_listed_title WHERE listed = 1 AND platform = 'zoom'
                      ORDER BY title, seq LIMIT 10`;
      expect(
        (d.prepare(`EXPLAIN QUERY PLAN ${listed}`).all() as { detail: string }[]).map((r) => r.detail).join(' '),
      ).not.toContain('TEMP B-TREE');
      // Later inserts go through the new trigger: ascending titles crowd again and are recorded.
      insertDated(d, 80, 60);
      expect(d.prepare('SELECT COUNT(*) FROM search_title_crowded').pluck().get()).toBeGreaterThan(0);
      new TitleRanks(d).respace();
      expect(sharedRanks(d)).toBe(0);
      expect(misplaced(d)).toBe(0);
      // Deletes and title edits find their rows under the respaced ranks.
      d.prepare("UPDATE sessions SET title = 'Day 0005b' WHERE id = 'ses_d100'").run();
      d.prepare("DELETE FROM sessions WHERE id IN ('ses_d3', 'ses_d90')").run();
      new TitleRanks(d).respace();
      expect(misplaced(d)).toBe(0);
      expect(d.prepare('SELECT COUNT(*) FROM sessions_by_title').pluck().get()).toBe(140);
    } finally {
      d.close();
    }
  });
});
