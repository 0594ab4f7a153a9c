/** SQL for a session's file rows (`session_files`). Statements are prepared once per connection. */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../../db/index.js';
import type { SessionFileRow } from './session-row.js';

export interface NewSessionFile {
  kind: SessionFileRow['kind'];
  name: string;
  path: string;
  managed: boolean;
  size: number;
  sha256?: string | null;
  participant?: string | null;
}

/** A file whose local copy was given up for its S3 copy (or never was here: a restored library's). */
export interface FileOffload {
  state: 'offloading' | 'offloaded' | 'restoring';
  origin: 'offload' | 'restore';
}

/**
 * The offload state of a session's files, asked of the module that owns the `offloads` table (sync), handed in by
 * the composition root: the library does not read another module's table.
 */
export interface OffloadStates {
  /** The session's files that have an offload row, by file id. */
  ofSession(sessionId: string): ReadonlyMap<number, FileOffload>;
}

/** No file is offloaded: for a repository read without the sync module (a test of the library's rows alone). */
export const NO_OFFLOADS: OffloadStates = { ofSession: () => new Map() };

/** A file's object in the bucket, with what a check of it needs (verify backups). */
export interface ObjectInBucket {
  file_id: number;
  session_id: string;
  title: string;
  key: string;
  size: number;
  sha256: string | null;
}

/** A backed-up managed recording of a session at rest: what offload may free (see `backedUpRecordings`). */
export interface BackedUpRecording {
  session_id: string;
  file_id: number;
  bytes: number;
  key: string;
  recorded_at: string;
}

/** Where a walk of `backedUpRecordings` goes on from: the last row's (recorded_at, session id, file id). */
export interface RecordingCursor {
  recordedAt: string;
  sessionId: string;
  fileId: number;
}

/** A file with a bucket key, of a session not being deleted. */
export interface FileInBucket {
  id: number;
  session_id: string;
  s3_key: string;
  path: string;
}

export class SessionFilesRepository {
  readonly #filesOf: Statement<[string], SessionFileRow>;
  readonly #insertFile: Statement;
  readonly #setSize: Statement;
  readonly #setContent: Statement;
  readonly #setKey: Statement;
  readonly #setKeyByName: Statement;
  readonly #deleteFile: Statement;
  readonly #inBucket: Statement<[], FileInBucket>;

  readonly #offloads: OffloadStates;
  readonly #db: LibraryDb;
  #backedUp?: Statement<Record<string, unknown>, BackedUpRecording>;

  constructor(db: LibraryDb, offloads: OffloadStates = NO_OFFLOADS) {
    this.#offloads = offloads;
    this.#db = db;
    this.#filesOf = db.prepare('SELECT * FROM session_files WHERE session_id = ? ORDER BY id');
    this.#insertFile = db.prepare(
      `INSERT INTO session_files (session_id, kind, name, path, managed, size, sha256, participant, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#setSize = db.prepare('UPDATE session_files SET size = ? WHERE id = ?');
    this.#setContent = db.prepare('UPDATE session_files SET sha256 = ?, size = ? WHERE id = ?');
    this.#setKey = db.prepare('UPDATE session_files SET s3_key = ? WHERE id = ?');
    this.#setKeyByName = db.prepare('UPDATE session_files SET s3_key = ? WHERE session_id = ? AND name = ?');
    this.#deleteFile = db.prepare('DELETE FROM session_files WHERE id = ?');
    this.#inBucket = db.prepare(
      `SELECT f.id, f.session_id, f.s3_key, f.path FROM session_files f JOIN sessions s ON s.id = f.session_id
       WHERE f.s3_key IS NOT NULL AND s.status != 'deleting'`,
    );
  }

  /** A session's files, with their offload state (null while the local copy is in the library). */
  files(id: string): SessionFileRow[] {
    const rows = this.#filesOf.all(id);
    const offloaded = rows.length === 0 ? undefined : this.#offloads.ofSession(id);
    return rows.map((row) => {
      const offload = offloaded?.get(row.id);
      return { ...row, offload_state: offload?.state ?? null, offload_origin: offload?.origin ?? null };
    });
  }

  /** Adds a file row; answers its id. */
  addFile(sessionId: string, f: NewSessionFile, createdAt: string): number {
    const row = [f.kind, f.name, f.path, f.managed ? 1 : 0, f.size, f.sha256 ?? null, f.participant ?? null];
    return Number(this.#insertFile.run(sessionId, ...row, createdAt).lastInsertRowid);
  }

  /** A file's size, and its sha256 when known, after its content was (re)read. */
  setFileContent(fileId: number, content: { size: number; sha256?: string }): void {
    if (content.sha256 === undefined) this.#setSize.run(content.size, fileId);
    else this.#setContent.run(content.sha256, content.size, fileId);
  }

  /** Where a file's copy is in the bucket (null: none). */
  setFileS3Key(fileId: number, key: string | null): void {
    this.#setKey.run(key, fileId);
  }

  /** Sets the bucket key of a session's file by its name (a discovered session's files). */
  setFileS3KeyByName(sessionId: string, name: string, key: string): void {
    this.#setKeyByName.run(key, sessionId, name);
  }

  /** Removes one file row (a file that only ever existed in the bucket). */
  deleteFile(fileId: number): void {
    this.#deleteFile.run(fileId);
  }

  /** Every file with a bucket key, of sessions not being deleted. */
  filesInBucket(): FileInBucket[] {
    return this.#inBucket.all();
  }

  /** Every object the library references, of sessions not being deleted: what a verify run checks. */
  objectsInBucket(): ObjectInBucket[] {
    return this.#db
      .prepare(
        `SELECT f.id AS file_id, f.session_id, s.title, f.s3_key AS key, f.size, f.sha256
         FROM session_files f JOIN sessions s ON s.id = f.session_id
         WHERE f.s3_key IS NOT NULL AND s.status != 'deleting' ORDER BY f.session_id, f.id`,
      )
      .all() as ObjectInBucket[];
  }

  /** A file's name (an upload's record names the file it sends). */
  fileName(fileId: number): string | undefined {
    return this.#db.prepare('SELECT name FROM session_files WHERE id = ?').pluck().get(fileId) as string | undefined;
  }

  /** Whether a file of the library already references this bucket key (an object that must not be replaced). */
  keyReferenced(key: string): boolean {
    return this.#db.prepare('SELECT 1 FROM session_files WHERE s3_key = ? LIMIT 1').pluck().get(key) !== undefined;
  }

  /**
   * Managed recordings with a verified backup (`s3_key` and sha256 set) of listed sessions at rest (media in the
   * library, no import or analysis running), oldest recording first, one page after `after`: what the sync module's
   * offload filters with its own tables (offloads, unfinished uploads). Read through the backed-up files' partial
   * index (`session_files_s3_key`), so a library with few backups costs little, however large.
   */
  backedUpRecordings(options: {
    coachId: string | null;
    recordedBefore: string | null;
    after: RecordingCursor | null;
    limit: number;
  }): BackedUpRecording[] {
    this.#backedUp ??= this.#db.prepare(
      `SELECT f.session_id, f.id AS file_id, f.size AS bytes, f.s3_key AS key, s.recorded_at
       FROM session_files f JOIN sessions s ON s.id = f.session_id
       WHERE f.s3_key IS NOT NULL AND f.kind = 'recording' AND f.managed = 1 AND f.sha256 IS NOT NULL
         AND s.listed = 1 AND s.status IN ('uploaded','ready','failed')
         AND (@coach IS NULL OR s.coach_id = @coach)
         AND (@before IS NULL OR s.recorded_at < @before)
         AND (@afterAt IS NULL OR (s.recorded_at, s.id, f.id) > (@afterAt, @afterId, @afterFile))
       ORDER BY s.recorded_at, s.id, f.id LIMIT @limit`,
    );
    return this.#backedUp.all({
      coach: options.coachId,
      before: options.recordedBefore,
      afterAt: options.after?.recordedAt ?? null,
      afterId: options.after?.sessionId ?? null,
      afterFile: options.after?.fileId ?? null,
      limit: options.limit,
    });
  }
}
