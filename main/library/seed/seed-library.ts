/**
 * `filmroom seed`: bulk-inserts synthetic sessions (marked synthetic, no media files) for demos and benchmarks.
 * 1,000,000 sessions must take under a minute, so rows go in through prepared statements in large transactions
 * with fsync relaxed for the duration (a seed that dies is simply run again).
 */
import type { Db } from '../../db/index.js';
import { newId } from '../../platform/ids.js';
import { FILL_SEARCH_TERMS, FILL_SESSIONS_SEARCH, FILL_SORTED_SEARCH, FILL_TITLE_RANKS } from '../../db/index.js';
import { mulberry32, syntheticClients, syntheticSession } from './synthetic.js';

export function seedLibrary(db: Db, opts: { sessions: number; seed: number; now: Date }): number {
  const rand = mulberry32(opts.seed);
  const clients = syntheticClients(rand);
  const now = opts.now.getTime();
  const insertSession = db.prepare(
    `INSERT INTO sessions (id, title, status, status_detail, platform, coach_id, client, participants_text,
       participant_names, recorded_at, created_at, updated_at, duration, size, analysis_status, analysis_progress,
       transcript_status, synthetic)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const insertParticipant = db.prepare('INSERT INTO participants (session_id, name, role) VALUES (?, ?, ?)');
  let index = 0;
  // Counter deltas are summed here rather than recomputed by scanning the table afterwards.
  const counts = new Map<string, { status: string; platform: string; coach: string; n: number; bytes: number }>();
  const batch = db.transaction((count: number) => {
    for (let i = 0; i < count; i++, index++) {
      const s = syntheticSession(rand, clients, now, index, opts.sessions);
      const id = newId('ses_', Date.parse(s.created_at));
      insertSession.run(
        id,
        s.title,
        s.status,
        s.status_detail,
        s.platform,
        s.coach_id,
        s.client,
        `${s.coach_name} ${s.client}`,
        `${s.coach_name}; ${s.client}`, // participant_names: the two participant rows inserted below
        s.recorded_at,
        s.created_at,
        s.created_at,
        s.duration,
        s.size,
        s.analysis_status,
        s.analysis_status === 'ready' ? 100 : 0,
        s.transcript_status,
      );
      const key = `${s.status}|${s.platform}|${s.coach_id}`;
      const c = counts.get(key) ?? { status: s.status, platform: s.platform, coach: s.coach_id, n: 0, bytes: 0 };
      c.n += 1;
      c.bytes += s.size;
      counts.set(key, c);
      insertParticipant.run(id, s.coach_name, 'coach');
      insertParticipant.run(id, s.client, 'client');
    }
  });
  const previous = db.pragma('synchronous', { simple: true });
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF'); // every participant row names a session inserted just before it
  try {
    withBulkLoad(db, ['sessions', 'participants'], () => {
      const addCounts = db.prepare(
        `INSERT INTO session_counts (status, platform, coach_id, n, bytes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(status, platform, coach_id) DO UPDATE SET n = n + excluded.n, bytes = bytes + excluded.bytes`,
      );
      let left = opts.sessions;
      while (left > 0) {
        const n = Math.min(left, 50_000);
        batch(n);
        left -= n;
      }
      // Synthetic sessions are all library sessions in listed states, so each counts (the triggers' rule).
      db.transaction(() => {
        for (const c of counts.values()) addCounts.run(c.status, c.platform, c.coach, c.n, c.bytes);
      })();
    });
    db.pragma('analysis_limit = 1000'); // approximate statistics are plenty for the planner, and fast
    db.exec('ANALYZE');
  } finally {
    db.pragma(`synchronous = ${Number(previous)}`);
    db.pragma('foreign_keys = ON');
  }
  return opts.sessions;
}

/**
 * Loads rows with the tables' secondary indexes and triggers set aside, then rebuilds what they maintain:
 * sorting once is far cheaper than a million random B-tree inserts and FTS/counter updates. The definitions are
 * read back from sqlite_master, so the schema stays the single source of truth.
 */
function withBulkLoad(db: Db, tables: string[], load: () => void): void {
  const marks = tables.map(() => '?').join(',');
  const objects = db
    .prepare(
      `SELECT type, name, sql FROM sqlite_master WHERE tbl_name IN (${marks}) AND type IN ('index','trigger') AND sql IS NOT NULL`,
    )
    .all(...tables) as { type: 'index' | 'trigger'; name: string; sql: string }[];
  db.transaction(() => {
    for (const o of objects) db.exec(`DROP ${o.type.toUpperCase()} "${o.name}"`);
  })();
  try {
    load();
  } finally {
    db.transaction(() => {
      for (const o of objects.filter((x) => x.type === 'index')) db.exec(o.sql);
      for (const o of objects.filter((x) => x.type === 'trigger')) db.exec(o.sql);
      // The ordered search index (migration 0002) is contentless: refilled from the table in search-key order.
      db.exec(FILL_SESSIONS_SEARCH);
      db.exec(FILL_SEARCH_TERMS);
      // The per-sort ordered indexes (migration 0011), title ranks first: the title index's rowids are made of them.
      db.exec(FILL_TITLE_RANKS);
      db.exec('DELETE FROM search_title_crowded'); // evenly spaced afresh: nothing crowded (migration 0031)
      db.exec(FILL_SORTED_SEARCH);
    })();
  }
}
