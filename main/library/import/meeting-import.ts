/**
 * Registers one meeting (a recognised group of files) as one session: files copied into the session's folder
 * (`.part` → hash in the same pass → fsync → rename) or referenced in place, the recording probed, transcripts
 * and chat read, and then — last, in one transaction — the session, its participants, files, transcript and chat
 * notes. A crash before that commit leaves only a folder without a row, which start-up recovery removes.
 */
import { mkdir, rm } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { conflict } from '../../../shared/contract/errors.js';
import type { Participant, Platform } from '../../../shared/contract/session-schema.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { LibraryLayout } from '../../storage/index.js';
import { newId } from '../../platform/ids.js';
import type { Db } from '../../db/index.js';
import type { MeetingCandidate, MeetingFile } from '../importers/types.js';
import type { LibraryService } from '../library-service.js';
import type { MarkersRepository } from '../markers-repository.js';
import { ProbeError, type ProbeSummary } from '../media-probe.js';
import type { NewSessionFile, SessionsRepository } from '../sessions/sessions-repository.js';
import type { TranscriptsRepository } from '../transcripts-repository.js';
import { readSidecars } from './sidecars.js';

export interface StoredFile {
  sha256: string;
  size: number;
}

export interface FileOps {
  copyIntoLibrary(src: string, dest: string, opts: { onProgress?: (bytes: number) => void }): Promise<StoredFile>;
  /** For files Filmroom wrote itself (uploads): hashed and renamed into place, not written again. */
  moveIntoLibrary(src: string, dest: string, opts: { onProgress?: (bytes: number) => void }): Promise<StoredFile>;
  hashFile(path: string, opts: { onProgress?: (bytes: number) => void }): Promise<StoredFile>;
  probe(path: string): Promise<ProbeSummary>;
}

export interface MeetingImportDeps {
  db: Db;
  sessions: SessionsRepository;
  transcripts: TranscriptsRepository;
  markers: MarkersRepository;
  library: LibraryService;
  files: FileOps;
  clock: Clock;
  layout: LibraryLayout;
  onProgress(sessionId: string, source: string, bytesDone: number, bytesTotal: number | null): void;
  onImported?(sessionId: string, status: 'uploaded' | 'failed'): void;
  /** Where a failure of the work that follows a committed import (announce, automatic analysis) is reported. */
  logger?: Pick<Logger, 'warn'>;
}

export interface MeetingOptions {
  platform?: Platform;
  title?: string;
  client?: string;
  coachId: string;
  copy: boolean;
  /** With copy: the sources are Filmroom's own durable temporary files (uploads), moved rather than copied. */
  move?: boolean;
  /**
   * The coach a coach token confines the caller to: duplicates are looked for among that coach's sessions only
   * (another coach's copy is not the caller's duplicate, and must not be named to it). Unset: the whole library.
   */
  dedupCoach?: string;
}

export class MeetingImporter {
  constructor(private readonly deps: MeetingImportDeps) {}

  /** Imports a meeting; throws 409 when the meeting or its recording's content is already in the library. */
  async import(
    meeting: MeetingCandidate,
    options: MeetingOptions,
  ): Promise<{ id: string; status: 'uploaded' | 'failed' }> {
    const known = this.#byMeetingKey(meeting.meetingKey, options.dedupCoach);
    if (known) throw duplicate(known.id, known.title);
    const id = newId('ses_', this.deps.clock.now().getTime());
    const folder = this.deps.layout.sessionDir(id);
    let imported: { id: string; status: 'uploaded' | 'failed' };
    try {
      imported = await this.#import(id, folder, meeting, options);
    } catch (error) {
      // Nothing was committed: what was stored for the session goes (a crash here leaves it to start-up recovery).
      await rm(folder, { recursive: true, force: true });
      throw error;
    }
    // Committed: the session and its files are in the library. What follows must never remove them (a follow-up
    // that failed on a full disk once removed the folder under the committed rows, found by the soak); a failure
    // here is reported, and the import stands.
    try {
      this.deps.library.announce(id, 'session.created');
      this.deps.onImported?.(id, imported.status);
    } catch (error) {
      this.deps.logger?.warn({ id, error: (error as Error).message }, 'work after an import failed; the import stands');
    }
    return imported;
  }

  async #import(id: string, folder: string, meeting: MeetingCandidate, options: MeetingOptions) {
    const stored = await this.#storeFiles(id, folder, meeting, options);
    const main = stored.find((f) => f.source === meeting.mainRecording) ?? stored[0];
    if (!main) throw new Error('a meeting without files cannot be imported');
    const existing = this.deps.sessions.findBySha256(main.sha256, options.dedupCoach);
    if (existing) throw duplicate(existing.id, existing.title);

    let probe: ProbeSummary | null = null;
    let failure: string | null = null;
    try {
      probe = await this.deps.files.probe(main.path);
    } catch (error) {
      if (!(error instanceof ProbeError)) throw error;
      failure = error.message;
    }
    const duration = probe ? await this.#totalDuration(probe, main, stored) : null;
    const sidecars = await readSidecars(
      meeting,
      stored.map((f) => ({ ...f.meta, path: f.path })),
    );
    const participants = mergeParticipants(meeting, sidecars.speakers);
    const status = failure ? ('failed' as const) : ('uploaded' as const);
    const now = this.deps.clock.now().toISOString();
    // Unreadable content (a 2 GB garbage upload) keeps its session row and the reason, not its bytes: the copies
    // are removed now. A file referenced in place is the user's own and never touched.
    const dropBytes = failure !== null && options.copy;
    if (dropBytes) await rm(folder, { recursive: true, force: true });
    const rows: NewSessionFile[] = stored.map((f) => ({
      kind: f === main && probe && probe.videoStreams === 0 ? 'audio' : f.meta.kind,
      name: f.meta.name,
      path: options.copy ? this.deps.layout.storedPath(f.path) : f.path,
      managed: options.copy,
      size: f.size,
      sha256: f.sha256,
      participant: f.meta.participant ?? null,
    }));
    try {
      this.deps.db.transaction(() => {
        this.deps.sessions.insert(
          {
            id,
            title: options.title ?? meeting.title,
            status,
            status_detail: failure,
            platform: options.platform ?? meeting.platform,
            coach_id: options.coachId,
            client: options.client ?? '',
            recorded_at: meeting.recordedAt,
            created_at: now,
            duration,
            size: stored.reduce((sum, f) => sum + f.size, 0),
            sha256: main.sha256,
            source_path: meeting.mainRecording,
            meeting_key: meeting.meetingKey,
            transcript_status: sidecars.segments.length > 0 ? 'ready' : 'none',
          },
          participants,
          dropBytes ? [] : [rows[stored.indexOf(main)]!, ...rows.filter((_, i) => i !== stored.indexOf(main))],
        );
        if (sidecars.segments.length > 0) this.deps.transcripts.replaceSegments(id, sidecars.segments);
        if (sidecars.chat.length > 0) {
          this.deps.markers.addMany(
            id,
            sidecars.chat.map((c) => ({ t: c.t, kind: 'chat' as const, author: c.author, text: c.text })),
            now,
          );
        }
      })();
    } catch (error) {
      const race = this.deps.sessions.findBySha256(main.sha256, options.coachId);
      if (race) throw duplicate(race.id, race.title);
      throw error;
    }
    return { id, status };
  }

  /** Copies, moves (uploads) or hashes in place every file of the meeting; names are kept, made unique within the folder. */
  async #storeFiles(id: string, folder: string, meeting: MeetingCandidate, { copy, move }: MeetingOptions) {
    const out: { source: string; path: string; sha256: string; size: number; meta: MeetingFile }[] = [];
    const used = new Set<string>();
    if (copy) await mkdir(folder, { recursive: true });
    for (const file of meeting.files) {
      const progress = (bytes: number) => this.deps.onProgress(id, file.path, bytes, null);
      if (copy) {
        const name = uniqueName(safeFileName(file.name), used);
        const dest = join(folder, name);
        const store = move ? this.deps.files.moveIntoLibrary : this.deps.files.copyIntoLibrary;
        const s = await store(file.path, dest, { onProgress: progress });
        out.push({ source: file.path, path: dest, ...s, meta: { ...file, name } });
      } else {
        const s = await this.deps.files.hashFile(file.path, { onProgress: progress });
        out.push({ source: file.path, path: file.path, ...s, meta: file });
      }
    }
    return out;
  }

  /** A recording paused and resumed in Zoom comes in parts: the session lasts as long as all of them. */
  async #totalDuration(probe: ProbeSummary, main: { path: string }, stored: { path: string; meta: MeetingFile }[]) {
    let total = probe.duration ?? 0;
    for (const f of stored) {
      // Other views of the same meeting (Zoom cloud gallery/speaker) are not parts: only numbered parts add up.
      if (f.path === main.path || f.meta.kind !== 'recording' || f.meta.part === undefined) continue;
      const part = await this.deps.files.probe(f.path).catch(() => null);
      total += part?.duration ?? 0;
    }
    return total || probe.duration;
  }

  #byMeetingKey(key: string, coachId: string | undefined) {
    return this.deps.sessions.findByMeetingKey(key, coachId);
  }
}

function mergeParticipants(meeting: MeetingCandidate, speakers: string[]): Participant[] {
  const byName = new Map<string, Participant>();
  for (const p of meeting.participants) byName.set(p.name, { name: p.name, role: p.role });
  for (const s of speakers) if (!byName.has(s)) byName.set(s, { name: s, role: 'participant' });
  return [...byName.values()];
}

export function duplicate(id: string, title: string) {
  return conflict(`Already in your library: "${title}"`, { existing_session_id: id, existing_title: title });
}

/** A name not yet in `used` (compared case-insensitively): "name (2).ext" for the second, and so on. */
export function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let i = 2; used.has(candidate.toLowerCase()); i++) {
    candidate = `${basename(name, extname(name))} (${i})${extname(name)}`;
  }
  used.add(candidate.toLowerCase());
  return candidate;
}

// eslint-disable-next-line no-control-regex -- control characters are exactly what must go
const UNSAFE_IN_FILE_NAMES = /[\\/:*?"<>|\u0000-\u001f]/g;

/** A file name safe on every OS we ship to (no separators, control or reserved characters). */
export function safeFileName(name: string): string {
  const cleaned = name.replace(UNSAFE_IN_FILE_NAMES, '_').replace(/^\.+/, '_').slice(0, 200);
  return cleaned || 'recording';
}
