/**
 * The async video API for other tools (`/api/v1/video/*`): a transient session per upload (origin 'api', hidden from
 * the library list, expiring after a retention period), analysed on the same queue as library sessions.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { KNOWN_ANALYSIS_PARAMS, type AnalysisParams } from '../../shared/contract/analysis.js';
import { ApiError } from '../../shared/contract/errors.js';
import { tuningFrom, type AnalysisService, type AnalysisType } from '../analysis/index.js';
import { safeFileName, type DeletionService, type SessionRow, type SessionsRepository } from '../library/index.js';
import { assertCanSee, scopedCoach, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Logger } from '../platform/logger.js';
import type { LibraryLayout } from '../storage/index.js';
import { namesNotPaths } from '../platform/hide-paths.js';

export interface VideoApiDeps {
  sessions: SessionsRepository;
  analysis: AnalysisService;
  deletion: DeletionService;
  clock: Clock;
  logger: Logger;
  layout: LibraryLayout;
  /** How long transient sessions live (docs/api.md: 24 h by default). */
  retentionMs: number;
}

type VideoState = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled' | 'expired';

export class VideoApiService {
  constructor(private readonly deps: VideoApiDeps) {}

  /**
   * Streams the upload to its session folder, then (with the form's fields, which may follow the file) registers
   * the transient session and queues its analysis. Bad fields remove the stored file.
   */
  async upload(
    actor: Actor,
    file: Readable,
    fileName: string,
    fields: () => Promise<{ analysis_type: AnalysisType; params?: AnalysisParams }>,
  ) {
    const id = newId('ses_', this.deps.clock.now().getTime());
    const folder = this.deps.layout.sessionDir(id);
    const name = safeFileName(fileName || 'video');
    await mkdir(folder, { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _e, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(file, tap, createWriteStream(join(folder, name), { flush: true }));
      if (size === 0) throw new ApiError(400, "Invalid 'video': the file is empty", { field: 'video' });
      // Read once the file is stored: a form may send its fields after the file.
      const { analysis_type: analysisType, params = {} } = await fields();
      const now = this.deps.clock.now();
      const expiresAt = new Date(now.getTime() + this.deps.retentionMs).toISOString();
      this.deps.sessions.insert(
        {
          id,
          title: fileName || 'API upload',
          status: 'uploaded',
          platform: 'api',
          coach_id: scopedCoach(actor) ?? 'default',
          client: '',
          recorded_at: now.toISOString(),
          created_at: now.toISOString(),
          size,
          sha256: hash.digest('hex'),
          origin: 'api',
          expires_at: expiresAt,
          source_path: fileName,
        },
        [],
        [{ kind: 'recording', name, path: this.deps.layout.storedPath(join(folder, name)), managed: true, size }],
      );
      this.deps.analysis.enqueueSession(id, analysisType, tuningFrom(params));
      const ignored = Object.keys(params).filter((key) => !KNOWN_ANALYSIS_PARAMS.includes(key));
      return {
        sessionId: id,
        status: 'queued' as const,
        message:
          'Video received; analysis queued' +
          (ignored.length ? ` (params not used by this analysis: ${ignored.join(', ')})` : ''),
        expires_at: expiresAt,
      };
    } catch (error) {
      if (!this.deps.sessions.get(id)) await rm(folder, { recursive: true, force: true });
      throw error;
    }
  }

  /** Only the multipart form carries a video (the HTTP upload variant); IPC has no file to send. */
  uploadNeedsMultipart(): never {
    throw new ApiError(400, "Invalid 'video': send the video as multipart/form-data in the 'video' field", {
      field: 'video',
    });
  }

  /** Polled by other tools, often and concurrently: one indexed row and one job row, no result data. */
  status(actor: Actor, sessionId: string) {
    const row = this.#row(actor, sessionId);
    const state = videoState(row);
    const job = state === 'expired' ? undefined : this.deps.analysis.latestJob(sessionId);
    return {
      sessionId,
      status: state,
      progress: state === 'completed' ? 100 : this.deps.analysis.progressOf(row),
      message:
        state === 'expired'
          ? 'This analysis expired and its files were removed'
          : namesNotPaths(messageFor(state, job?.message, job?.error), this.deps.layout.root),
      expires_at: row.expires_at,
    };
  }

  results(actor: Actor, sessionId: string) {
    const row = this.#row(actor, sessionId);
    const state = videoState(row);
    if (state === 'expired') throw new ApiError(404, 'Session not found', { sessionId, status: 'expired' });
    if (state === 'failed') {
      const error = this.deps.analysis.latestJob(sessionId)?.error ?? row.status_detail;
      const message = namesNotPaths(error ?? 'unknown error', this.deps.layout.root);
      throw new ApiError(409, 'Analysis failed', { message, sessionId });
    }
    const stored = this.deps.analysis.stored(sessionId);
    if (state !== 'completed' || !stored || stored.stage !== 'complete') {
      throw new ApiError(400, 'Results not ready', {
        status: state,
        progress: this.deps.analysis.progressOf(row),
        sessionId,
      });
    }
    return { sessionId, status: 'completed' as const, data: stored.data as never, expires_at: row.expires_at };
  }

  async cancel(actor: Actor, sessionId: string) {
    const row = this.#row(actor, sessionId);
    const state = videoState(row);
    if (state === 'completed' || state === 'expired' || state === 'failed') {
      throw new ApiError(409, `Nothing to cancel: the analysis is ${state}`, {
        sessionId,
        status: state,
        expires_at: row.expires_at,
      });
    }
    await this.deps.analysis.cancelForSession(sessionId);
    return {
      sessionId,
      status: 'cancelled' as const,
      message: 'Analysis cancelled; no ffmpeg process is left running',
      expires_at: row.expires_at,
    };
  }

  async cleanup(actor: Actor, sessionId: string) {
    this.#row(actor, sessionId);
    await this.deps.deletion.deleteMany([sessionId], actor, 'video cleanup', { share: false });
    return { message: `Session ${sessionId} cancelled and deleted with its files` };
  }

  /** Expires transient sessions past their time: files and rows go, a tombstone row answers `expired`. */
  async expireDue(): Promise<number> {
    const now = this.deps.clock.now().toISOString();
    const due = this.deps.sessions.idsExpiredBy(now);
    for (const id of due) {
      await this.deps.analysis.cancelForSession(id);
      await this.deps.deletion.purgeStorage(id);
      this.deps.sessions.update(id, { status: 'expired', status_detail: 'expired' }, now);
    }
    if (due.length) this.deps.logger.info({ count: due.length }, 'expired transient analysis sessions');
    return due.length;
  }

  #row(actor: Actor, sessionId: string): SessionRow {
    const row = this.deps.sessions.get(sessionId);
    const hidden = () => new ApiError(404, 'Session not found', { sessionId });
    if (!row || row.origin !== 'api' || row.status === 'deleting') throw hidden();
    assertCanSee(actor, row.coach_id, hidden);
    return row;
  }
}

function videoState(row: SessionRow): VideoState {
  if (row.status === 'expired') return 'expired';
  switch (row.analysis_status) {
    case 'ready':
      return 'completed';
    case 'failed':
      return 'failed';
    case 'cancelled':
      return 'cancelled';
    case 'processing':
      return 'processing';
    default:
      return 'queued';
  }
}

function messageFor(state: VideoState, progressMessage: string | undefined, error: string | null | undefined): string {
  switch (state) {
    case 'queued':
      return 'Waiting for a free analysis slot';
    case 'processing':
      return progressMessage || 'Analyzing';
    case 'completed':
      return 'Analysis complete';
    case 'failed':
      return `Analysis failed: ${error ?? 'unknown error'}`;
    case 'cancelled':
      return 'Analysis cancelled';
    case 'expired':
      return 'Expired';
  }
}
