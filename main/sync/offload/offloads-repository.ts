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

/** Also the library's `OffloadStates`: the library asks this module which of a session's files are offloaded. */
export class OffloadsRepository implements OffloadStates {
  #ofSession?: Statement<[string], { file_id: number } & FileOffload>;
  #among?: Statement<[string]>;

  constructor(private readonly db: LibraryDb) {}

  /** The session's files with an offload row, by file id (read with every `files()` of the library: prepared once). */
  ofSession(sessionId: string): Map<number, FileOffload> {
    this.#ofSession ??= this.db.prepare('SELECT file_id, state, origin FROM offloads WHERE session_id = ?');
    return new Map(this.#ofSession.all(sessionId).map((r) => [r.file_id, { state: r.state, origin: r.origin }]));
  }

  get(fileId: number): OffloadRow | undefined {
    return this.db.prepare('SELECT * FROM offloads WHERE file_id = ?').get(fileId) as OffloadRow | undefined;
  }

  /** Sessions with a file held in S3 only since a restore brought it (`origin: restore`, not downloaded since). */
  restoredRemoteSessions(): string[] {
    return this.db
      .prepare("SELECT DISTINCT session_id FROM offloads WHERE origin = 'restore' AND state = 'offloaded'")
      .pluck()
      .all() as string[];
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

  /** Of these files, those with an offload row (in any state): one statement for a batch of candidates. */
  offloadedAmong(fileIds: readonly number[]): Set<number> {
    this.#among ??= this.db.prepare('SELECT file_id FROM offloads WHERE file_id IN (SELECT value FROM json_each(?))');
    return new Set(this.#among.pluck().all(JSON.stringify(fileIds)) as number[]);
  }
}
