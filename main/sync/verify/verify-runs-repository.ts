/**
 * The `verify_runs` table (migration 0019): one row per "Verify backups" run, its findings as one JSON document;
 * and the list of objects the library references, which is what a run checks.
 */
import type { VerifyFinding, VerifyRun } from '../../../shared/contract/verify.js';
import type { LibraryDb } from '../../db/index.js';

export interface Findings {
  rehashed: number;
  missing: VerifyFinding[];
  changed: VerifyFinding[];
  unverifiable: VerifyFinding[];
}

interface RunRow {
  id: string;
  job_id: string | null;
  trigger: VerifyRun['trigger'];
  sample_rehash: number;
  started_at: string;
  finished_at: string | null;
  checked: number;
  ok: number;
  findings: string;
  error: string | null;
}

/** One object the library references: a session file with a bucket key, of a session not being deleted. */
/** Every object the library references (the library's answer, `SessionsRepository.objectsInBucket`). */
export type { ObjectInBucket as ReferencedObject } from '../../library/index.js';

const HISTORY = 50;

export class VerifyRunsRepository {
  constructor(private readonly db: LibraryDb) {}

  create(run: { id: string; trigger: VerifyRun['trigger']; sampleRehash: number; now: string }): void {
    this.db
      .prepare('INSERT INTO verify_runs (id, trigger, sample_rehash, started_at) VALUES (?, ?, ?, ?)')
      .run(run.id, run.trigger, run.sampleRehash, run.now);
  }

  setJob(runId: string, jobId: string): void {
    this.db.prepare('UPDATE verify_runs SET job_id = ? WHERE id = ?').run(jobId, runId);
  }

  get(runId: string): (RunRow & { findingsParsed: Findings }) | undefined {
    const row = this.db.prepare('SELECT * FROM verify_runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row && { ...row, findingsParsed: JSON.parse(row.findings) as Findings };
  }

  /** A run still under way (not finished), if any. */
  unfinished(): RunRow | undefined {
    return this.db
      .prepare('SELECT * FROM verify_runs WHERE finished_at IS NULL ORDER BY started_at DESC LIMIT 1')
      .get() as RunRow | undefined;
  }

  /** Progress so far, or the final figures with `finishedAt`. */
  save(
    runId: string,
    figures: { checked: number; ok: number; findings: Findings; finishedAt?: string; error?: string | null },
  ): void {
    this.db
      .prepare(
        `UPDATE verify_runs SET checked = ?, ok = ?, findings = ?, finished_at = COALESCE(?, finished_at),
           error = COALESCE(?, error) WHERE id = ?`,
      )
      .run(
        figures.checked,
        figures.ok,
        JSON.stringify(figures.findings),
        figures.finishedAt ?? null,
        figures.error ?? null,
        runId,
      );
  }

  /** When the latest run with this trigger started (the schedule counts from it), or null. */
  lastStartedAt(trigger: VerifyRun['trigger']): string | null {
    const at = this.db
      .prepare('SELECT started_at FROM verify_runs WHERE trigger = ? ORDER BY started_at DESC LIMIT 1')
      .pluck()
      .get(trigger) as string | undefined;
    return at ?? null;
  }

  /** The newest runs first (the history keeps the latest 50 in view). */
  list(): VerifyRun[] {
    const rows = this.db
      .prepare('SELECT * FROM verify_runs ORDER BY started_at DESC, rowid DESC LIMIT ?')
      .all(HISTORY) as RunRow[];
    return rows.map((r) => toRun(r));
  }

  /** Each file's newest upload state (file id → state): a file whose last backup did not finish is pending. */
  latestUploadStates(): Map<number, string> {
    const rows = this.db
      .prepare('SELECT file_id, state FROM uploads WHERE file_id IS NOT NULL ORDER BY created_at, rowid')
      .all() as { file_id: number; state: string }[];
    return new Map(rows.map((r) => [r.file_id, r.state]));
  }
}

function toRun(r: RunRow): VerifyRun {
  const findings = JSON.parse(r.findings) as Partial<Findings> & Omit<Findings, 'rehashed'>;
  return {
    run_id: r.id,
    job_id: r.job_id,
    trigger: r.trigger,
    sample_rehash: r.sample_rehash,
    started_at: r.started_at,
    finished_at: r.finished_at,
    checked: r.checked,
    ok: r.ok,
    rehashed: findings.rehashed ?? 0,
    missing: findings.missing,
    changed: findings.changed,
    unverifiable: findings.unverifiable,
    error: r.error,
  };
}
