/**
 * "Back up this session": writes its `session.json` manifest, then queues one upload per file that is not
 * already in the bucket with the same content. A file is unchanged when its sha256 equals the one recorded at its
 * last completed upload to the same key; a changed file gets a new upload.
 */
import type { LibraryLayout } from '../storage/index.js';
import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { conflict, notFound } from '../../shared/contract/errors.js';
import type { Session } from '../../shared/contract/session-schema.js';
import type { LibraryDb } from '../db/index.js';
import type { ChangeLog, LibraryService } from '../library/index.js';
import type { MarkersRepository } from '../library/index.js';
import type { SessionFileRow } from '../library/index.js';
import type { SessionsRepository } from '../library/index.js';
import type { TranscriptsRepository, AnalysesRepository, SpeakerEditsRepository } from '../library/index.js';
import type { Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { S3Config, SyncConfigService } from './config.js';
import { FileFingerprints } from './file-fingerprints.js';
import { FingerprintsRepository } from './fingerprints-repository.js';
import { buildManifest } from './manifest.js';
import { partSizeFor } from './multipart-uploader.js';
import { backupFolder, keyInFolder, MANIFEST_NAME } from './object-keys.js';
import type { ManifestSigner } from './restore/manifest-signer.js';
import { isUnfinished, type UploadRow, type UploadsRepository } from './uploads-repository.js';

export const UPLOADABLE_KINDS: ReadonlySet<SessionFileRow['kind']> = new Set([
  'recording',
  'audio',
  'participant_audio',
  'transcript',
  'chat',
  'other',
]);
/**
 * Derived files backed up with the session, so a restored session shows them without re-analysis: the poster (the
 * grid's thumbnail) and the timeline strip. Their objects are named `analysis-<name>` (never a recording's name).
 * The analysis' waveform peaks are not files: they travel in the manifest's analysis result.
 */
export const BACKED_UP_ARTIFACTS: ReadonlySet<string> = new Set(['poster.jpg', 'strip.jpg']);
export const ARTIFACT_OBJECT_PREFIX = 'analysis-';

/** Whether a backup sends this file: media, transcripts, chat, the manifest, and the poster and strip. */
export function isBackedUp(file: Pick<SessionFileRow, 'kind' | 'name'>): boolean {
  return UPLOADABLE_KINDS.has(file.kind) || (file.kind === 'thumbnail' && BACKED_UP_ARTIFACTS.has(file.name));
}

/** The file's object name in its session's bucket folder. */
export function objectName(file: Pick<SessionFileRow, 'kind' | 'name'>): string {
  return file.kind === 'thumbnail' ? ARTIFACT_OBJECT_PREFIX + file.name : file.name;
}

/** Files held only in the bucket (found by bucket sync) carry this path instead of a local one. */
export const REMOTE_PATH_PREFIX = 's3://';

export interface BackupDeps {
  db: LibraryDb;
  sessions: SessionsRepository;
  transcripts: TranscriptsRepository;
  analyses: AnalysesRepository;
  markers: MarkersRepository;
  /** The coach's speaker renames and merges: carried in the manifest so a restored session keeps them. */
  speakerEdits: Pick<SpeakerEditsRepository, 'list'>;
  library: LibraryService;
  uploads: UploadsRepository;
  config: SyncConfigService;
  clock: Clock;
  /** Every path rule of the library folder (storage's). */
  layout: LibraryLayout;
  hashFile: (path: string) => Promise<{ sha256: string; size: number }>;
  enqueueUpload: (uploadId: string, sessionId: string) => void;
  /** Signs `session.json` (HMAC-SHA256) so a restore can tell the library's manifests from anyone else's. */
  signer: ManifestSigner;
  /** Told when a session's backup is whole (its manifest in the bucket): other devices restore it (issue 20). */
  changes?: ChangeLog;
}

/** A trashed session's state as its manifest carries it (see manifest.ts). */
export interface ManifestTrash {
  former_status: string;
  deleted_at: string;
  purge_at: string;
}

export function localPath(layout: LibraryLayout, file: SessionFileRow): string | null {
  if (file.path.startsWith(REMOTE_PATH_PREFIX)) return null;
  if (file.offload_state) return null; // offloaded: verified in S3, no local copy to send
  return file.managed === 1 ? layout.resolveManaged(file.path) : isAbsolute(file.path) ? file.path : null;
}

export class BackupService {
  readonly #fingerprints: FileFingerprints;

  constructor(private readonly deps: BackupDeps) {
    this.#fingerprints = new FileFingerprints(new FingerprintsRepository(deps.db), deps.hashFile);
  }

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  async syncSession(actor: Actor, id: string): Promise<{ upload_id: string | null; message?: string }> {
    const config = this.deps.config.require();
    const row = this.deps.library.visibleRow(actor, id);
    if (row.status === 'pending' || row.status === 'importing')
      throw conflict('The session is still being imported; back it up once its media is in the library');
    await this.writeManifest(id, config);
    const files = this.deps.sessions.files(id).filter(isBackedUp);
    const folder = backupFolder(
      config.prefix,
      row,
      files.map((f) => f.s3_key),
    );
    const created: string[] = [];
    let active: string | null = null;
    for (const file of files) {
      const path = localPath(this.deps.layout, file);
      if (!path) continue; // held in S3 only: nothing local to send
      const latest = this.deps.uploads.latestForFile(file.id);
      if (latest && isUnfinished(latest)) {
        active ??= latest.id;
        continue;
      }
      const { sha256, size } = await this.#fingerprints.sha256Of(file, path, this.#now()).catch((error: unknown) => {
        this.#stillHere(id); // deleted meanwhile (its files went with it): 404, not the missing file's error
        throw error;
      });
      this.#stillHere(id); // a delete that began meanwhile may already have listed the session's keys
      const key = keyInFolder(folder, objectName(file));
      if (latest?.state === 'synced' && file.s3_key === key && file.sha256 === sha256 && file.size === size) continue;
      this.deps.sessions.setFileContent(file.id, { sha256, size });
      const uploadId = newId('upl_');
      this.deps.uploads.insert({
        id: uploadId,
        sessionId: id,
        fileId: file.id,
        bucket: config.bucket,
        key,
        bytesTotal: size,
        partSize: partSizeFor(size, config.partSizeMb),
        now: this.#now(),
      });
      // The recording first: its upload id is the one the caller gets back.
      if (file.kind === 'recording') created.unshift(uploadId);
      else created.push(uploadId);
    }
    for (const uploadId of created) this.deps.enqueueUpload(uploadId, id);
    this.refreshState(id, { published: true });
    if (created.length > 0) return { upload_id: created[0]! };
    if (active) return { upload_id: active };
    return { upload_id: null, message: 'Already synced and unchanged' };
  }

  /**
   * Writes `<session>/session.json` (atomically, signed) and registers it as a session file; answers the text.
   * `trash`: the session's trash state (only the trash publishes one; a backup is never of a trashed session).
   */
  async writeManifest(id: string, config: S3Config, trash: ManifestTrash | null = null): Promise<string | null> {
    const prefix = config.prefix;
    const row = this.deps.sessions.get(id);
    if (!row) throw notFound('Session', { id });
    // Every file the manifest lists carries its sha256 (a restore checks what it fetches against it): files never
    // hashed yet (e.g. the poster, made by the analysis) are hashed first; the fingerprint cache keeps this cheap.
    for (const f of this.deps.sessions.files(id)) {
      const path = isBackedUp(f) && f.name !== MANIFEST_NAME && !f.sha256 ? localPath(this.deps.layout, f) : null;
      if (path) this.deps.sessions.setFileContent(f.id, await this.#fingerprints.sha256Of(f, path, this.#now()));
    }
    const all = this.deps.sessions.files(id);
    const files = all.filter((f) => isBackedUp(f) && f.name !== MANIFEST_NAME);
    const folder = backupFolder(
      prefix,
      row,
      all.map((f) => f.s3_key),
    );
    const manifest = buildManifest({
      row,
      participants: this.deps.sessions.participants(id),
      transcript: this.deps.transcripts.segments(id),
      markers: this.deps.markers.list(id),
      analysis: this.deps.analyses.load(id)?.data ?? null,
      speakerEdits: this.deps.speakerEdits.list(id),
      files: files.map((f) => ({ ...f, key: keyInFolder(folder, objectName(f)) })),
      trash,
    });
    const rel = `${id}/${MANIFEST_NAME}`;
    const current = this.deps.sessions.files(id).find((f) => f.name === MANIFEST_NAME && f.kind === 'other');
    const sending = current ? this.deps.uploads.latestForFile(current.id) : null;
    // An upload of the manifest is queued or under way: it sends the file with the size and sha256 it was queued
    // with, so the file must not change under it (a newer, longer manifest was sent cut to the old size: not JSON,
    // found by the soak). The next backup writes the newer one.
    if (isUnfinished(sending)) return null;
    const absolute = this.deps.layout.resolveManaged(rel);
    if (!absolute) throw new Error('session folder outside the library');
    const body = await this.deps.signer.sign(config, manifest);
    this.#stillHere(id);
    try {
      await mkdir(dirname(absolute), { recursive: true });
      await writeFile(absolute + '.part', body);
      await rename(absolute + '.part', absolute);
    } catch (error) {
      // A delete that began meanwhile removed the session's folder under the write (found by the soak: the
      // rename's ENOENT answered 500): that is a session that is gone (404), not an internal error.
      await rm(absolute + '.part', { force: true }).catch(() => undefined);
      this.#stillHere(id);
      throw error;
    }
    try {
      this.#stillHere(id);
    } catch (error) {
      // Deleted while the manifest was written: the delete may have removed the session's folder before it.
      await rm(absolute, { force: true });
      await rmdir(dirname(absolute)).catch(() => undefined);
      throw error;
    }
    const existing = this.deps.sessions.files(id).find((f) => f.name === MANIFEST_NAME && f.kind === 'other');
    if (existing) {
      this.deps.sessions.setFileContent(existing.id, { size: Buffer.byteLength(body) });
    } else {
      this.deps.sessions.addFile(
        id,
        { kind: 'other', name: MANIFEST_NAME, path: rel, managed: true, size: Buffer.byteLength(body) },
        this.#now(),
      );
    }
    return body;
  }

  /**
   * The session is still here and not being deleted (checked after every wait: a delete that began meanwhile must
   * not find a manifest or an upload written after it listed what to remove).
   */
  #stillHere(id: string): void {
    const row = this.deps.sessions.get(id);
    if (!row || row.status === 'deleting') throw notFound('Session', { id });
  }

  /** A session's upload_state, derived from the newest upload of each of its files. */
  deriveState(sessionId: string): Session['upload_state'] {
    const files = this.deps.sessions.files(sessionId).filter((f) => UPLOADABLE_KINDS.has(f.kind));
    const latest = files.map((f) => ({ file: f, upload: this.deps.uploads.latestForFile(f.id) }));
    const states = latest.map(({ upload }) => upload);
    if (states.some((u) => u?.state === 'uploading')) return 'uploading';
    // A paused upload is still to be sent: the session's summary says queued (sessions have no paused state).
    if (states.some((u) => u?.state === 'queued' || u?.state === 'paused')) return 'queued';
    if (states.some((u) => u?.state === 'failed')) return 'failed';
    const recording = files.find((f) => f.kind === 'recording');
    if (files.length > 0 && files.every((f) => f.s3_key !== null) && (recording ?? files[0])) return 'synced';
    return 'local_only';
  }

  /**
   * `published`: this library's own backup changed the state, so a backup made whole here is announced to the other
   * devices (not one found in the bucket by a restore or bucket sync: that came from another device already).
   */
  refreshState(sessionId: string, { published = false }: { published?: boolean } = {}): void {
    const row = this.deps.sessions.get(sessionId);
    if (!row || row.status === 'deleting') return;
    const next = this.deriveState(sessionId);
    if (next === row.upload_state) return;
    this.deps.sessions.transaction(() => {
      this.deps.sessions.update(sessionId, { upload_state: next }, this.#now());
      if (published && next === 'synced') {
        // A first backup (a device without the session restores it) or a later one (a device holding it reads the
        // re-written manifest again: transcript, analysis, speaker edits, new files): both told, in this transaction.
        this.deps.changes?.record({ op: 'published', session_id: sessionId, coach_id: row.coach_id });
        const manifest = this.deps.sessions
          .files(sessionId)
          .find((f) => f.name === MANIFEST_NAME && f.kind === 'other');
        const sha256 = manifest?.sha256 ?? '';
        this.deps.changes?.record({ op: 'manifest_updated', session_id: sessionId, coach_id: row.coach_id, sha256 });
      }
    });
    this.deps.library.announce(sessionId, 'session.changed');
  }

  /** The upload finished and was verified: the file now lives at its key. */
  markSynced(row: UploadRow): void {
    if (row.file_id !== null) this.deps.sessions.setFileS3Key(row.file_id, row.s3_key);
    this.refreshState(row.session_id, { published: true });
  }
}
