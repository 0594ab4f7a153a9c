/**
 * Deep pages of searches (issue 12): an `offset` page is found from remembered anchors (FtsPositions) and a count
 * hands its chunk ends over as anchors; a dated sorted search filters its walk by the range's listed matches. Each
 * page is checked against the same view sorted whole by SQL, before and after the library changes (anchors and
 * counts kept from before a change must not be used after it).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type LibraryDb } from '../../../main/db/index.js';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { FTS_ANCHOR_STEP } from '../../../main/library/sessions/fts-positions-store.js';
import { listPage } from '../../../main/library/sessions/list-pages.js';
import { SORTS } from '../../../main/library/sessions/list-query.js';
import { SessionsRepository } from '../../../main/library/sessions/sessions-repository.js';
import { sessionFilters, type SessionFilters } from '../../../shared/contract/sessions.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
let db: LibraryDb;
let repo: SessionsRepository;

beforeAll(async () => {
  dir = tempDir('filmroom-deep-pages-');
  db = await openDatabase(join(dir, 'library.db'));
  seedLibrary(db, { sessions: 16_000, seed: 17, now: new Date('2026-06-01T00:00:00Z') });
  repo = new SessionsRepository(db);
}, 120_000);
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const KEYS: Partial<Record<SessionFilters['sort'], string>> = {
  title: 's.title',
  '-size': 's.size',
  '-duration': 'IFNULL(s.duration, -1)',
  '-created_at': 's.created_at',
};

/** The view's ids sorted whole: its matches from `sessions_search`, ordered by SQL (no index walk, no anchors). */
function truth(filters: SessionFilters): string[] {
  const { match } = repo.search.match(filters);
  const spec = SORTS[filters.sort];
  const recorded = filters.sort === '-recorded_at' || filters.sort === 'recorded_at';
  const keyExpr = recorded ? 'f.rowid' : KEYS[filters.sort]!;
  const dir = spec.desc ? 'DESC' : 'ASC';
  const where = ['sessions_search MATCH ?'];
  const params: string[] = [match];
  if (filters.from) {
    where.push('s.recorded_at >= ?');
    params.push(`${filters.from}T00:00:00.000Z`);
  }
  if (filters.to) {
    where.push('s.recorded_at <= ?');
    params.push(`${filters.to}T23:59:59.999Z`);
  }
  return db
    .prepare(
      `SELECT s.id FROM sessions_search f JOIN sessions s ON s.seq = (f.rowid & 1073741823)
         WHERE ${where.join(' AND ')} ORDER BY ${keyExpr} ${dir}${recorded ? '' : `, s.id ${dir}`}`,
    )
    .pluck()
    .all(...params) as string[];
}

const view = (v: Record<string, string>) => sessionFilters.parse(v);
const page = (filters: SessionFilters, offset: number) =>
  listPage(repo, filters, { limit: 25, offset }).rows.map((r) => r.id);

/** Offsets on both sides of the first anchors, and past the end. */
function offsetsFor(n: number): number[] {
  const s = FTS_ANCHOR_STEP;
  return [0, s - 1, s, s + 1, 2 * s - 13, 2 * s, 2 * s + 7, n - 10, n, n + 5].filter((o) => o >= 0);
}

/** Views with more matches than an anchor step (`re` expands to review, rehearsal, resolution…); the dated ones
 * hold more than a dated sorted search sorts whole (2,000) in their range. */
const VIEWS: Record<string, string>[] = [
  { q: 're' },
  { q: 're', sort: 'recorded_at' },
  { q: 're', sort: 'title' },
  { q: 're', sort: '-size' },
  { q: 're', sort: '-duration' },
  { platform: 'zoom', status_filter: 'ready' },
  { q: 're', from: '2026-02-01', to: '2026-05-31', sort: 'title' },
  { q: 're', from: '2026-03-01', to: '2026-04-30', sort: '-size' },
  { from: '2026-03-01', to: '2026-03-01', sort: '-size' },
  { from: '2026-02-01', to: '2026-05-31', sort: 'title' },
];

function expectPagesEqualTruth(): void {
  for (const v of VIEWS) {
    const filters = view(v);
    const want = truth(filters);
    expect(want.length, `${JSON.stringify(v)} should cross a page`).toBeGreaterThan(75);
    // The first page counts (and hands its chunk ends over as anchors); deep pages then seek.
    expect(page(filters, 0), JSON.stringify(v)).toEqual(want.slice(0, 25));
    for (const offset of offsetsFor(want.length)) {
      expect(page(filters, offset), `${JSON.stringify(v)} offset ${offset}`).toEqual(want.slice(offset, offset + 25));
    }
    // Cursors continue where a page ended (a size cursor's bucket label uses its value three times).
    const walked: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 3; i++) {
      const p = listPage(repo, filters, { limit: 25, offset: 0, cursor });
      walked.push(...p.rows.map((r) => r.id));
      cursor = p.nextCursor ?? undefined;
    }
    expect(walked, `${JSON.stringify(v)} by cursor`).toEqual(want.slice(0, 75));
  }
}

describe('deep search pages', () => {
  it('equal the view sorted whole, at offsets around and past the anchors', () => {
    expectPagesEqualTruth();
  });

  it('follow the library after it changes (no anchor or count from before the change is used)', () => {
    const ids = truth(view({ q: 're' }));
    // Remove matches near the top and the first anchor, and add new matches at the newest end.
    const gone = [ids[3]!, ids[FTS_ANCHOR_STEP - 2]!, ids[FTS_ANCHOR_STEP + 4]!];
    for (const id of gone) db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
    const add = db.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size)
       VALUES (?, 'Executive review follow-up', 'ready', 'zoom', 'coach-ana', 'Ana Lopez', ?, ?, ?, 1000)`,
    );
    for (let i = 0; i < 4; i++) {
      const at = new Date(Date.UTC(2026, 4, 30, 10, i)).toISOString();
      add.run(`ses_deepnew${i}`, at, at, at);
    }
    expect(truth(view({ q: 're' }))).not.toContain(gone[0]);
    expectPagesEqualTruth();
    const dated = view({ q: 're', from: '2026-03-01', to: '2026-04-30' });
    const total = listPage(repo, dated, { limit: 25, offset: 0 });
    const want = truth(dated).length;
    expect(total.lowerBound ? total.total <= want : total.total === want).toBe(true);
  });
});
