/**
 * SQL over the `jobs` and `job_chunks` tables (migration 0001). Claims run inside BEGIN IMMEDIATE so two queue
 * instances on one database can never take the same job. Times are ISO-8601 UTC text, which sorts correctly.
 */
import type { Statement } from 'better-sqlite3';
import { StatementCache, type WorkDb } from '../db/index.js';
import type { ChunkPlanEntry } from './chunk-store.js';
import type { JobRecord, JobState } from './types.js';

interface JobRow {
  id: string;
  type: string;
  session_id: string | null;
  state: JobState;
  priority: number;
  payload: string;
  progress: number;
  message: string;
  attempts: number;
  max_attempts: number;
  run_after: string;
  error: string | null;
  result: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

function toRecord(row: JobRow): JobRecord {
  return {
    id: row.id,
    type: row.type,
    sessionId: row.session_id,
    state: row.state,
    priority: row.priority,
    payload: parseJson(row.payload),
    progress: row.progress,
    message: row.message,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    runAfter: row.run_after,
    error: row.error,
    result: parseJson(row.result),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export class JobStore {
  #active?: Statement;
  #activeOfType?: Statement;

  constructor(private readonly db: WorkDb) {
    this.#pluckedBySql = new StatementCache(db, { size: 32, configure: (s) => s.pluck() });
  }

  insert(job: {
    id: string;
    type: string;
    sessionId: string | null;
    priority: number;
    payload: unknown;
    maxAttempts: number;
    runAfter: string;
    now: string;
    dedupeKey?: string | null;
  }): void {
    const row = [
      job.id,
      job.type,
      job.sessionId,
      job.priority,
      JSON.stringify(job.payload ?? {}),
      job.maxAttempts,
      job.runAfter,
      job.now,
      job.now,
    ];
    const columns = 'id, type, session_id, state, priority, payload, max_attempts, run_after, created_at, updated_at';
    // The key column (migration 0030) is named only when a key is given.
    if (job.dedupeKey == null) {
      this.db.prepare(`INSERT INTO jobs (${columns}) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`).run(...row);
    } else {
      this.db
        .prepare(`INSERT INTO jobs (${columns}, dedupe_key) VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`)
        .run(...row, job.dedupeKey);
    }
  }

  get(id: string): JobRecord | undefined {
    const row = this.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Types that have queued or running jobs (checked against the registered handlers at start). */
  pendingTypes(): string[] {
    const rows = this.db.prepare(`SELECT DISTINCT type FROM jobs WHERE state IN ('queued','running')`).all() as {
      type: string;
    }[];
    return rows.map((r) => r.type);
  }

  /** Crash recovery: whatever was running when the process died runs again (finished chunks are kept). */
  requeueInterrupted(now: string): number {
    return this.db.transaction(() => {
      const jobs = this.db.prepare(`UPDATE jobs SET state = 'queued', updated_at = ? WHERE state = 'running'`).run(now);
      this.db.prepare(`UPDATE job_chunks SET state = 'queued', updated_at = ? WHERE state = 'running'`).run(now);
      return jobs.changes;
    })();
  }

  /** Takes the most urgent due job and marks it running, atomically (BEGIN IMMEDIATE). */
  claimNext(now: string, excludeIds: ReadonlySet<string>): JobRecord | undefined {
    const claim = this.db.transaction((): JobRecord | undefined => {
      const candidates = this.db
        .prepare(
          `SELECT * FROM jobs WHERE state = 'queued' AND run_after <= ? ORDER BY priority DESC, run_after, created_at LIMIT 20`,
        )
        .all(now) as JobRow[];
      const row = candidates.find((c) => !excludeIds.has(c.id));
      if (!row) return undefined;
      this.db
        .prepare(
          `UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = ?, updated_at = ? WHERE id = ?`,
        )
        .run(now, now, row.id);
      return toRecord({ ...row, state: 'running', attempts: row.attempts + 1, started_at: now, updated_at: now });
    });
    return claim.immediate();
  }

  /** Earliest run_after of a queued job, to know when to look again. */
  nextRunAfter(): string | undefined {
    const row = this.db.prepare(`SELECT MIN(run_after) AS t FROM jobs WHERE state = 'queued'`).get() as {
      t: string | null;
    };
    return row.t ?? undefined;
  }

  countQueued(dueBy?: string): number {
    const row = (
      dueBy === undefined
        ? this.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'queued'`).get()
        : this.db.prepare(`SELECT COUNT(*) AS n FROM jobs WHERE state = 'queued' AND run_after <= ?`).get(dueBy)
    ) as { n: number };
    return row.n;
  }

  setProgress(id: string, progress: number, message: string, now: string): void {
    this.db
      .prepare(`UPDATE jobs SET progress = ?, message = ?, updated_at = ? WHERE id = ?`)
      .run(progress, message, now, id);
  }

  finish(
    id: string,
    state: 'done' | 'failed' | 'cancelled',
    fields: { result?: unknown; error?: string | null; now: string },
  ): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = ?, result = ?, error = ?, finished_at = ?, updated_at = ?,
           progress = CASE WHEN ? = 'done' THEN 100 ELSE progress END WHERE id = ?`,
      )
      .run(
        state,
        fields.result === undefined ? null : JSON.stringify(fields.result),
        fields.error ?? null,
        fields.now,
        fields.now,
        state,
        id,
      );
  }

  /** Back to the queue, to run again after `runAfter` (retry with backoff, or an orderly shutdown). */
  requeue(id: string, fields: { runAfter: string; error: string | null; now: string; refundAttempt?: boolean }): void {
    this.db
      .prepare(
        `UPDATE jobs SET state = 'queued', run_after = ?, error = ?, updated_at = ?,
           attempts = attempts - ? WHERE id = ?`,
      )
      .run(fields.runAfter, fields.error, fields.now, fields.refundAttempt ? 1 : 0, id);
  }

  /** Cancels a job that is not running here; true when it was queued (or running elsewhere). */
  cancelPending(id: string, now: string): boolean {
    const r = this.db
      .prepare(
        `UPDATE jobs SET state = 'cancelled', finished_at = ?, updated_at = ? WHERE id = ? AND state IN ('queued','running')`,
      )
      .run(now, now, id);
    return r.changes > 0;
  }

  /** The newest job of a type for a session (what status pollers show). */
  latestForSession(sessionId: string, type: string): JobRecord | undefined {
    const stmt = (this.#latest ??= this.db.prepare(
      'SELECT * FROM jobs WHERE session_id = ? AND type = ? ORDER BY created_at DESC LIMIT 1',
    ));
    const row = stmt.get(sessionId, type) as JobRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  #latest: Statement | undefined;

  /** Queued or running jobs of a session (all types unless one is named). */
  activeForSession(sessionId: string, type?: string): string[] {
    return (
      // Asked for every session of a bulk delete: prepared once.
      (
        type === undefined
          ? (this.#active ??= this.db
              .prepare("SELECT id FROM jobs WHERE session_id = ? AND state IN ('queued','running')")
              .pluck()).all(sessionId)
          : (this.#activeOfType ??= this.db
              .prepare("SELECT id FROM jobs WHERE session_id = ? AND type = ? AND state IN ('queued','running')")
              .pluck()).all(sessionId, type)
      ) as string[]
    );
  }

  /** Sessions with queued or running work of any type (the orphan scan leaves their folders alone). */
  sessionsWithActiveJobs(): string[] {
    return this.#plucked(
      "SELECT DISTINCT session_id FROM jobs WHERE state IN ('queued','running') AND session_id IS NOT NULL",
    ).all() as string[];
  }

  /** The session has queued or running work (re-checked right before a file of its folder is deleted). */
  hasActiveJobs(sessionId: string): boolean {
    const sql = "SELECT 1 FROM jobs WHERE session_id = ? AND state IN ('queued','running') LIMIT 1";
    return this.#plucked(sql).get(sessionId) !== undefined;
  }

  /** The job is still queued or running (a cleanup run's job that a crash did not lose). */
  isActive(id: string): boolean {
    return this.#plucked("SELECT 1 FROM jobs WHERE id = ? AND state IN ('queued','running')").get(id) !== undefined;
  }

  /** Single-column statements prepared on first use and kept: cleanup asks these once per file it deletes. */
  readonly #pluckedBySql: StatementCache;

  #plucked(sql: string): Statement {
    return this.#pluckedBySql.get(sql);
  }

  /** The queued or running job holding this dedupe key (migration 0030), if any. */
  liveByKey(key: string): string | undefined {
    return this.db
      .prepare("SELECT id FROM jobs WHERE dedupe_key = ? AND state IN ('queued','running')")
      .pluck()
      .get(key) as string | undefined;
  }

  /** Ids of queued or running jobs of a type whose payload field (a JSON path such as `$.uploadId`) equals value. */
  activeByPayload(type: string, path: string, value: string): string[] {
    return this.db
      .prepare("SELECT id FROM jobs WHERE type = ? AND state IN ('queued','running') AND json_extract(payload, ?) = ?")
      .pluck()
      .all(type, path, value) as string[];
  }

  /** The values of a payload field over the queued or running jobs of a type. */
  activePayloadValues(type: string, path: string): Set<string> {
    const values = this.db
      .prepare("SELECT json_extract(payload, ?) FROM jobs WHERE type = ? AND state IN ('queued','running')")
      .pluck()
      .all(path, type) as (string | null)[];
    return new Set(values.filter((v): v is string => v !== null));
  }

  // ---- chunks ----

  planChunks(jobId: string, entries: readonly ChunkPlanEntry[], now: string): ChunkPlanEntry[] {
    return this.db
      .transaction(() => {
        const existing = this.savedPlan(jobId);
        if (existing) return existing;
        const insert = this.db.prepare(
          `INSERT INTO job_chunks (job_id, idx, start_s, end_s, state, updated_at) VALUES (?, ?, ?, ?, 'queued', ?)`,
        );
        for (const e of entries) insert.run(jobId, e.idx, e.start, e.end, now);
        return [...entries];
      })
      .immediate();
  }

  savedPlan(jobId: string): ChunkPlanEntry[] | undefined {
    const rows = this.db
      .prepare(`SELECT idx, start_s AS start, end_s AS end FROM job_chunks WHERE job_id = ? ORDER BY idx`)
      .all(jobId) as ChunkPlanEntry[];
    return rows.length > 0 ? rows : undefined;
  }

  markChunk(jobId: string, idx: number, state: 'running' | 'done', result: unknown, now: string): void {
    this.db
      .prepare(
        `UPDATE job_chunks SET state = ?, result = COALESCE(?, result), progress = CASE WHEN ? = 'done' THEN 100 ELSE progress END,
           attempts = attempts + CASE WHEN ? = 'running' THEN 1 ELSE 0 END, updated_at = ? WHERE job_id = ? AND idx = ?`,
      )
      .run(state, result === undefined ? null : JSON.stringify(result), state, state, now, jobId, idx);
  }

  doneChunks(jobId: string): Map<number, unknown> {
    const rows = this.db
      .prepare(`SELECT idx, result FROM job_chunks WHERE job_id = ? AND state = 'done' ORDER BY idx`)
      .all(jobId) as { idx: number; result: string | null }[];
    return new Map(rows.map((r) => [r.idx, parseJson(r.result)]));
  }
}
