/**
 * Analysis of library sessions on the persistent job queue: what to analyse (the recording, per-participant tracks,
 * a speaker-labelled transcript), session status while it runs, stage-1 results published early, final results
 * and derived files recorded on the session (so deletion and orphan scans know them), cancel that waits for the
 * ffmpeg children to be gone.
 */
import { existsSync } from 'node:fs';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { AnalysisResult } from '../../shared/contract/analysis.js';
import { ApiError, conflict } from '../../shared/contract/errors.js';
import type { JobEvent, JobQueue, JobRecord } from '../jobs/index.js';
import type {
  AnalysesRepository,
  LibraryService,
  SessionFileRow,
  SessionsRepository,
  StoredAnalysis,
  TranscriptsRepository,
} from '../library/index.js';
import type { Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import { artifactsResource, mediaResource, type MediaSigner } from '../platform/media-signing.js';
import { FileOutsideLibraryError, type LibraryLayout } from '../storage/index.js';
import type { AnalysisType } from './analyze-file.js';
import { POSTER_FILE } from './analyzers/thumbnails.js';
import { ANALYSIS_JOB, type AnalysisJobPayload, type AnalysisTuning } from './pipeline.js';
import type { AnalysisData } from './types.js';
import type { SpeakerNames } from './speakers/speaker-names.js';

export interface AnalysisServiceDeps {
  queue: JobQueue;
  analyses: AnalysesRepository;
  /**
   * Session rows (status, coach share, derived files) written from job events: on the library connection
   * (synchronous=FULL), like every `sessions` write; only the result itself (`analyses`) is on the work connection.
   */
  sessions: SessionsRepository;
  library: LibraryService;
  transcripts: TranscriptsRepository;
  clock: Clock;
  layout: LibraryLayout;
  signer: MediaSigner;
  /** Names from transcript labels and the coach's speaker edits, applied to every result stored or read. */
  names: SpeakerNames;
}

/** Signed media links live an hour: long enough to watch a session, short enough not to outlive the review. */
const MEDIA_URL_TTL_S = 3600;

/** A transcript attributes talk by its labels when they cover at least this share of its cue time. */
const LABELLED_ENOUGH = 0.9;

type AnalysisStatus = AnalysisResult['status'];

export class AnalysisService {
  constructor(private readonly deps: AnalysisServiceDeps) {
    deps.queue.onEvent((event) => this.onJobEvent(event));
  }

  private get queue(): JobQueue {
    return this.deps.queue;
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
    return { job_id: this.queue.enqueue(ANALYSIS_JOB, payload, { sessionId }) };
  }

  result(actor: Actor, sessionId: string): AnalysisResult {
    const row = this.deps.library.visibleRow(actor, sessionId);
    const stored = this.deps.analyses.load<AnalysisData>(sessionId);
    const job = this.latestJob(sessionId);
    return {
      session_id: sessionId,
      status: row.analysis_status,
      progress: row.analysis_progress,
      // The job's last progress line ("Analyzing segment 1/1") is stale once the analysis has ended.
      message: row.analysis_status === 'ready' ? 'Analysis complete' : (job?.message ?? ''),
      error: row.analysis_status === 'failed' ? (job?.error ?? row.status_detail) : null,
      job_id: job?.id ?? null,
      // Edits are stored before the result is rewritten: replaying them here (idempotent) covers a crash between.
      data: (stored ? this.deps.names.effective(sessionId, stored.data) : null) as AnalysisResult['data'],
    };
  }

  /** The latest analysis job's id, message and error: what status pollers need, without the result data. */
  latestJob(sessionId: string): { id: string; message: string; error: string | null } | undefined {
    return this.queue.latestForSession(sessionId, ANALYSIS_JOB);
  }

  /** The stored result (stage-1 early, then complete), without access checks: callers have made them. */
  stored(sessionId: string): StoredAnalysis<AnalysisData> | undefined {
    return this.deps.analyses.load<AnalysisData>(sessionId);
  }

  /** URLs a player can open without a header (`<video src>`): the recording and the analysis artifacts. */
  mediaUrl(actor: Actor, sessionId: string) {
    this.deps.library.visibleRow(actor, sessionId);
    // One signature per resource, so the recording's link does not open the artifacts (and back).
    const media = this.deps.signer.sign(mediaResource(sessionId), MEDIA_URL_TTL_S);
    return {
      url: `${mediaResource(sessionId)}?exp=${media.exp}&sig=${media.sig}`,
      artifacts_url: this.#artifactUrl(sessionId, '{name}'),
      expires_in: MEDIA_URL_TTL_S,
    };
  }

  /**
   * Poster URLs for many sessions in one answer (a grid shows dozens at once). Ids the actor may not see, or that
   * do not exist, are left out rather than failing the batch; the poster is known from the session's derived
   * files, so no analysis result (with its waveform) is read.
   */
  posters(actor: Actor, ids: readonly string[]) {
    const visible = [...new Set(ids)].filter((id) => this.#canSee(actor, id));
    const withPoster = new Set<string>();
    for (const file of this.deps.sessions.filesOfMany(visible)) {
      if (file.kind === 'thumbnail' && file.name === POSTER_FILE) withPoster.add(file.session_id);
    }
    return {
      items: visible.map((id) => ({
        id,
        poster_url: withPoster.has(id) ? this.#artifactUrl(id, encodeURIComponent(POSTER_FILE)) : null,
      })),
      expires_in: MEDIA_URL_TTL_S,
    };
  }

  #canSee(actor: Actor, sessionId: string): boolean {
    try {
      this.deps.library.visibleRow(actor, sessionId);
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 404 || error.status === 403)) return false;
      throw error;
    }
  }

  /** A signed URL of one file of the session's analysis folder (`{name}` keeps the template of media-url). */
  #artifactUrl(sessionId: string, name: string): string {
    const { exp, sig } = this.deps.signer.sign(artifactsResource(sessionId), MEDIA_URL_TTL_S);
    return `${artifactsResource(sessionId)}${name}?exp=${exp}&sig=${sig}`;
  }

  async cancel(actor: Actor, sessionId: string): Promise<AnalysisResult> {
    this.deps.library.visibleRow(actor, sessionId);
    await this.cancelForSession(sessionId);
    return this.result(actor, sessionId);
  }

  /** Cancels queued and running analysis of a session; resolves once its ffmpeg processes have exited. */
  async cancelForSession(sessionId: string): Promise<void> {
    await this.queue.cancelForSession(sessionId, ANALYSIS_JOB);
  }

  activeJobId(sessionId: string): string | undefined {
    return this.queue.activeForSession(sessionId, ANALYSIS_JOB);
  }

  /** A transient session's analysis progress as it is now (its row between two state changes of the job). */
  progressOf(row: { id: string; analysis_status: string; analysis_progress: number }): number {
    return this.deps.library.progress.row(row).analysis_progress;
  }

  /**
   * Job events → session status and progress (the jobs module then puts the event on the bus for every type). A
   * change of the job's state reads the session once and writes it; a progress tick (up to 10 a second) reads and
   * writes no row: the library keeps it in memory and sends the session on with it (`LiveProgress`).
   */
  private onJobEvent(event: JobEvent): void {
    if (event.jobType !== ANALYSIS_JOB.name || !event.sessionId) return;
    const live = this.deps.library.progress;
    if (event.tick) {
      this.deps.library.progressed(event.sessionId, roundProgress(event.progress));
      return;
    }
    if (event.state !== 'running') live.ended(event.sessionId);
    const row = this.deps.sessions.get(event.sessionId);
    if (!row || row.status === 'deleting' || row.status === 'expired' || row.status === 'trashed') return;
    switch (event.state) {
      case 'running':
        live.started(event.sessionId);
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
      case 'failed': {
        // The recording is still whole: only its analysis failed (a full disk, a decoder that gave up). The session
        // stays `uploaded` (or `ready` with the previous complete result) and `analysis_status` says what failed —
        // a session `failed` is one whose media could not be imported, and "clean up failed sessions" deletes
        // those; it must never take a good recording because an analysis run failed (found by the 1000-kill soak).
        const status = this.#afterRun(event.sessionId, row.status);
        this.#setStatus(
          event.sessionId,
          'failed',
          event.progress,
          status,
          `Analysis failed: ${event.error ?? 'unknown error'}`,
        );
        break;
      }
      case 'cancelled':
        // A cancelled re-analysis leaves the previous complete result in place, and the session ready.
        this.#setStatus(event.sessionId, 'cancelled', event.progress, this.#afterRun(event.sessionId, row.status));
        break;
    }
  }

  onStage1(job: JobRecord<AnalysisJobPayload>, data: AnalysisData): void {
    if (!job.sessionId) return;
    // Re-analysing: keep the previous complete result until this run completes (it may be cancelled).
    const previous = this.deps.analyses.load(job.sessionId);
    if (previous?.stage === 'complete' && previous.jobId !== job.id) return;
    const named = this.deps.names.effective(job.sessionId, data);
    this.deps.analyses.save({
      sessionId: job.sessionId,
      jobId: job.id,
      data: named,
      now: this.deps.clock.now().toISOString(),
    });
  }

  /** The final result: stored, derived files recorded on the session, session ready. */
  onDone(job: JobRecord<AnalysisJobPayload>, data: AnalysisData): void {
    const sessionId = job.sessionId;
    if (!sessionId || !this.deps.sessions.get(sessionId)) return;
    const now = this.deps.clock.now().toISOString();
    const named = this.deps.names.effective(sessionId, data);
    // Two commits, one per connection, one after the other (a write transaction on one connection never waits
    // inside the other's: both write the same file, so that would wait on itself). The result first, on the work
    // connection: a session is never "ready" without it. A stop between the two leaves the job running, so it runs
    // again at the next start.
    this.deps.analyses.save({ sessionId, jobId: job.id, data: named, now });
    this.deps.sessions.transaction(() => {
      this.deps.sessions.update(sessionId, { coach_share: this.deps.names.coachShare(sessionId, named) }, now);
      this.#recordDerivedFiles(sessionId, job.payload.outDir, data, now);
      this.#setStatus(sessionId, 'ready', 100, 'ready', null, false);
    });
    // After the commit: the announcement reads the committed row.
    this.deps.library.announce(sessionId, 'session.changed');
  }

  #payload(sessionId: string, analysisType: AnalysisType): AnalysisJobPayload {
    const files = this.deps.sessions.files(sessionId);
    const main = this.deps.layout.mainRecording(files);
    if (!main) throw new ApiError(409, 'This session has no recording to analyse', { field: 'id' });
    const cues = this.deps.transcripts.segments(sessionId);
    const labelled = cues
      .filter((s): s is typeof s & { speaker: string } => s.speaker !== null)
      .map((s) => ({ start: s.start, end: s.end, speaker: s.speaker }));
    // Labels on only part of the transcript cannot say who spoke the rest: the audio decides (diarization), and
    // the labels name the speakers they align with (speakers/speaker-names.ts).
    const length = (list: readonly { start: number; end: number }[]) =>
      list.reduce((sum, c) => sum + Math.max(0, c.end - c.start), 0);
    const transcript = length(labelled) >= LABELLED_ENOUGH * length(cues) ? labelled : [];
    const path = this.#absolute(main);
    // An offloaded recording (held in S3 only) or one moved away on disk: say what to do, not "ffmpeg failed".
    if (!existsSync(path))
      throw new ApiError(
        409,
        "The recording's local copy is not on this computer (offloaded to S3, or moved): restore the local copy first, then analyse",
        { field: 'id' },
      );
    return {
      path,
      outDir: this.deps.layout.analysisDir(sessionId),
      analysisType,
      participants: files
        .filter((f) => f.kind === 'participant_audio')
        .map((f) => ({ name: f.participant ?? f.name, path: this.#absolute(f) })),
      transcript: transcript.length > 0 ? transcript : undefined,
    };
  }

  #absolute(file: SessionFileRow): string {
    try {
      return this.deps.layout.absolutePath(file);
    } catch (error) {
      if (error instanceof FileOutsideLibraryError) throw new ApiError(409, error.message);
      throw error;
    }
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
      const path = this.deps.layout.storedPath(absolute);
      if (known.has(path)) continue;
      const size = statSync(absolute, { throwIfNoEntry: false })?.size ?? 0;
      this.deps.sessions.addFile(sessionId, { kind: 'thumbnail', name, path, managed: true, size }, now);
    }
  }

  /** The session's status once a run ended without a result: ready with a previous complete result, else uploaded. */
  #afterRun(sessionId: string, current: string): 'ready' | 'uploaded' | undefined {
    if (current !== 'processing') return undefined;
    return this.deps.analyses.load(sessionId)?.stage === 'complete' ? 'ready' : 'uploaded';
  }

  #setStatus(
    sessionId: string,
    analysis: AnalysisStatus,
    progress: number,
    status?: 'processing' | 'ready' | 'failed' | 'uploaded',
    detail?: string | null,
    announce = true,
  ): void {
    const patch: Parameters<SessionsRepository['update']>[1] = {
      analysis_status: analysis,
      analysis_progress: roundProgress(progress),
    };
    if (status) patch.status = status;
    if (detail !== undefined) patch.status_detail = detail;
    this.deps.sessions.update(sessionId, patch, this.deps.clock.now().toISOString());
    if (announce) this.deps.library.announce(sessionId, 'session.changed');
  }
}

/** Progress as the session shows it: one decimal. */
function roundProgress(progress: number): number {
  return Math.round(progress * 10) / 10;
}
