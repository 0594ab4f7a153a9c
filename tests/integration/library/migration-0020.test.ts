/**
 * Migration 0020 (tags and transcripts in every search index, tag facets, folded prefix vocabulary): a v15 library
 * with tags and a transcript is searchable by them in `sessions_search` and every ordered index after migrating.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase, SORTED_SEARCH_SORTS, sortedTable, type Db } from '../../../main/db/index.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0020-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const TABLES = ['sessions_search', ...SORTED_SEARCH_SORTS.map(sortedTable)];
const found = (d: Db, match: string) =>
  TABLES.map((t) => d.prepare(`SELECT COUNT(*) FROM ${t} WHERE ${t} MATCH ?`).pluck().get(match) as number);
const hex = (s: string) => Buffer.from(s).toString('hex');

describe('migration 0020', () => {
  it('indexes a v15 library’s tags and transcripts in every search index, and folds the prefix vocabulary', async () => {
    const file = join(dir, 'v15.db');
    const v15 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 15) });
    const insert = v15.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size, tags)
       VALUES (?, ?, 'ready', 'zoom', 'c', 'Zoë Müller', '2026-01-01', '2026-01-01', '2026-01-01', 1, ?)`,
    );
    insert.run('ses_a', 'Weekly check-in', '["delegation","Q3 goals"]');
    insert.run('ses_b', 'Weekly check-in', '[]');
    insert.run('ses_c', 'Intro', '[]');
    v15
      .prepare('INSERT INTO transcript_segments (session_id, start_s, end_s, text) VALUES (?, ?, ?, ?)')
      .run('ses_b', 0, 1, 'The quokkaesque plan, the PLAN.');
    expect(found(v15, 'delegation')).toEqual([0, 0, 0, 0, 0]);
    expect(found(v15, 'quokkaesque')).toEqual([0, 0, 0, 0, 0]);
    v15.close();

    const d = await openDatabase(file);
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      expect(d.prepare("SELECT transcript_words FROM sessions WHERE id = 'ses_b'").pluck().get()).toBe(
        'the quokkaesque plan',
      );
      expect(found(d, 'delegation')).toEqual([1, 1, 1, 1, 1]);
      expect(found(d, 'q3 AND goals')).toEqual([1, 1, 1, 1, 1]);
      expect(found(d, 'quokkaesque')).toEqual([1, 1, 1, 1, 1]);
      expect(found(d, `facets : ft${hex('Q3 goals')}`)).toEqual([1, 1, 1, 1, 1]);
      expect(found(d, 'zoe')).toEqual([3, 3, 3, 3, 3]);
      const terms = d.prepare("SELECT term FROM search_terms WHERE term >= 'mu' AND term < 'mv'").pluck().all();
      expect(terms).toEqual(['muller']);
      expect(d.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'sessions_fts%'").pluck().get()).toBe(0);
      // Later writes go through the new triggers: a tag edit and a deletion leave no stale entry.
      d.prepare(`UPDATE sessions SET tags = '["coaching"]' WHERE id = 'ses_a'`).run();
      expect(found(d, 'delegation')).toEqual([0, 0, 0, 0, 0]);
      expect(found(d, 'coaching')).toEqual([1, 1, 1, 1, 1]);
      d.prepare("DELETE FROM sessions WHERE id = 'ses_b'").run();
      expect(found(d, 'quokkaesque')).toEqual([0, 0, 0, 0, 0]);
    } finally {
      d.close();
    }
  });
});
