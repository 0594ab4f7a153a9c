/**
 * "Analyse" on a session restored from the bucket whose files are still in S3 only: instead of a 409,
 * the files are downloaded first (restore-local: resumable, sha256-checked) and the analysis is queued when the last
 * download is done. The answer is 202 with the download's job id. Extends the analysis module's operation by
 * channel (`analysis:analyze`), so neither module imports the other. The intent is a row (`analyze_after_download`,
 * migration 0022), so it survives a kill -9: at start-up, a session whose downloads finished while the process was
 * down gets its analysis now; one whose downloads the queue re-runs gets it when they end; one whose download is gone
 * is downloaded again. An offloaded recording keeps its 409 naming what to do (the coach chose to free that copy).
 */
import type { FilmroomEvent } from '../../../shared/contract/events.js';
import type { SessionsRepository } from '../../library/index.js';
import type { Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { OffloadService } from '../offload/offload-service.js';
import type { PendingAnalysesRepository } from './pending-analyses-repository.js';

type AnalysisType = 'full' | 'audio' | 'video';
/** The analysis module's queueing (access checked), built before sync. */
type Enqueue = (actor: Actor, sessionId: string, analysisType?: AnalysisType) => { job_id: string };

const NEEDED = new Set(['recording', 'participant_audio']);
const RESTORE_LOCAL_JOB = 's3.restore-local';
/** The request was authorised when it was made; resumed after a restart, it runs as the library's own. */
const SYSTEM: Actor = { role: 'admin' };

export interface AnalyzeAfterDownloadDeps {
  sessions: SessionsRepository;
  offload: OffloadService;
  pending: PendingAnalysesRepository;
  /** Whether a download job of the session is queued or running. */
  downloading: (sessionId: string) => boolean;
  clock: Clock;
  enqueue: Enqueue;
  logger: { warn(o: object, m: string): void };
}

export class AnalyzeAfterDownload {
  constructor(private readonly deps: AnalyzeAfterDownloadDeps) {}

  /**
   * The analysis handler's typed option: a session whose files are held in the bucket is downloaded first and its
   * analysis queued when the download ends (the download's job id); null when the files are here.
   */
  firstDownload(actor: Actor, sessionId: string, analysisType: AnalysisType | undefined): { job_id: string } | null {
    const held = this.deps.sessions
      .files(sessionId)
      .some((f) => NEEDED.has(f.kind) && f.offload_state && f.offload_origin === 'restore');
    if (!held) return null;
    const { job_id } = this.deps.offload.restoreLocal(actor, sessionId);
    if (!job_id) return null;
    this.deps.pending.put(sessionId, analysisType ?? null, this.deps.clock.now().toISOString());
    return { job_id };
  }

  #stillHeld(sessionId: string): boolean {
    return this.deps.sessions
      .files(sessionId)
      .some((f) => NEEDED.has(f.kind) && f.offload_state !== null && f.offload_state !== undefined);
  }

  #analyse(sessionId: string): void {
    const intent = this.deps.pending.get(sessionId);
    if (!intent) return;
    this.deps.pending.remove(sessionId);
    const type = (intent.analysis_type ?? undefined) as AnalysisType | undefined;
    void Promise.resolve()
      .then(() => this.deps.enqueue(SYSTEM, sessionId, type))
      .catch((error: Error) => this.deps.logger.warn({ sessionId, error: error.message }, 'analysis after download'));
  }

  /** Event-bus listener: a session's last download done → its analysis is queued; a failed download drops it. */
  onEvent(event: FilmroomEvent): void {
    if (event.type !== 'job.progress' || event.job_type !== RESTORE_LOCAL_JOB || !event.session_id) return;
    if (!this.deps.pending.get(event.session_id)) return;
    if (event.state === 'failed' || event.state === 'cancelled') {
      this.deps.pending.remove(event.session_id);
      return;
    }
    if (event.state !== 'done' || this.#stillHeld(event.session_id)) return;
    this.#analyse(event.session_id);
  }

  /** Start-up: intents a restart interrupted (see the file's comment). */
  resume(): void {
    for (const intent of this.deps.pending.all()) {
      const id = intent.session_id;
      const row = this.deps.sessions.get(id);
      if (!row || row.status === 'trashed' || row.status === 'deleting') {
        this.deps.pending.remove(id);
      } else if (!this.#stillHeld(id)) {
        this.#analyse(id);
      } else if (!this.deps.downloading(id)) {
        try {
          this.deps.offload.restoreLocal(SYSTEM, id);
        } catch (error) {
          this.deps.logger.warn({ sessionId: id, error: (error as Error).message }, 'analysis after download');
          this.deps.pending.remove(id);
        }
      }
    }
  }
}
