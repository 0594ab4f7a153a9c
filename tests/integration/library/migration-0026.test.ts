/**
 * Migration 0026 (speaker edits, the coach's share of talk time): a v20 library is backfilled from its stored
 * analyses (the coach participant's speaker, case-insensitive, else the first speaker; NULL without speakers),
 * `speaker_edits` refuses malformed edits and goes with its session, and a share-sorted page reads the index.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase } from '../../../main/db/index.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0026-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const speakers = (...people: [string, number][]) =>
  JSON.stringify({
    stage: 'complete',
    speakers: { source: 'diarization', per_speaker: people.map(([name, share]) => ({ name, share })) },
  });

describe('migration 0026', () => {
  it('backfills coach_share and keeps speaker edits with their session', async () => {
    const file = join(dir, 'v20.db');
    const v20 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 20) });
    const insert = v20.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size)
       VALUES (?, 'T', 'ready', 'zoom', 'c', 'Sam', '2026-01-01', '2026-01-01', '2026-01-01', 1)`,
    );
    const participant = v20.prepare('INSERT INTO participants (session_id, name, role) VALUES (?, ?, ?)');
    const analysis = v20.prepare(
      "INSERT INTO analyses (session_id, stage, data, created_at) VALUES (?, 'complete', ?, '2026-01-01')",
    );
    insert.run('ses_coach');
    participant.run('ses_coach', 'Dana Whitfield', 'coach');
    analysis.run('ses_coach', speakers(['Speaker 1', 0.3], [' dana whitfield', 0.7]));
    insert.run('ses_first');
    participant.run('ses_first', 'Kim', 'coach');
    analysis.run('ses_first', speakers(['Speaker 1', 0.45], ['Speaker 2', 0.55]));
    insert.run('ses_silent');
    analysis.run('ses_silent', JSON.stringify({ stage: 'complete', speakers: null }));
    insert.run('ses_none');
    v20.close();

    const d = await openDatabase(file);
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      const share = (id: string) => d.prepare('SELECT coach_share FROM sessions WHERE id = ?').pluck().get(id);
      expect(share('ses_coach')).toBe(0.7);
      expect(share('ses_first')).toBe(0.45);
      expect(share('ses_silent')).toBeNull();
      expect(share('ses_none')).toBeNull();

      const add = d.prepare(
        "INSERT INTO speaker_edits (session_id, kind, name, target, source, created_at) VALUES (?, ?, ?, ?, ?, '2026')",
      );
      add.run('ses_coach', 'rename', 'Eli', '[[0,1]]', null);
      add.run('ses_coach', 'merge', null, '[[0,1]]', '[[2,3]]');
      expect(() => add.run('ses_coach', 'rename', null, '[[0,1]]', null)).toThrow(/CHECK/);
      expect(() => add.run('ses_coach', 'merge', null, '[[0,1]]', null)).toThrow(/CHECK/);
      expect(() => add.run('ses_coach', 'split', 'x', '[[0,1]]', null)).toThrow(/CHECK/);
      d.prepare("DELETE FROM sessions WHERE id = 'ses_coach'").run();
      expect(d.prepare('SELECT COUNT(*) FROM speaker_edits').pluck().get()).toBe(0);

      const plan = (
        d
          .prepare(
            'EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE listed = 1 AND IFNULL(coach_share, -1) BETWEEN ? AND ? ORDER BY IFNULL(coach_share, -1) DESC, id DESC LIMIT 50',
          )
          .all(0.2, 0.6) as { detail: string }[]
      )
        .map((r) => r.detail)
        .join(' | ');
      expect(plan).toMatch(/sessions_listed_coach_share/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      d.close();
    }
  });
});
