/** SQL of the `offloads` table (migration 0010): one row per file whose local copy was given up for S3. */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../../db/index.js';
import type { FileOffload, OffloadStates } from '../../library/index.js';

export type OffloadState = 'offloading' | 'offloaded' | 'restoring';

export interface OffloadRow {
  file_id: number;
  session_id: string;
  state: OffloadState;
  bytes: number;
  error: string | null;
}

export interface CandidateRow {
  session_id: string;
  file_id: number;
  bytes: number;
  key: string;
}

/** Also the library's `OffloadStates`: the library asks this module which of a session's files are offloaded. */
export class OffloadsRepository implements OffloadStates {
  #ofSession?: Statement<[string], { file_id: number } & FileOffload>;

  constructor(private readonly db: LibraryDb) {}

  /** The session's files with an offload row, by file id (read with every `files()` of the library: prepared once). */
  ofSession(sessionId: string): Map<number, FileOffload> {
    this.#ofSession ??= this.db.prepare('SELECT file_id, state, origin FROM offloads WHERE session_id = ?');
    return new Map(this.#ofSession.all(sessionId).map((r) => [r.file_id, { state: r.state, origin: r.origin }]));
  }

  get(fileId: number): OffloadRow | undefined {
    return this.db.prepare('SELECT * FROM offloads WHERE file_id = ?').get(fileId) as OffloadRow | undefined;
  }

  /** Ids of every file with an offload row (in any state). */
  fileIds(): Set<number> {
    return new Set(this.db.prepare('SELECT file_id FROM offloads').pluck().all() as number[]);
  }

  inState(state: OffloadState): OffloadRow[] {
    return this.db.prepare('SELECT * FROM offloads WHERE state = ? ORDER BY file_id').all(state) as OffloadRow[];
  }

  insert(row: { fileId: number; sessionId: string; bytes: number; now: string }): void {
    this.db
      .prepare(
        `INSERT INTO offloads (file_id, session_id, state, bytes, offloaded_at, updated_at)
         VALUES (?, ?, 'offloading', ?, ?, ?)`,
      )
      .run(row.fileId, row.sessionId, row.bytes, row.now, row.now);
  }

  /** A file restored from the bucket (migration 0016): held in S3 only from the start, `local_copy: "remote"`. */
  insertRemote(row: { fileId: number; sessionId: string; bytes: number; now: string }): void {
    this.db
      .prepare(
        `INSERT INTO offloads (file_id, session_id, state, bytes, offloaded_at, updated_at, origin)
         VALUES (?, ?, 'offloaded', ?, ?, ?, 'restore')`,
      )
      .run(row.fileId, row.sessionId, row.bytes, row.now, row.now);
  }

  setState(fileId: number, state: OffloadState, now: string, error: string | null = null): void {
    this.db
      .prepare('UPDATE offloads SET state = ?, error = ?, updated_at = ? WHERE file_id = ?')
      .run(state, error, now, fileId);
  }

  /** The local copy is back: the file row stands for a library file again. */
  remove(fileId: number): void {
    this.db.prepare('DELETE FROM offloads WHERE file_id = ?').run(fileId);
  }

  /**
   * Recordings that are managed copies, backed up (an upload verified size + sha256 and set `s3_key`), not offloaded,
   * of sessions at rest (media in the library, no import or analysis running), oldest recording first.
   */
  candidates(options: { coachId: string | null; recordedBefore: string | null; limit: number }): CandidateRow[] {
    return this.db
      .prepare(
        `SELECT f.session_id, f.id AS file_id, f.size AS bytes, f.s3_key AS key
         FROM session_files f JOIN sessions s ON s.id = f.session_id
         WHERE f.kind = 'recording' AND f.managed = 1 AND f.s3_key IS NOT NULL AND f.sha256 IS NOT NULL
           AND s.listed = 1 AND s.status IN ('uploaded','ready','failed')
           AND NOT EXISTS (SELECT 1 FROM offloads o WHERE o.file_id = f.id)
           AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.file_id = f.id AND u.state IN ('queued','uploading'))
           AND (@coach IS NULL OR s.coach_id = @coach)
           AND (@before IS NULL OR s.recorded_at < @before)
         ORDER BY s.recorded_at, s.id LIMIT @limit`,
      )
      .all({ coach: options.coachId, before: options.recordedBefore, limit: options.limit }) as CandidateRow[];
  }
}
