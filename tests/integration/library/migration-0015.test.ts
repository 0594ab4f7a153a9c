/**
 * Migration 0015 (participant names on the session row, for the CSV export): a v11 library is backfilled, and the
 * column stays what the participant rows say after the repository's inserts, participant edits and the seed.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations, openDatabase, PARTICIPANT_NAMES_SQL, type Db } from '../../../main/db/index.js';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { SessionsRepository } from '../../../main/library/sessions/sessions-repository.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0015-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Sessions whose stored names differ from what their participant rows give (none when the column is exact). */
function drift(d: Db): { id: string; stored: string | null; rows: string | null }[] {
  return d
    .prepare(
      `SELECT id, participant_names AS stored, ${PARTICIPANT_NAMES_SQL('sessions.id')} AS rows FROM sessions
       WHERE participant_names IS NOT ${PARTICIPANT_NAMES_SQL('sessions.id')}`,
    )
    .all() as { id: string; stored: string | null; rows: string | null }[];
}

const session = (id: string, at: string) => ({
  id,
  title: `Session ${id}`,
  status: 'ready' as const,
  platform: 'zoom' as const,
  coach_id: 'c',
  client: 'Sam Lee',
  recorded_at: at,
  created_at: at,
  size: 1,
});

describe('migration 0015', () => {
  it('backfills a v11 library: names in participant order (not name order), joined with "; ", NULL for none', async () => {
    const file = join(dir, 'v11.db');
    const v11 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 11) });
    const insert = v11.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size)
       VALUES (?, 'T', 'ready', 'zoom', 'c', 'Sam', '2026-01-01', '2026-01-01', '2026-01-01', 1)`,
    );
    const participant = v11.prepare('INSERT INTO participants (session_id, name, role) VALUES (?, ?, ?)');
    insert.run('ses_two');
    participant.run('ses_two', 'Zoe', 'coach');
    participant.run('ses_two', 'Ana; B', 'client');
    insert.run('ses_none');
    v11.close();

    const d = await openDatabase(file);
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      const names = d.prepare('SELECT id, participant_names FROM sessions ORDER BY id').all();
      expect(names).toEqual([
        { id: 'ses_none', participant_names: null },
        { id: 'ses_two', participant_names: 'Zoe; Ana; B' },
      ]);
      expect(drift(d)).toEqual([]);
    } finally {
      d.close();
    }
  });

  it('stays exact through repository inserts (repeated names too), participant edits and the seed', async () => {
    const d = await openDatabase(join(dir, 'writes.db'));
    try {
      const repo = new SessionsRepository(d);
      repo.insert(session('ses_a', '2026-01-01T00:00:00.000Z'), [
        { name: 'Mia', role: 'coach' },
        { name: 'Leo', role: 'client' },
        { name: 'Mia', role: 'participant' }, // one row: the insert's ON CONFLICT keeps the first place
      ]);
      repo.insert(session('ses_b', '2026-01-02T00:00:00.000Z'));
      repo.insert(session('ses_c', '2026-01-03T00:00:00.000Z'), [{ name: '@x', role: 'client' }]);
      repo.replaceParticipants('ses_b', [{ name: 'Line\nbreak', role: 'client' }], '2026-01-04T00:00:00.000Z');
      repo.replaceParticipants('ses_c', [], '2026-01-04T00:00:00.000Z');
      seedLibrary(d, { sessions: 300, seed: 3, now: new Date('2026-06-01T00:00:00Z') });
      expect(drift(d)).toEqual([]);
      const stored = d.prepare('SELECT participant_names FROM sessions WHERE id = ?').pluck();
      expect(stored.get('ses_a')).toBe('Mia; Leo');
      expect(stored.get('ses_b')).toBe('Line\nbreak');
      expect(stored.get('ses_c')).toBeNull();
      expect(d.prepare('SELECT COUNT(*) FROM sessions WHERE participant_names IS NULL').pluck().get()).toBe(1);
    } finally {
      d.close();
    }
  });
});
