/**
 * Brings recordings into the library. Files are copied (default) through a `.part` file hashed in the same read
 * pass, fsynced and renamed, and only then is the session row committed — so a crash leaves either a finished
 * session or files that start-up recovery removes, never a row pointing at a partial file. Content already in the
 * library answers 409 naming the session that holds it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badRequest, conflict, forbidden, unprocessable } from '../../../shared/contract/errors.js';
import type { ImportInput, ImportResult } from '../../../shared/contract/sessions.js';
import type { Participant, Platform } from '../../../shared/contract/session-schema.js';
import { scopedCoach, type Actor } from '../../platform/actor.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { LibraryService } from '../library-service.js';
import { ProbeError, type ProbeSummary } from '../media-probe.js';
import type { NewSessionFile, SessionsRepository } from '../sessions/sessions-repository.js';

export interface FileOps {
  copyIntoLibrary(src: string, dest: string, opts: { onProgress?: (bytes: number) => void }): Promise<{ sha256: string; size: number }>;
  hashFile(path: string, opts: { onProgress?: (bytes: number) => void }): Promise<{ sha256: string; size: number }>;
  probe(path: string): Promise<ProbeSummary>;
}

export interface ImportDeps {
  sessions: SessionsRepository;
  library: LibraryService;
  files: FileOps;
  clock: Clock;
  logger: Logger;
  libraryDir: string;
  incomingDir: string;
  defaultCoachId: string;
  emitProgress(progress: { import_id: string; source: string; bytes_done: number; bytes_total: number | null; coach_id: string }): void;
  /** Called after a session is committed (the analysis queue hooks in here). */
  onImported?(sessionId: string, status: 'uploaded' | 'failed'): void;
}

export interface ImportOptions {
  platform?: Platform;
  title?: string;
  client?: string;
  coach_id?: string;
  copy: boolean;
  recordedAt?: string;
  participants?: Participant[];
}

const SESSION_DIR = /^ses_[0-9a-z]{20}$/;

export class ImportService {
  constructor(private readonly deps: ImportDeps) {}

  async importPath(actor: Actor, input: ImportInput): Promise<ImportResult> {
    if (input.url) throw unprocessable('URL imports are not available yet', { field: 'url' });
    const path = input.path ?? '';
    if (actor.role !== 'admin') throw forbidden('Importing by path needs an admin token; upload the file instead');
    if (!isAbsolute(path)) throw badRequest('path', 'expected an absolute path');
    const info = await stat(path).catch(() => null);
    if (!info) throw badRequest('path', `no such file or folder: ${path}`);
    const options = this.#options(actor, input);
    if (info.isFile()) {
      const created = await this.importFile(path, options);
      return { sessions: [created], refused: [] };
    }
    throw unprocessable('Folder imports are not available yet', { field: 'path' });
  }

  /** Imports one file; throws 409 when its content is already in the library. */
  async importFile(source: string, options: ImportOptions): Promise<{ id: string; status: string }> {
    const id = newId('ses_', this.deps.clock.now().getTime());
    const coachId = options.coach_id ?? this.deps.defaultCoachId;
    const importId = newId('imp_');
    const sourceInfo = await stat(source);
    const progress = (bytes: number) =>
      this.deps.emitProgress({ import_id: importId, source, bytes_done: bytes, bytes_total: sourceInfo.size, coach_id: coachId });
    const name = safeFileName(basename(source));
    const dest = join(this.deps.libraryDir, id, name);
    let stored: { sha256: string; size: number };
    if (options.copy) {
      await mkdir(join(this.deps.libraryDir, id), { recursive: true });
      stored = await this.deps.files.copyIntoLibrary(source, dest, { onProgress: progress });
    } else {
      stored = await this.deps.files.hashFile(source, { onProgress: progress });
    }
    const mediaPath = options.copy ? dest : source;
    try {
      return await this.#register(id, mediaPath, source, stored, options, coachId, sourceInfo.mtime);
    } catch (error) {
      if (options.copy) await rm(join(this.deps.libraryDir, id), { recursive: true, force: true });
      throw error;
    }
  }

  /** A multipart upload: streamed to `.incoming/<id>.part` while hashing, then filed like a copied import. */
  async importUpload(actor: Actor, stream: Readable, fileName: string, input: Omit<ImportInput, 'path' | 'url'>): Promise<ImportResult> {
    await mkdir(this.deps.incomingDir, { recursive: true });
    const part = join(this.deps.incomingDir, `${newId('upl_')}.part`);
    const hash = createHash('sha256');
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, tap, createWriteStream(part, { flush: true }));
      if ((stream as Readable & { truncated?: boolean }).truncated) throw badRequest('file', 'the upload is larger than allowed');
      const options = this.#options(actor, { ...input, copy: true });
      const id = newId('ses_', this.deps.clock.now().getTime());
      const dest = join(this.deps.libraryDir, id, safeFileName(fileName));
      await mkdir(join(this.deps.libraryDir, id), { recursive: true });
      await rename(part, dest);
      try {
        const created = await this.#register(
          id,
          dest,
          fileName,
          { sha256: hash.digest('hex'), size },
          { ...options, title: options.title ?? titleFromFile(fileName) },
          options.coach_id ?? this.deps.defaultCoachId,
          this.deps.clock.now(),
        );
        return { sessions: [created], refused: [] };
      } catch (error) {
        await rm(join(this.deps.libraryDir, id), { recursive: true, force: true });
        throw error;
      }
    } finally {
      await rm(part, { force: true });
    }
  }

  /**
   * Start-up recovery: `.part` files and session folders without a session row are what a crash mid-import leaves
   * behind (the row is committed last). Both are removed.
   */
  async recoverInterrupted(): Promise<{ removed: string[] }> {
    const removed: string[] = [];
    await rm(this.deps.incomingDir, { recursive: true, force: true }).then(() => removed.push(this.deps.incomingDir));
    const entries = await readdir(this.deps.libraryDir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || !SESSION_DIR.test(entry.name)) continue;
      const folder = join(this.deps.libraryDir, entry.name);
      if (!this.deps.sessions.get(entry.name)) {
        await rm(folder, { recursive: true, force: true });
        removed.push(folder);
        continue;
      }
      for (const file of await readdir(folder)) {
        if (!file.endsWith('.part')) continue;
        await rm(join(folder, file), { force: true });
        removed.push(join(folder, file));
      }
    }
    if (removed.length > 1) this.deps.logger.info({ removed }, 'removed files left by an interrupted import');
    return { removed };
  }

  async #register(
    id: string,
    mediaPath: string,
    source: string,
    stored: { sha256: string; size: number },
    options: ImportOptions,
    coachId: string,
    mtime: Date,
  ): Promise<{ id: string; status: string }> {
    const existing = this.deps.sessions.findBySha256(stored.sha256);
    if (existing) throw duplicate(existing.id, existing.title);
    let probe: ProbeSummary | null = null;
    let failure: string | null = null;
    try {
      probe = await this.deps.files.probe(mediaPath);
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      failure = error.message;
    }
    const now = this.deps.clock.now().toISOString();
    const file: NewSessionFile = {
      kind: probe && probe.videoStreams === 0 ? 'audio' : 'recording',
      name: basename(mediaPath),
      path: options.copy ? relative(this.deps.libraryDir, mediaPath) : mediaPath,
      managed: options.copy,
      size: stored.size,
      sha256: stored.sha256,
    };
    const status = failure ? 'failed' : 'uploaded';
    try {
      this.deps.sessions.insert(
        {
          id,
          title: options.title ?? titleFromFile(source),
          status,
          status_detail: failure,
          platform: options.platform ?? 'local',
          coach_id: coachId,
          client: options.client ?? '',
          recorded_at: options.recordedAt ?? mtime.toISOString(),
          created_at: now,
          duration: probe?.duration ?? null,
          size: stored.size,
          sha256: stored.sha256,
          source_path: source,
        },
        options.participants ?? [],
        [file],
      );
    } catch (error) {
      const race = this.deps.sessions.findBySha256(stored.sha256);
      if (race) throw duplicate(race.id, race.title);
      throw error;
    }
    this.deps.library.announce(id, 'session.created');
    this.deps.onImported?.(id, status);
    return { id, status };
  }

  #options(actor: Actor, input: Omit<ImportInput, 'path' | 'url'>): ImportOptions {
    const coach = scopedCoach(actor);
    if (coach && input.coach_id && input.coach_id !== coach) throw forbidden('A coach token imports only for its own coach');
    return {
      platform: input.platform,
      title: input.title,
      client: input.client,
      coach_id: coach ?? input.coach_id,
      copy: input.copy,
    };
  }
}

function duplicate(id: string, title: string) {
  return conflict(`Already in your library: "${title}"`, { existing_session_id: id, existing_title: title });
}

export function titleFromFile(path: string): string {
  const name = basename(path, extname(path)).replace(/[_]+/g, ' ').trim();
  return name || 'Untitled recording';
}

/** A file name safe on every OS we ship to (no separators, control or reserved characters). */
export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_').slice(0, 200);
  return cleaned || 'recording';
}
