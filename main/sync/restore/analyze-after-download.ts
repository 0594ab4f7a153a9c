/**
 * "Analyse" on a session restored from the bucket whose files are still in S3 only: instead of a 409,
 * the files are downloaded first (restore-local: resumable, sha256-checked) and the analysis is queued when the last
 * download is done. The answer is 202 with the download's job id. Extends the analysis module's operation by
 * channel (`analysis:analyze`), so neither module imports the other. A pending analysis lives in memory: after a
 * restart the downloads finish, and the coach asks again (the restored result stays shown meanwhile). An offloaded
 * recording keeps its 409 naming what to do (the coach chose to free that copy).
 */
import type { FilmroomEvent } from '../../../shared/contract/events.js';
import type { SessionsRepository } from '../../library/index.js';
import type { RequestContext } from '../../platform/request-context.js';
import type { OffloadService } from '../offload/offload-service.js';

type AnalyzeInput = { id: string; analysis_type?: string };
type AnalyzeHandler = (
  input: AnalyzeInput,
  context: RequestContext,
) => Promise<{ job_id: string }> | { job_id: string };

const NEEDED = new Set(['recording', 'participant_audio']);
const RESTORE_LOCAL_JOB = 's3.restore-local';

export class AnalyzeAfterDownload {
  readonly #pending = new Map<string, () => unknown>();

  constructor(
    private readonly deps: {
      sessions: SessionsRepository;
      offload: OffloadService;
      logger: { warn(o: object, m: string): void };
    },
  ) {}

  wrap(inner: AnalyzeHandler): AnalyzeHandler {
    return async (input, context) => {
      const held = this.deps.sessions
        .files(input.id)
        .some((f) => NEEDED.has(f.kind) && f.offload_state && f.offload_origin === 'restore');
      if (!held) return inner(input, context);
      const { job_id } = this.deps.offload.restoreLocal(context.actor, input.id);
      if (!job_id) return inner(input, context);
      this.#pending.set(input.id, () => inner(input, context));
      return { job_id };
    };
  }

  /** Event-bus listener: a session's last download done → its analysis is queued; a failed download drops it. */
  onEvent(event: FilmroomEvent): void {
    if (event.type !== 'job.progress' || event.job_type !== RESTORE_LOCAL_JOB || !event.session_id) return;
    const start = this.#pending.get(event.session_id);
    if (!start) return;
    if (event.state === 'failed' || event.state === 'cancelled') {
      this.#pending.delete(event.session_id);
      return;
    }
    if (event.state !== 'done') return;
    const stillHeld = this.deps.sessions
      .files(event.session_id)
      .some((f) => NEEDED.has(f.kind) && f.offload_state !== null && f.offload_state !== undefined);
    if (stillHeld) return;
    this.#pending.delete(event.session_id);
    void Promise.resolve()
      .then(start)
      .catch((error: Error) =>
        this.deps.logger.warn({ sessionId: event.session_id, error: error.message }, 'analysis after download'),
      );
  }
}
