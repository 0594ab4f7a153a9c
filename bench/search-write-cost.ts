/**
 * What the search indexes cost a write (issue 21, cheap writes): per-row milliseconds of INSERT, UPDATE (title) and
 * DELETE of sessions on a seeded library, with every trigger and with the search triggers (FTS indexes, title
 * ranks, prefix terms) set aside, in the same run. Each variant runs in a savepoint that is rolled back, so all
 * measure the same library.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../main/db/index.js';
import { seedLibrary } from '../main/library/seed/seed-library.js';

const SEARCH_TRIGGER = /^(sessions_search|sessions_by_sort|search_terms)/;
const COLUMNS =
  'title, status, platform, coach_id, client, participants_text, participant_names, recorded_at, created_at, updated_at, duration, size, tags, synthetic';

function perRow(db: Db, ids: string[], run: (id: string) => void): number {
  const t = performance.now();
  db.transaction(() => ids.forEach(run))();
  return (performance.now() - t) / ids.length;
}

export async function benchSearchWriteCost(sessions = 100_000, rows = 2_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-bench-writecost-'));
  const db = await openDatabase(join(dir, 'library.db'));
  try {
    seedLibrary(db, { sessions, seed: 42, now: new Date() });
    const ids = db.prepare('SELECT id FROM sessions ORDER BY random() LIMIT ?').pluck().all(rows) as string[];
    const triggers = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'sessions'")
      .pluck()
      .all() as string[];
    const insert = db.prepare(
      `INSERT INTO sessions (id, ${COLUMNS}) SELECT 'n' || id, ${COLUMNS} FROM sessions WHERE id = ?`,
    );
    const update = db.prepare("UPDATE sessions SET title = title || ' (edited)' WHERE id = ?");
    const remove = db.prepare('DELETE FROM sessions WHERE id = ?');
    const out: Record<string, number> = { sessions, rows };
    // The first pass warms the page cache and statements; the second is kept.
    for (const variant of ['with_search', 'without_search', 'with_search', 'without_search'] as const) {
      for (const [op, stmt] of [
        ['insert', insert],
        ['update', update],
        ['delete', remove],
      ] as const) {
        db.exec('SAVEPOINT cost');
        try {
          if (variant === 'without_search')
            for (const t of triggers.filter((n) => SEARCH_TRIGGER.test(n))) db.exec(`DROP TRIGGER ${t}`);
          out[`${op}_${variant}_ms_per_row`] = round(perRow(db, ids, (id) => stmt.run(id)));
        } finally {
          db.exec('ROLLBACK TO cost; RELEASE cost');
        }
      }
    }
    for (const op of ['insert', 'update', 'delete'])
      out[`${op}_search_indexes_ms_per_row`] = round(
        out[`${op}_with_search_ms_per_row`]! - out[`${op}_without_search_ms_per_row`]!,
      );
    return out;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (v: number) => Math.round(v * 1000) / 1000;
