/**
 * Bringing recordings into the library: a file, a selection, a folder (grouped into meetings by the platform
 * recognisers), a multipart upload or a URL. Every path ends in MeetingImporter, whose write discipline makes a
 * crash leave a finished session or nothing; `recoverInterrupted` sweeps what a crash left at start-up.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { syncAndCommitPartFile } from '../files/durable-rename.js';
import { basename, extname, isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiError, badRequest, forbidden, unprocessable } from '../../../shared/contract/errors.js';
import { UNREADABLE_RECORDING, type ImportInput, type ImportResult } from '../../../shared/contract/sessions.js';
import { scopedCoach, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { LibraryLayout } from '../../storage/index.js';
import { groupIntoMeetings, type GroupingOptions } from '../importers/group-meetings.js';
import type { GroupingResult, MeetingCandidate } from '../importers/types.js';
import type { SessionsRepository } from '../sessions/sessions-repository.js';
import { uniqueName, type MeetingImporter, type MeetingOptions } from './meeting-import.js';
import type { UploadedFile } from '../../platform/http-variants.js';
import type { UrlImporter } from './url-import.js';
import { assertImportableFolder } from './import-source-policy.js';
import { ProbeError } from '../media-probe.js';
import { listAndGroup } from './folder-grouping.js';
import { LARGE_FOLDER_MEETINGS, type FolderImportJobs } from './folder-import-job.js';

/** Statuses of a session whose import will never file anything more (a session being imported has its own work). */
const STOPPED_STATUSES = new Set(['failed', 'trashed']);
/** What a backup writes into a session's folder before it registers it as a file (sync's `MANIFEST_NAME`). */
const BACKUP_MANIFEST_FILE = 'session.json';

export interface ImportDeps {
  sessions: SessionsRepository;
  meetings: MeetingImporter;
  urls: UrlImporter;
  clock: Clock;
  logger: Logger;
  layout: LibraryLayout;
  defaultCoachId: string;
  grouping?: GroupingOptions;
  /** Large folder imports as jobs (absent in one-shot tools: folders import synchronously there). */
  folderJobs?: FolderImportJobs;
  /** The admin setting `url_import_allow_local`: admins may then import from local and private addresses. */
  allowLocalUrls?: () => boolean;
  /** ffprobe on one file, so the preview says before the import when a recording cannot be read (issue 24). */
  probe?: (path: string) => Promise<unknown>;
}

/** A folder with more meetings than this is previewed without probing each recording (the import still does). */
export const PREVIEW_PROBE_LIMIT = 20;

export class ImportService {
  constructor(private readonly deps: ImportDeps) {}

  async importPath(actor: Actor, input: ImportInput): Promise<ImportResult> {
    const options = this.#options(actor, input);
    if (input.url) {
      // Coach tokens fetch public addresses only, whatever the setting says (issue 11: SSRF).
      const allowLocal = actor.role === 'admin' && this.deps.allowLocalUrls?.() === true;
      return { sessions: [this.deps.urls.start(input.url, { ...options, allowLocal })], refused: [] };
    }
    const grouping = await this.preview(actor, input.path ?? '');
    // A large folder runs as a cancellable job with progress; the answer carries its job_id (issue 19).
    if (grouping.meetings.length > LARGE_FOLDER_MEETINGS && this.deps.folderJobs)
      return this.deps.folderJobs.start(input.path ?? '', options, grouping);
    if (grouping.meetings.length === 0) {
      throw unprocessable('Nothing here can be imported', {
        refused: grouping.refused,
        reason: grouping.refused[0]?.reason ?? 'no recordings found',
      });
    }
    return this.#importAll(grouping, options);
  }

  /** What importing `path` would create: meetings as recognised, and files refused with their reasons. */
  async preview(actor: Actor, path: string): Promise<GroupingResult> {
    if (actor.role !== 'admin') throw forbidden('Importing by path needs an admin token; upload the file instead');
    if (!isAbsolute(path)) throw badRequest('path', 'expected an absolute path');
    const info = await stat(path).catch(() => null);
    if (!info) throw badRequest('path', `no such file or folder: ${path}`);
    if (!info.isFile() && !info.isDirectory()) throw badRequest('path', 'not a file or a folder');
    // Never the machine's system folders, a home root, or Filmroom's own data folder.
    await assertImportableFolder(path, this.deps.layout.dataDir, info.isDirectory() ? 'folder' : 'file');
    const grouping = await listAndGroup(path, info.isDirectory() ? 'folder' : 'file', this.deps.grouping);
    return grouping;
  }

  /** Meetings found by a watch folder: imported (copied) one by one; duplicates are skipped quietly. */
  /**
   * Meetings found by a watch folder. Duplicates (already imported) are skipped quietly; any other failure is
   * thrown after the rest are imported, so the watcher does not remember the folder as done and tries again.
   */
  async importMeetings(meetings: MeetingCandidate[], copy: boolean): Promise<ImportResult> {
    const result: ImportResult = { sessions: [], refused: [] };
    const failures: Error[] = [];
    for (const meeting of meetings) {
      try {
        result.sessions.push(await this.deps.meetings.import(meeting, { coachId: this.deps.defaultCoachId, copy }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 409) {
          result.refused.push({ path: meeting.mainRecording, reason: error.message });
        } else failures.push(error as Error);
      }
    }
    if (failures.length > 0) throw new AggregateError(failures, failures.map((e) => e.message).join('; '));
    return result;
  }

  /**
   * A multipart upload: each file streamed to one `.incoming/` folder and fsynced, then the files grouped like a
   * folder import (a recording and its same-named `.vtt` are one session with its transcript) and moved into their
   * session folders. The form's fields are read once the files are stored (they may follow them); bad ones remove
   * what was stored.
   */
  async importUpload(
    actor: Actor,
    stream: Readable,
    fileName: string,
    fields: () => Promise<Omit<ImportInput, 'path' | 'url'>>,
    nextFile: () => Promise<UploadedFile | null> = async () => null,
  ): Promise<ImportResult> {
    const upload = join(this.deps.layout.incomingDir, newId('upl_'));
    await mkdir(upload, { recursive: true });
    try {
      const used = new Set<string>();
      const stored = [await storeUploaded(upload, stream, fileName, used)];
      for (let next = await nextFile(); next; next = await nextFile()) {
        stored.push(await storeUploaded(upload, next.file, next.fileName, used));
      }
      const options = this.#options(actor, { ...(await fields()), copy: true });
      const grouping = await groupIntoMeetings(stored, this.deps.grouping);
      // Refusals name the uploaded files, not where Filmroom keeps them while importing.
      const refused = grouping.refused.map((r) => ({ ...r, path: basename(r.path) }));
      if (grouping.meetings.length === 0) {
        throw unprocessable(
          stored.length > 1 ? 'None of these files can be imported' : 'This file cannot be imported',
          {
            refused,
          },
        );
      }
      // The upload is ours and already durable: renamed into the session folder, not written twice.
      const result = await this.#importAll({ meetings: grouping.meetings, refused }, { ...options, move: true }, (m) =>
        m.platform === 'local' ? titleFromFile(m.mainRecording) : m.title,
      );
      return { ...result, refused: result.refused.map((r) => ({ ...r, path: basename(r.path) })) };
    } finally {
      await rm(upload, { recursive: true, force: true });
    }
  }

  /** The preview answer of the import dialog: meetings found (with their files) and what was refused. */
  async previewForCaller(actor: Actor, path: string) {
    const { meetings, refused } = await this.preview(actor, path);
    const probeAll = meetings.length <= PREVIEW_PROBE_LIMIT;
    const previewed = [];
    for (const m of meetings) {
      previewed.push({
        platform: m.platform,
        title: m.title,
        recorded_at: m.recordedAt,
        participants: m.participants,
        files: m.files.map((f) => ({ name: f.name, kind: f.kind, path: f.path })),
        unreadable: probeAll ? await this.#unreadable(m.mainRecording) : null,
      });
    }
    return { meetings: previewed, refused };
  }

  /** Probes a recording as the import will: null when it reads, else plain words and ffprobe's own detail. */
  async #unreadable(path: string): Promise<{ path: string; message: string; detail: string } | null> {
    if (!this.deps.probe) return null;
    try {
      await this.deps.probe(path);
      return null;
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      return { path, message: UNREADABLE_RECORDING, detail: error.message };
    }
  }

  /**
   * Start-up recovery: what a crash mid-import leaves — `.incoming/` uploads, `.part` files, and session folders
   * with no session row (the row is committed last) — is removed. URL downloads resume through their jobs.
   *
   * The session folders are walked only after a run that did not stop cleanly (`walkFolders`: a kill, a crash, a
   * version before the run-state mark, see platform/run-state.ts): after a clean stop no writer is half-way (an
   * import that failed or went to the trash cleaned its folder before the stop returned), and a walk of every folder
   * of a large library is what start-up waited on. `.incoming/` is looked at every time (it is small).
   */
  async recoverInterrupted(options: { walkFolders?: boolean } = {}): Promise<{ removed: string[] }> {
    const removed: string[] = [];
    const incoming = await readdir(this.deps.layout.incomingDir).catch(() => [] as string[]);
    for (const name of incoming) {
      if (this.deps.urls.ownsIncoming(name)) continue;
      await rm(join(this.deps.layout.incomingDir, name), { recursive: true, force: true });
      removed.push(join(this.deps.layout.incomingDir, name));
    }
    if (options.walkFolders ?? true) await this.#walkSessionFolders(removed);
    if (removed.length > 0) this.deps.logger.info({ removed }, 'removed files left by an interrupted import');
    return { removed };
  }

  async #walkSessionFolders(removed: string[]): Promise<void> {
    const entries = await readdir(this.deps.layout.root, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || !this.deps.layout.isSessionFolderName(entry.name)) continue;
      const folder = this.deps.layout.sessionDir(entry.name);
      const session = this.deps.sessions.get(entry.name);
      // No row (the row is committed last), or a row that will never file anything into its folder: an import
      // that stopped (failed for good, or moved to the trash) after its bytes were moved in and before the filing
      // commit, with the kill coming before it cleaned up. A session still importing (a download to resume, an
      // upload) or being deleted keeps its folder: its own work decides.
      // Only a failed or trashed session can be without files (asked of those alone: start-up walks every folder).
      const abandoned =
        session && STOPPED_STATUSES.has(session.status) && this.deps.sessions.files(entry.name).length === 0;
      if (!session || abandoned) {
        await rm(folder, { recursive: true, force: true });
        removed.push(folder);
        continue;
      }
      for (const file of await readdir(folder)) {
        // A backup manifest written just before a kill, its file row not yet committed: nothing points at it, and
        // the next backup writes it again (found by the soak, seed 424242 round 618).
        const strayManifest =
          file === BACKUP_MANIFEST_FILE &&
          !this.deps.sessions.files(entry.name).some((f) => f.path === `${entry.name}/${file}`);
        if (!file.endsWith('.part') && !strayManifest) continue;
        await rm(join(folder, file), { force: true });
        removed.push(join(folder, file));
      }
    }
  }

  /**
   * Imports every meeting found. One meeting takes the caller's title (else `titleOf` it); several keep their own
   * titles, and a duplicate among them is reported as refused, not thrown, unless every one is a duplicate.
   */
  async #importAll(
    grouping: GroupingResult,
    options: MeetingOptions,
    titleOf: (meeting: MeetingCandidate) => string = (m) => m.title,
  ): Promise<ImportResult> {
    const single = grouping.meetings.length === 1;
    const result: ImportResult = { sessions: [], refused: [...grouping.refused] };
    const duplicates: unknown[] = [];
    for (const meeting of grouping.meetings) {
      const title = single ? (options.title ?? titleOf(meeting)) : titleOf(meeting);
      try {
        result.sessions.push(await this.deps.meetings.import(meeting, { ...options, title }));
      } catch (error) {
        if (single || !(error instanceof ApiError) || error.status !== 409) throw error;
        result.refused.push({ path: meeting.mainRecording, reason: `${error.message} (duplicate)` });
        duplicates.push(error.details.existing_session_id);
      }
    }
    if (result.sessions.length === 0) {
      // Every meeting is already in the library: the same answer as importing one duplicate, naming them all.
      throw new ApiError(409, 'Everything here is already in your library', {
        existing_session_ids: duplicates,
        refused: result.refused,
      });
    }
    return result;
  }

  #options(actor: Actor, input: Omit<ImportInput, 'path' | 'url'>): MeetingOptions {
    const coach = scopedCoach(actor);
    if (coach && input.coach_id && input.coach_id !== coach)
      throw forbidden('A coach token imports only for its own coach');
    return {
      platform: input.platform,
      title: input.title,
      client: input.client,
      coachId: coach ?? input.coach_id ?? this.deps.defaultCoachId,
      copy: input.copy,
      dedupCoach: coach,
    };
  }
}

/** Streams one uploaded file to `dir` (fsynced, under a name unique in the upload) and returns its path. */
async function storeUploaded(dir: string, stream: Readable, fileName: string, used: Set<string>): Promise<string> {
  const named = join(dir, uniqueName(basename(fileName) || 'upload', used));
  const part = named + '.part';
  await pipeline(stream, createWriteStream(part, { flush: true }));
  if ((stream as Readable & { truncated?: boolean }).truncated)
    throw badRequest('file', `${basename(fileName)} is larger than allowed`);
  await syncAndCommitPartFile(part, named);
  return named;
}

export function titleFromFile(path: string): string {
  const name = basename(path, extname(path)).replace(/[_]+/g, ' ').trim();
  return name || 'Untitled recording';
}
