/**
 * Analysis of library sessions on the persistent job queue: what to analyse (the recording, per-participant tracks,
 * a speaker-labelled transcript), session status while it runs, stage-1 results published early, final results
 * and derived files recorded on the session (so deletion and orphan scans know them), cancel that waits for the
 * ffmpeg children to be gone.
 */
import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { AnalysisResult } from '../../../shared/contract/analysis.js';
import { ApiError, conflict } from '../../../shared/contract/errors.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../library/db.js';
import type { LibraryService } from '../../library/library-service.js';
import type { SessionsRepository } from '../../library/sessions/sessions-repository.js';
import type { SessionFileRow } from '../../library/sessions/session-row.js';
import type { TranscriptsRepository } from '../../library/transcripts-repository.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { EventBus } from '../../platform/event-bus.js';
import type { Logger } from '../../platform/logger.js';
import { resolveInside } from '../../platform/safe-path.js';
import { loadAnalysis, saveAnalysis } from '../analysis-repository.js';
import type { AnalysisType } from '../analyze-file.js';
import { ANALYSIS_JOB_TYPE, type AnalysisJobPayload, type AnalysisTuning } from '../pipeline.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { JobEvent, JobRecord } from '../queue/types.js';
import type { AnalysisData } from '../types.js';

export interface AnalysisServiceDeps {
  db: Db;
  sessions: SessionsRepository;
  library: LibraryService;
  transcripts: TranscriptsRepository;
  events: EventBus;
  clock: Clock;
  logger: Logger;
  libraryDir: string;
}

type AnalysisStatus = AnalysisResult['status'];

export class AnalysisService {
  #queue: JobQueue | null = null;

  constructor(private readonly deps: AnalysisServiceDeps) {}

  /** The queue is built after this service (its handler calls back into it), so it is attached late. */
  attachQueue(queue: JobQueue): void {
    this.#queue = queue;
  }

  get queue(): JobQueue {
    if (!this.#queue) throw new Error('analysis queue not attached');
    return this.#queue;
  }

  /** Queues analysis of a session the caller may see; an analysis already queued or running is reused. */
  enqueue(actor: Actor, sessionId: string, analysisType: AnalysisType = 'full'): { job_id: string } {
    const row = this.deps.library.visibleRow(actor, sessionId);
    if (row.status === 'pending' || row.status === 'importing') {
      throw conflict('The recording is not in the library yet; analyse it once the import has finished', {
        status: row.status,
      });
    }
    return this.enqueueSession(sessionId, analysisType);
  }

  /** Queues analysis of a session whose access the caller has checked (library or transient). */
  enqueueSession(sessionId: string, analysisType: AnalysisType, tuning?: AnalysisTuning): { job_id: string } {
    const active = this.activeJobId(sessionId);
    if (active) return { job_id: active };
    const payload = { ...this.#payload(sessionId, analysisType), ...(tuning ? { tuning } : {}) };
    // The queue's own 'queued'/'running' events set the session's status (see onJobEvent).
    return { job_id: this.queue.enqueue(ANALYSIS_JOB_TYPE, payload, { sessionId, maxAttempts: 3 }) };
  }

  result(actor: Actor, sessionId: string): AnalysisResult {
    const row = this.deps.library.visibleRow(actor, sessionId);
    const stored = loadAnalysis(this.deps.db, sessionId);
    const job = this.latestJob(sessionId);
    return {
      session_id: sessionId,
      status: row.analysis_status,
      progress: row.analysis_progress,
      // The job's last progress line ("Analyzing segment 1/1") is stale once the analysis has ended.
      message: row.analysis_status === 'ready' ? 'Analysis complete' : (job?.message ?? ''),
      error: row.analysis_status === 'failed' ? (job?.error ?? row.status_detail) : null,
      job_id: job?.id ?? null,
      data: (stored?.data ?? null) as AnalysisResult['data'],
    };
  }

  /** The latest analysis job's id, message and error: what status pollers need, without the result data. */
  latestJob(sessionId: string): { id: string; message: string; error: string | null } | undefined {
    this.#latestJobStmt ??= this.deps.db.prepare(
      'SELECT id, message, error FROM jobs WHERE session_id = ? AND type = ? ORDER BY created_at DESC LIMIT 1',
    );
    return this.#latestJobStmt.get(sessionId, ANALYSIS_JOB_TYPE) as
      { id: string; message: string; error: string | null } | undefined;
  }

  #latestJobStmt: Statement | undefined;

  async cancel(actor: Actor, sessionId: string): Promise<AnalysisResult> {
    this.deps.library.visibleRow(actor, sessionId);
    await this.cancelForSession(sessionId);
    return this.result(actor, sessionId);
  }

  /** Cancels queued and running analysis of a session; resolves once its ffmpeg processes have exited. */
  async cancelForSession(sessionId: string): Promise<void> {
    const ids = this.deps.db
      .prepare("SELECT id FROM jobs WHERE session_id = ? AND state IN ('queued','running')")
      .pluck()
      .all(sessionId) as string[];
    for (const id of ids) await this.queue.cancel(id);
  }

  activeJobId(sessionId: string): string | undefined {
    return this.deps.db
      .prepare("SELECT id FROM jobs WHERE session_id = ? AND type = ? AND state IN ('queued','running') LIMIT 1")
      .pluck()
      .get(sessionId, ANALYSIS_JOB_TYPE) as string | undefined;
  }

  /** Job events → session status, progress and the events the UI and SSE clients follow. */
  onJobEvent(event: JobEvent): void {
    if (event.jobType !== ANALYSIS_JOB_TYPE || !event.sessionId) return;
    const row = this.deps.sessions.get(event.sessionId);
    if (!row || row.status === 'deleting' || row.status === 'expired') return;
    switch (event.state) {
      case 'running':
        this.#setStatus(
          event.sessionId,
          'processing',
          event.progress,
          row.status === 'uploaded' || row.status === 'ready' ? 'processing' : undefined,
        );
        break;
      case 'queued':
        this.#setStatus(event.sessionId, 'queued', event.progress);
        break;
      case 'done':
        break; // onDone stores the data first, then marks the session ready
      case 'failed':
        this.#setStatus(
          event.sessionId,
          'failed',
          event.progress,
          'failed',
          `Analysis failed: ${event.error ?? 'unknown error'}`,
        );
        break;
      case 'cancelled': {
        // A cancelled re-analysis leaves the previous complete result in place, and the session ready.
        const complete = loadAnalysis(this.deps.db, event.sessionId)?.stage === 'complete';
        const status = row.status === 'processing' ? (complete ? 'ready' : 'uploaded') : undefined;
        this.#setStatus(event.sessionId, 'cancelled', event.progress, status);
        break;
      }
    }
    this.deps.events.emit({
      type: 'job.progress',
      job_id: event.jobId,
      session_id: event.sessionId,
      state: event.state,
      progress: event.progress,
      message: event.message,
      coach_id: row.coach_id,
    });
  }

  onStage1(job: JobRecord<AnalysisJobPayload>, data: AnalysisData): void {
    if (!job.sessionId) return;
    // Re-analysing: keep the previous complete result until this run completes (it may be cancelled).
    const previous = loadAnalysis(this.deps.db, job.sessionId);
    if (previous?.stage === 'complete' && previous.jobId !== job.id) return;
    saveAnalysis(this.deps.db, {
      sessionId: job.sessionId,
      jobId: job.id,
      data,
      now: this.deps.clock.now().toISOString(),
    });
  }

  /** The final result: stored, derived files recorded on the session, session ready. */
  onDone(job: JobRecord<AnalysisJobPayload>, data: AnalysisData): void {
    const sessionId = job.sessionId;
    if (!sessionId || !this.deps.sessions.get(sessionId)) return;
    const now = this.deps.clock.now().toISOString();
    this.deps.db.transaction(() => {
      saveAnalysis(this.deps.db, { sessionId, jobId: job.id, data, now });
      this.#recordDerivedFiles(sessionId, job.payload.outDir, data, now);
      this.#setStatus(sessionId, 'ready', 100, 'ready', null);
    })();
  }

  #payload(sessionId: string, analysisType: AnalysisType): AnalysisJobPayload {
    const files = this.deps.sessions.files(sessionId);
    const main = files.find((f) => f.kind === 'recording') ?? files.find((f) => f.kind === 'audio');
    if (!main) throw new ApiError(409, 'This session has no recording to analyse', { field: 'id' });
    const transcript = this.deps.transcripts
      .segments(sessionId)
      .filter((s): s is typeof s & { speaker: string } => s.speaker !== null)
      .map((s) => ({ start: s.start, end: s.end, speaker: s.speaker }));
    return {
      path: this.#absolute(main),
      outDir: join(this.deps.libraryDir, sessionId, 'analysis'),
      analysisType,
      participants: files
        .filter((f) => f.kind === 'participant_audio')
        .map((f) => ({ name: f.participant ?? f.name, path: this.#absolute(f) })),
      transcript: transcript.length > 0 ? transcript : undefined,
    };
  }

  #absolute(file: SessionFileRow): string {
    if (file.managed !== 1) return file.path;
    const path = resolveInside(this.deps.libraryDir, file.path);
    if (!path) throw new ApiError(409, `The file ${file.name} is recorded outside the library folder`);
    return path;
  }

  #recordDerivedFiles(sessionId: string, outDir: string, data: AnalysisData, now: string): void {
    const names = new Set<string>();
    const thumbs = data.thumbnails as unknown as Record<string, unknown> | null;
    const collect = (value: unknown): void => {
      if (typeof value === 'string' && /\.(jpe?g|png|webp)$/i.test(value)) names.add(value);
      else if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') Object.values(value).forEach(collect);
    };
    collect(thumbs);
    const known = new Set(this.deps.sessions.files(sessionId).map((f) => f.path));
    for (const name of names) {
      const absolute = join(outDir, name);
      const path = relative(this.deps.libraryDir, absolute);
      if (known.has(path)) continue;
      const size = statSync(absolute, { throwIfNoEntry: false })?.size ?? 0;
      this.deps.sessions.addFile(sessionId, { kind: 'thumbnail', name, path, managed: true, size }, now);
    }
  }

  #setStatus(
    sessionId: string,
    analysis: AnalysisStatus,
    progress: number,
    status?: 'processing' | 'ready' | 'failed' | 'uploaded',
    detail?: string | null,
  ): void {
    const patch: Parameters<SessionsRepository['update']>[1] = {
      analysis_status: analysis,
      analysis_progress: Math.round(progress * 10) / 10,
    };
    if (status) patch.status = status;
    if (detail !== undefined) patch.status_detail = detail;
    this.deps.sessions.update(sessionId, patch, this.deps.clock.now().toISOString());
    this.deps.library.announce(sessionId, 'session.changed');
  }
}
