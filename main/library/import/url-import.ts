/**
 * `{ url }` imports: the session appears at once (status `importing`), the download runs as a job on the persistent
 * queue (retries with backoff; a restart resumes it with HTTP Range from the checkpoint kept in `imports`), and the
 * finished file is filed into the session like any copied import.
 */
import { mkdir, rm } from 'node:fs/promises';
import { syncAndCommitPartFile } from '../files/durable-rename.js';
import { basename, join } from 'node:path';
import type { ImportResult } from '../../../shared/contract/sessions.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import { newId } from '../../platform/ids.js';
import { diskFullCode, plainReason } from '../../platform/plain-errors.js';
import { z } from 'zod';
import type { LibraryDb } from '../../db/index.js';
import { defineJobType, type JobHandler, type JobQueue } from '../../jobs/index.js';
import type { LibraryLayout } from '../../storage/index.js';
import { DownloadError, downloadToPart } from '../download/resumable-download.js';
import { ANY_ADDRESS, PUBLIC_ONLY } from '../download/address-policy.js';
import { pinnedFetch } from '../download/pinned-fetch.js';
import { safeBaseName } from '../download/content-disposition.js';
import { groupIntoMeetings, type GroupingOptions } from '../importers/group-meetings.js';
import type { LibraryService } from '../library-service.js';
import { ProbeError } from '../media-probe.js';
import type { SessionsRepository } from '../sessions/sessions-repository.js';
import type { ImportRow, ImportsRepository } from './imports-repository.js';
import type { FileOps, MeetingOptions } from './meeting-import.js';
import { safeFileName } from './meeting-import.js';

/** A download retries often (networks drop); a restart resumes it from the checkpoint in `imports`. */
export const URL_IMPORT_JOB = defineJobType({
  name: 'url-import',
  payload: z.object({ importId: z.string().min(1) }),
  maxAttempts: 8,
});

export type UrlImportPayload = z.infer<typeof URL_IMPORT_JOB.payload>;

export interface UrlImportDeps {
  db: LibraryDb;
  imports: ImportsRepository;
  sessions: SessionsRepository;
  library: LibraryService;
  files: FileOps;
  clock: Clock;
  layout: LibraryLayout;
  queue: JobQueue;
  grouping?: GroupingOptions;
  onProgress(sessionId: string, source: string, bytesDone: number, bytesTotal: number | null): void;
  onImported?(sessionId: string, status: 'uploaded' | 'failed'): void;
  /** Where a failure of the work that follows a committed import (announce, automatic analysis) is reported. */
  logger?: Pick<Logger, 'warn'>;
}

export class UrlImporter {
  constructor(private readonly deps: UrlImportDeps) {}

  /**
   * Registers the session and queues its download; answers at once. `allowLocal`: an admin with the
   * `url_import_allow_local` setting on may fetch local and private addresses; everyone else only public ones.
   */
  start(url: string, options: MeetingOptions & { allowLocal?: boolean }): ImportResult['sessions'][number] {
    const now = this.deps.clock.now().toISOString();
    const id = newId('ses_', this.deps.clock.now().getTime());
    const importId = newId('imp_');
    const name = safeBaseName(decodePathName(basename(new URL(url).pathname))) ?? 'download';
    this.deps.db.transaction(() => {
      this.deps.sessions.insert({
        id,
        title: options.title ?? name.replace(/\.[^.]+$/, ''),
        status: 'importing',
        status_detail: `Downloading from ${new URL(url).host}`,
        platform: options.platform ?? 'local',
        coach_id: options.coachId,
        client: options.client ?? '',
        recorded_at: now,
        created_at: now,
        size: 0,
        source_path: url,
      });
      this.deps.imports.insertUrl({
        id: importId,
        source: url,
        partPath: `${importId}.part`,
        options: { ...options, name },
        sessionId: id,
        now,
      });
    })();
    this.deps.library.announce(id, 'session.created');
    this.deps.queue.enqueue(URL_IMPORT_JOB, { importId }, { sessionId: id });
    return { id, status: 'importing' };
  }

  /**
   * A delete or a move to the trash: the session's download stops (its handler has returned when the job's cancel
   * resolves), its import row is marked cancelled and its part file removed, so nothing of it stays in `.incoming/`.
   */
  async cancelForSession(sessionId: string): Promise<void> {
    await this.deps.queue.cancelForSession(sessionId, URL_IMPORT_JOB);
    const parts = this.deps.imports.cancelForSession(sessionId, this.deps.clock.now().toISOString());
    for (const part of parts) await rm(join(this.deps.layout.incomingDir, part), { force: true });
  }

  /** `.incoming/` entries that belong to a download still to resume. */
  ownsIncoming(name: string): boolean {
    return this.deps.imports.isPending(name);
  }

  readonly handler: JobHandler<UrlImportPayload> = async ({ job, signal }) => {
    const row = this.deps.imports.get(job.payload.importId);
    const session = row && this.deps.sessions.get(row.session_id);
    if (!row || !session) return { status: 'cancelled' };
    // Only an `importing` session still waits for its download. Any other status means the recording was filed
    // already (a kill came between the filing commit and this job's end: found by the soak, where the re-run
    // downloaded again and removed the filed recording), or the session went to the trash or failed meanwhile.
    if (row.state === 'done' || session.status !== 'importing') {
      const filed = this.deps.sessions.files(row.session_id).length > 0;
      // Not filed: a download already moved into the session's folder (the kill came before the filing commit)
      // is nobody's; with no file row, nothing in that folder is.
      if (!filed) await rm(this.deps.layout.sessionDir(row.session_id), { recursive: true, force: true });
      await rm(join(this.deps.layout.incomingDir, row.part_path), { force: true });
      this.#setImport(row.id, { state: filed ? 'done' : 'cancelled' });
      return { status: filed ? 'done' : 'cancelled' };
    }
    const part = join(this.deps.layout.incomingDir, row.part_path);
    await mkdir(this.deps.layout.incomingDir, { recursive: true });
    this.#setImport(row.id, { state: 'running' });
    try {
      const options = JSON.parse(row.options) as MeetingOptions & { name: string; allowLocal?: boolean };
      const result = await downloadToPart(row.source, part, {
        signal,
        // Connect only to public addresses unless an admin allowed local ones (issue 11: SSRF).
        fetchImpl: pinnedFetch(options.allowLocal === true ? ANY_ADDRESS : PUBLIC_ONLY),
        resumeFrom: { bytes: row.bytes_done, etag: row.etag },
        onCheckpoint: (c) => this.#setImport(row.id, { bytes_done: c.bytes, etag: c.etag }),
        onProgress: (p) => this.deps.onProgress(row.session_id, row.source, p.bytes, p.total),
      });
      await this.#file(row, part, result, options); // marks the import done in the filing transaction
      return { status: 'done' };
    } catch (error) {
      if (signal.aborted) return { status: 'cancelled' };
      if (diskFullCode(error)) return this.#failOnFullDisk(row, part, error);
      const message = (error as Error).message;
      if (error instanceof DownloadError && !error.retryable) {
        this.#fail(row, message);
        return { status: 'failed', error: message };
      }
      if (job.attempts >= job.maxAttempts) this.#fail(row, message);
      return { status: 'retry', error: message };
    }
  };

  async #file(
    row: ImportRow,
    part: string,
    download: { sha256: string; size: number; filenameFromHeaders: string | null },
    options: MeetingOptions & { name: string },
  ) {
    const id = row.session_id;
    const name = safeFileName(download.filenameFromHeaders ?? options.name);
    const folder = this.deps.layout.sessionDir(id);
    const dest = join(folder, name);
    await mkdir(folder, { recursive: true });
    await syncAndCommitPartFile(part, dest); // durable before the row that points at it
    const now = this.deps.clock.now().toISOString();
    // Within what the importing caller may see (a coach: its own sessions), and never this session itself.
    const existing = this.deps.sessions.findBySha256(download.sha256, options.dedupCoach);
    if (existing && existing.id !== id) {
      await rm(folder, { recursive: true, force: true });
      this.deps.sessions.update(
        id,
        { status: 'failed', status_detail: `Already in your library: "${existing.title}" (${existing.id})` },
        now,
      );
      this.#setImport(row.id, { state: 'done' });
      this.deps.library.announce(id, 'session.changed');
      return;
    }
    let probe = null;
    let failure: string | null = null;
    try {
      probe = await this.deps.files.probe(dest);
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      failure = error.message;
    }
    if (failure) {
      // Not a recording (an HTML error page, a service's JSON, garbage): the bytes are deleted, never served
      // through /media; the session keeps the reason.
      await rm(folder, { recursive: true, force: true });
      this.deps.sessions.update(id, { status: 'failed', status_detail: failure, size: download.size }, now);
      this.#setImport(row.id, { state: 'done' });
      this.deps.library.announce(id, 'session.changed');
      this.deps.onImported?.(id, 'failed');
      return;
    }
    // A Zoom cloud or Teams download carries the meeting in its name: use it, unless the caller chose.
    const meeting = (await groupIntoMeetings([dest], this.deps.grouping).catch(() => null))?.meetings[0];
    const recognised = meeting && meeting.platform !== 'local' ? meeting : null;
    let stillImporting = true;
    this.deps.db.transaction(() => {
      // Trashed or being deleted while the download finished (found by the soak): the download is not filed, and
      // the status the trash or the delete set is kept (a restore from the trash says the import stopped).
      stillImporting = this.deps.sessions.get(id)?.status === 'importing';
      // Done with the filing, in one commit: a kill after it never runs the download again.
      this.#setImport(row.id, { state: stillImporting ? 'done' : 'cancelled' });
      if (!stillImporting) return;
      this.deps.sessions.addFile(
        id,
        {
          kind: probe && probe.videoStreams === 0 ? 'audio' : 'recording',
          name,
          path: this.deps.layout.storedPath(dest),
          managed: true,
          size: download.size,
          sha256: download.sha256,
        },
        now,
      );
      this.deps.sessions.update(
        id,
        {
          status: failure ? 'failed' : 'uploaded',
          status_detail: failure,
          duration: probe?.duration ?? null,
          size: download.size,
          sha256: download.sha256,
          ...(recognised && !options.title ? { title: recognised.title } : {}),
          ...(recognised && !options.platform ? { platform: recognised.platform } : {}),
          ...(recognised ? { recorded_at: recognised.recordedAt, meeting_key: recognised.meetingKey } : {}),
        },
        now,
      );
    })();
    if (!stillImporting) {
      // Never a file a row points at (this session's recording, filed by an earlier run of this download).
      const stored = this.deps.layout.storedPath(dest);
      if (!this.deps.sessions.files(id).some((f) => f.path === stored)) await rm(dest, { force: true });
      return;
    }
    // Committed: a failing follow-up (announce, automatic analysis on a full disk) must not fail the download's job,
    // whose retry would download and file the recording a second time.
    try {
      this.deps.library.announce(id, 'session.changed');
      this.deps.onImported?.(id, failure ? 'failed' : 'uploaded');
    } catch (error) {
      this.deps.logger?.warn({ id, error: (error as Error).message }, 'work after an import failed; the import stands');
    }
  }

  /**
   * A full disk (issue 19): retrying would only wait on the same disk while the partial download holds the space the
   * user is freeing. The download's part and anything moved into the session's folder without a file row go, the
   * session fails in plain words, and importing the URL again once there is room starts afresh.
   */
  async #failOnFullDisk(row: ImportRow, part: string, error: unknown) {
    const reason = plainReason(error);
    await rm(part, { force: true });
    if (this.deps.sessions.files(row.session_id).length === 0)
      await rm(this.deps.layout.sessionDir(row.session_id), { recursive: true, force: true });
    this.#fail(row, reason);
    return { status: 'failed' as const, error: reason };
  }

  #fail(row: ImportRow, message: string): void {
    const now = this.deps.clock.now().toISOString();
    this.#setImport(row.id, { state: 'failed', error: message });
    this.deps.sessions.update(row.session_id, { status: 'failed', status_detail: `Download failed: ${message}` }, now);
    this.deps.library.announce(row.session_id, 'session.changed');
    void rm(join(this.deps.layout.incomingDir, row.part_path), { force: true });
  }

  #setImport(
    id: string,
    fields: Partial<{ state: string; bytes_done: number; etag: string | null; error: string }>,
  ): void {
    this.deps.imports.update(id, fields, this.deps.clock.now().toISOString());
  }
}

/** A URL's last path segment as a file name; a malformed escape (`%`, `%zz`) is kept as typed, never a 500. */
function decodePathName(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
