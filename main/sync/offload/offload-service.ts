/**
 * Offload ("safe to free"): a session's local recording is given up only when the bucket holds the same bytes —
 * the local file is re-hashed and must match the file row's sha256, and a HEAD of its key must answer the same size
 * and our `sha256` metadata. The order makes a kill -9 harmless: the verified state is committed (`offloading`)
 * before the unlink, and start-up finishes an unlink a crash interrupted. `restore-local` queues a download job
 * (`restore-job.ts`). The file row keeps its library path and key throughout, so no row ever points at nothing.
 */
import type { LibraryLayout } from '../../storage/index.js';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { unlink } from 'node:fs/promises';
import { conflict, notFound } from '../../../shared/contract/errors.js';
import type { OffloadCandidate } from '../../../shared/contract/offload.js';
import type { LibraryDb } from '../../db/index.js';
import type { JobQueue } from '../../jobs/index.js';
import type { UploadsRepository } from '../uploads-repository.js';
import {
  toSession,
  type AuditLog,
  type BackedUpRecording,
  type RecordingCursor,
  type LibraryService,
  type SessionFileRow,
  type SessionsRepository,
} from '../../library/index.js';
import { actorName, scopedCoach, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { SyncConfigService } from '../config.js';
import { isNotFound, storeReason } from '../retry.js';
import type { S3ClientCache } from '../s3-client.js';
import { OffloadsRepository } from './offloads-repository.js';
import { RESTORE_JOB } from './restore-job.js';

export interface OffloadDeps {
  db: LibraryDb;
  sessions: SessionsRepository;
  library: LibraryService;
  audit: AuditLog;
  config: SyncConfigService;
  clients: S3ClientCache;
  queue: JobQueue;
  uploads: UploadsRepository;
  clock: Clock;
  logger: Logger;
  /** Every path rule of the library folder (storage's). */
  layout: LibraryLayout;
  hashFile: (path: string) => Promise<{ sha256: string; size: number }>;
}

const DAY_MS = 86_400_000;
const CANDIDATES_LIMIT = 500;
/** Recordings asked of the library at a time (one json_each list per check of this module's tables). */
const CANDIDATE_BATCH = 1000;
/** Statuses whose media is in the library and at rest (an import or analysis still reads it otherwise). */
const AT_REST = new Set(['uploaded', 'ready', 'failed']);

export class OffloadService {
  readonly repo: OffloadsRepository;

  constructor(private readonly deps: OffloadDeps) {
    this.repo = new OffloadsRepository(deps.db);
  }

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  candidates(actor: Actor, olderThanDays?: number): { items: OffloadCandidate[]; bytes: number } {
    const coach = scopedCoach(actor) ?? null;
    this.deps.config.require();
    const before =
      olderThanDays === undefined
        ? null
        : new Date(this.deps.clock.now().getTime() - olderThanDays * DAY_MS).toISOString();
    const items: OffloadCandidate[] = [];
    for (const r of this.#candidateRows(coach, before)) {
      const row = this.deps.sessions.get(r.session_id);
      if (!row) continue;
      items.push({ ...toSession(row, this.deps.sessions.participants(r.session_id)), bytes: r.bytes, key: r.key });
    }
    return { items, bytes: items.reduce((sum, c) => sum + c.bytes, 0) };
  }

  /**
   * The library's backed-up recordings of sessions at rest, in batches (oldest first), less those this module holds
   * back with its own tables: already offloaded, or with an upload not finished. The library is asked, never joined.
   */
  #candidateRows(coachId: string | null, recordedBefore: string | null): BackedUpRecording[] {
    const out: BackedUpRecording[] = [];
    let after: RecordingCursor | null = null;
    while (out.length < CANDIDATES_LIMIT) {
      const batch = this.deps.sessions.backedUpRecordings({ coachId, recordedBefore, after, limit: CANDIDATE_BATCH });
      if (batch.length === 0) break;
      const ids = batch.map((r) => r.file_id);
      const offloaded = this.repo.offloadedAmong(ids);
      const uploading = this.deps.uploads.unfinishedAmong(ids);
      for (const r of batch)
        if (!offloaded.has(r.file_id) && !uploading.has(r.file_id) && out.length < CANDIDATES_LIMIT) out.push(r);
      if (batch.length < CANDIDATE_BATCH) break;
      const last = batch.at(-1)!;
      after = { recordedAt: last.recorded_at, sessionId: last.session_id, fileId: last.file_id };
    }
    return out;
  }

  /** The recording file row an offload or a restore is about (the session's main recording). */
  #recording(sessionId: string): SessionFileRow {
    const file = this.deps.sessions.files(sessionId).find((f) => f.kind === 'recording');
    if (!file) throw conflict('The session has no recording to offload', { reason: 'no_recording' });
    return file;
  }

  async offload(actor: Actor, sessionId: string) {
    const config = this.deps.config.require();
    const row = this.deps.library.visibleRow(actor, sessionId);
    const file = this.#recording(sessionId);
    const refuse = (reason: string, message: string) => conflict(message, { reason, session_id: sessionId });
    if (file.offload_state) throw refuse('already_offloaded', 'The recording is already held in S3 only');
    if (!AT_REST.has(row.status))
      throw refuse('busy', `The session is ${row.status}; offload it once its import or analysis has finished`);
    if (this.#busy(sessionId)) throw refuse('busy', 'The session has work in progress (analysis, backup or download)');
    if (file.managed !== 1)
      throw refuse('in_place', 'The recording is your own file, referenced in place: Filmroom never deletes it');
    if (!file.s3_key || !file.sha256) throw refuse('not_backed_up', 'The recording is not backed up to S3 yet');
    const path = this.deps.layout.resolveManaged(file.path);
    if (!path) throw refuse('outside_library', 'The recording is recorded outside the library folder');

    let local: { sha256: string; size: number };
    try {
      local = await this.deps.hashFile(path);
    } catch (error) {
      throw refuse('local_missing', `The local copy cannot be read: ${(error as Error).message}`);
    }
    if (local.sha256 !== file.sha256 || local.size !== file.size)
      throw refuse('local_changed', 'The local copy differs from the one backed up; back the session up again first');

    const client = this.deps.clients.get(config);
    let head;
    try {
      head = await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: file.s3_key }));
    } catch (error) {
      if (isNotFound(error)) throw refuse('not_in_s3', 'The backed-up object is not in the bucket any more');
      throw refuse('store_error', `S3 could not confirm the backup: ${storeReason(error)}`);
    }
    if (head.ContentLength !== file.size)
      throw refuse(
        'size_mismatch',
        `The object in S3 has ${head.ContentLength ?? 0} bytes, the recording ${file.size}`,
      );
    if (head.Metadata?.sha256 !== file.sha256)
      throw refuse('sha256_mismatch', 'The object in S3 does not carry the recording’s sha256: back it up again');

    // Verified. Committed before the unlink: a crash in between leaves `offloading`, which start-up finishes.
    const now = this.#now();
    this.deps.db.transaction(() => {
      if (this.#busy(sessionId) || this.repo.get(file.id)) throw refuse('busy', 'The session changed meanwhile');
      this.repo.insert({ fileId: file.id, sessionId, bytes: file.size, now });
      this.deps.audit.write({
        actor: actorName(actor),
        action: 'session.offload',
        sessionId,
        details: { key: file.s3_key, bytes: file.size, sha256: file.sha256 },
      });
    })();
    await this.#finishOffload(file.id, path);
    this.deps.logger.info({ sessionId, key: file.s3_key, bytes: file.size }, 'local copy offloaded (verified in S3)');
    this.deps.library.announce(sessionId, 'session.changed');
    return { session_id: sessionId, state: 'offloaded' as const, bytes_freed: file.size, key: file.s3_key };
  }

  async #finishOffload(fileId: number, path: string): Promise<void> {
    await unlink(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    this.repo.setState(fileId, 'offloaded', this.#now());
  }

  /**
   * Queues the download back; 200 with no job when the copy is already local. A session restored from the bucket
   * holds every file in S3 (participant tracks, transcript…): each gets its own job; the recording's id is answered.
   */
  restoreLocal(actor: Actor, sessionId: string): { job_id: string | null; message?: string } {
    this.deps.config.require();
    this.deps.library.visibleRow(actor, sessionId);
    const files = this.deps.sessions.files(sessionId);
    const file = files.find((f) => f.kind === 'recording');
    if (!file) throw notFound('Recording', { id: sessionId });
    const held = files.filter((f) => f.offload_state === 'offloaded' || (f.offload_state && f.id === file.id));
    if (held.length === 0) return { job_id: null, message: 'The recording is already in the library' };
    const running = this.deps.queue.activeForSession(sessionId, RESTORE_JOB);
    if (running) return { job_id: running };
    let jobId: string | null = null;
    for (const f of held.sort((a, b) => Number(b.id === file.id) - Number(a.id === file.id))) {
      this.repo.setState(f.id, 'restoring', this.#now());
      const id = this.deps.queue.enqueue(RESTORE_JOB, { fileId: f.id }, { sessionId });
      jobId ??= id;
    }
    this.deps.library.announce(sessionId, 'session.changed');
    return { job_id: jobId };
  }

  /**
   * Start-up: finishes offloads a crash interrupted after their verification was committed, and re-queues
   * restores whose job is gone (the queue re-queues jobs that were running by itself).
   */
  async recover(): Promise<void> {
    for (const row of this.repo.inState('offloading')) {
      const file = this.deps.sessions.files(row.session_id).find((f) => f.id === row.file_id);
      const path = file && this.deps.layout.resolveManaged(file.path);
      if (path) await this.#finishOffload(row.file_id, path);
    }
    for (const row of this.repo.inState('restoring')) {
      if (!this.deps.queue.activeForSession(row.session_id, RESTORE_JOB))
        this.deps.queue.enqueue(RESTORE_JOB, { fileId: row.file_id }, { sessionId: row.session_id });
    }
  }

  #busy(sessionId: string): boolean {
    return this.deps.queue.activeForSession(sessionId) !== undefined || this.deps.uploads.active(sessionId).length > 0;
  }
}
