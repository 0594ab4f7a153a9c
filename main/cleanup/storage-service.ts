/**
 * GET /api/v1/storage: library figures from the trigger-kept counters (`session_counts`, `trash_totals`), never a
 * scan, so it costs the same at a million sessions; disk space from the OS (`statfs` on the library folder).
 */
import { statfs } from 'node:fs/promises';
import type { StorageReport } from '../../shared/contract/storage.js';
import type { Db } from '../db/index.js';
import type { SessionsRepository } from '../library/index.js';
import { scopedCoach, type Actor } from '../platform/actor.js';

const QUOTA_KEY = 'storage.quota_bytes';
const WARN_AT = 0.9;

export class StorageService {
  constructor(
    private readonly deps: {
      db: Db;
      sessions: SessionsRepository;
      libraryDir: string;
      /** S3 figures once S3 sync is configured (null: no S3). */
      s3Totals?: () => StorageReport['s3'];
    },
  ) {}

  async report(actor: Actor): Promise<StorageReport> {
    const coach = scopedCoach(actor);
    const byStatus = this.deps.sessions.totalsByStatus(coach);
    const totals = Object.values(byStatus).reduce((a, b) => ({ n: a.n + b.sessions, bytes: a.bytes + b.bytes }), {
      n: 0,
      bytes: 0,
    });
    const trash = coach
      ? (this.deps.db
          .prepare(
            "SELECT COUNT(*) AS sessions, IFNULL(SUM(t.bytes), 0) AS bytes FROM trash t JOIN sessions s ON s.id = t.session_id WHERE s.coach_id = ? AND s.status = 'trashed'",
          )
          .get(coach) as { sessions: number; bytes: number })
      : (this.deps.db.prepare('SELECT sessions, bytes FROM trash_totals WHERE id = 1').get() as {
          sessions: number;
          bytes: number;
        });
    const fs = await statfs(this.deps.libraryDir);
    const quota = this.quota();
    const used = totals.bytes + trash.bytes;
    let warning: string | null = null;
    if (quota !== null && quota > 0 && used >= quota) warning = 'The library has reached its quota';
    else if (quota !== null && quota > 0 && used >= quota * WARN_AT)
      warning = `The library uses ${Math.round((used / quota) * 100)} % of its quota`;
    return {
      library_bytes: totals.bytes,
      sessions: totals.n,
      by_status: byStatus,
      trash_bytes: trash.bytes,
      trash_sessions: trash.sessions,
      offloaded_sessions: this.#offloadedSessions(coach ?? null),
      s3: this.deps.s3Totals?.() ?? null,
      disk: { free: fs.bavail * fs.bsize, total: fs.blocks * fs.bsize },
      quota_bytes: quota,
      quota_warning: warning,
    };
  }

  /** Sessions whose recording is held in S3 only (migration 0010's `offloads`: as many rows as offloaded files). */
  #offloadedSessions(coach: string | null): number {
    const sql =
      coach === null
        ? 'SELECT COUNT(DISTINCT session_id) FROM offloads'
        : 'SELECT COUNT(DISTINCT o.session_id) FROM offloads o JOIN sessions s ON s.id = o.session_id WHERE s.coach_id = ?';
    const stmt = this.deps.db.prepare(sql).pluck();
    return (coach === null ? stmt.get() : stmt.get(coach)) as number;
  }

  quota(): number | null {
    const raw = this.deps.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(QUOTA_KEY) as
      string | undefined;
    return raw === undefined ? null : (JSON.parse(raw) as number | null);
  }

  setQuota(bytes: number | null): void {
    this.deps.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(QUOTA_KEY, JSON.stringify(bytes));
  }
}
