/**
 * The `uploads` and `upload_parts` tables: the resume state of every S3 upload. Each finished part is committed
 * on its own, so a kill -9 loses at most the parts in flight.
 *
 * An upload's state is its row's `state` alone (migration 0033 made `paused` a state of its own; before, a pause was
 * `queued` with a marker in `error`); `synced` is what docs/api.md calls `completed`. The job that sends it only
 * carries the run; `queued`/`uploading`/`paused` are the unfinished states (`UNFINISHED_STATES`).
 */
import type { QueuedUploadRecord, UploadRecord } from '../../shared/contract/sync.js';
import type { LibraryDb, WorkDb } from '../db/index.js';
import type { Statement } from 'better-sqlite3';

export type StoredUploadState = 'queued' | 'uploading' | 'paused' | 'synced' | 'failed' | 'cancelled';

/**
 * An upload not finished yet: waiting for its job, being sent, or paused by the user. A paused upload still keeps
 * its session busy (its local file is needed to resume, its multipart upload on the store is not stale), keeps a
 * backup from starting a second upload of the file, and is cancelled by a delete, as a queued one is.
 */
export const UNFINISHED_STATES: readonly StoredUploadState[] = ['queued', 'uploading', 'paused'];
const UNFINISHED_SQL = "('queued','uploading','paused')";

export function isUnfinished(row: Pick<UploadRow, 'state'> | null | undefined): boolean {
  return row !== null && row !== undefined && UNFINISHED_STATES.includes(row.state);
}

export interface UploadRow {
  id: string;
  session_id: string;
  file_id: number | null;
  bucket: string;
  s3_key: string;
  multipart_upload_id: string | null;
  state: StoredUploadState;
  bytes_total: number;
  bytes_sent: number;
  part_size: number | null;
  attempts: number;
  error: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  /** A presigned upload's intended file name (its key is fresh, so the name is kept apart). */
  file_name: string | null;
  /** When a presigned PUT link stops working: a never-confirmed one stops counting as running work then. */
  expires_at: string | null;
}

/** The library's names of its files (asked, not read from its table). */
export interface FileNames {
  fileName(fileId: number): string | undefined;
}

/** Where a walk of the queue goes on from (newest first). */
export interface QueueCursor {
  createdAt: string;
  seq: number;
}

export type QueuedRow = UploadRow & { seq: number };

export interface PartRow {
  part_number: number;
  etag: string;
  size: number;
}

export interface NewUpload {
  id: string;
  sessionId: string;
  fileId: number | null;
  bucket: string;
  key: string;
  bytesTotal: number;
  partSize: number | null;
  now: string;
  fileName?: string | null;
  expiresAt?: string | null;
}

export function apiState(row: Pick<UploadRow, 'state'>): UploadRecord['state'] {
  return row.state === 'synced' ? 'completed' : row.state;
}

export class UploadsRepository {
  #forSession?: Statement;

  /**
   * Where finished parts are committed: the work connection (synchronous=NORMAL) when given. With FULL, each of a
   * 2 GB upload's 256 part commits fsyncs on the event loop and stalls every part in flight while the store's own
   * writes fill the disk queue (measured: 40 commits 330 ms, up to 50 ms each, beside a 300 MB write). A kill -9
   * loses nothing under NORMAL; a power cut can lose the newest parts' rows, and the resume adopts those parts
   * from ListParts or sends them again. The upload's own state (UploadId, completed) stays on the FULL connection.
   */
  readonly #partsDb: LibraryDb | WorkDb;

  readonly #now: () => string;

  constructor(
    private readonly db: LibraryDb,
    work?: WorkDb,
    now: () => string = () => new Date().toISOString(),
  ) {
    this.#partsDb = work ?? db;
    this.#now = now;
  }

  insert(u: NewUpload): void {
    this.db
      .prepare(
        `INSERT INTO uploads (id, session_id, file_id, bucket, s3_key, state, bytes_total, part_size, created_at,
           updated_at, file_name, expires_at)
         VALUES (?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        u.id,
        u.sessionId,
        u.fileId,
        u.bucket,
        u.key,
        u.bytesTotal,
        u.partSize,
        u.now,
        u.now,
        u.fileName ?? null,
        u.expiresAt ?? null,
      );
  }

  get(id: string): UploadRow | undefined {
    return this.db.prepare('SELECT * FROM uploads WHERE id = ?').get(id) as UploadRow | undefined;
  }

  forSession(sessionId: string): UploadRow[] {
    // Asked for every session of a bulk delete: prepared once.
    this.#forSession ??= this.db.prepare(
      'SELECT * FROM uploads WHERE session_id = ? ORDER BY created_at DESC, rowid DESC',
    );
    return this.#forSession.all(sessionId) as UploadRow[];
  }

  /** The newest upload of a file (what decides its backup state). */
  latestForFile(fileId: number): UploadRow | undefined {
    return this.db
      .prepare('SELECT * FROM uploads WHERE file_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1')
      .get(fileId) as UploadRow | undefined;
  }

  /**
   * Uploads not finished (queued, uploading or paused), except presigned ones whose link has expired unconfirmed
   * (the other tool can no longer PUT, so they no longer keep their session busy).
   */
  active(sessionId?: string): UploadRow[] {
    const where =
      `state IN ${UNFINISHED_SQL} AND (expires_at IS NULL OR expires_at > ?)` +
      (sessionId ? ' AND session_id = ?' : '');
    const now = this.#now();
    return this.db
      .prepare(`SELECT * FROM uploads WHERE ${where}`)
      .all(...(sessionId ? [now, sessionId] : [now])) as UploadRow[];
  }

  /** Of these files, those with an unfinished upload (read through the partial index of unfinished uploads). */
  unfinishedAmong(fileIds: readonly number[]): Set<number> {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT file_id FROM uploads WHERE state IN ${UNFINISHED_SQL}
           AND file_id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .all(JSON.stringify(fileIds)) as number[];
    return new Set(rows);
  }

  /** Every key the library ever wrote or handed out for a session (confirmed or not): what a delete removes. */
  keysForSession(sessionId: string): string[] {
    return this.db
      .prepare('SELECT DISTINCT s3_key FROM uploads WHERE session_id = ?')
      .pluck()
      .all(sessionId) as string[];
  }

  /**
   * Backups left `failed` whose object may be whole after all (start-up reconcile by HEAD): the newest upload of
   * each file only, so a file backed up again since is not looked at.
   */
  failedWithFile(): UploadRow[] {
    return this.db
      .prepare(
        `SELECT u.* FROM uploads u WHERE u.state = 'failed' AND u.file_id IS NOT NULL
           AND u.rowid = (SELECT v.rowid FROM uploads v WHERE v.file_id = u.file_id
                          ORDER BY v.created_at DESC, v.rowid DESC LIMIT 1)`,
      )
      .all() as UploadRow[];
  }

  /**
   * The queue across sessions, newest first, one page after `before` (filtered in SQL by state, so a state filter is
   * never cut by the limit). Titles and a coach's scope are the library's: the caller asks it per page.
   */
  queuePage(state: UploadRecord['state'] | undefined, before: QueueCursor | null, limit: number): QueuedRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    if (state) {
      where.push('state = ?');
      params.push(state === 'completed' ? 'synced' : state);
    }
    if (before) {
      where.push('(created_at, rowid) < (?, ?)');
      params.push(before.createdAt, before.seq);
    }
    return this.db
      .prepare(
        `SELECT *, rowid AS seq FROM uploads ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
         ORDER BY created_at DESC, rowid DESC LIMIT ?`,
      )
      .all(...params, limit) as QueuedRow[];
  }

  parts(uploadId: string): PartRow[] {
    return this.db
      .prepare('SELECT part_number, etag, size FROM upload_parts WHERE upload_id = ? ORDER BY part_number')
      .all(uploadId) as PartRow[];
  }

  /** One part finished: committed at once together with the byte count. */
  addPart(uploadId: string, part: PartRow, now: string): void {
    const db = this.#partsDb;
    db.transaction(() => this.#writePart(db, uploadId, part, now))();
  }

  #writePart(db: LibraryDb | WorkDb, uploadId: string, part: PartRow, now: string): void {
    db.prepare(
      `INSERT INTO upload_parts (upload_id, part_number, etag, size) VALUES (?, ?, ?, ?)
       ON CONFLICT(upload_id, part_number) DO UPDATE SET etag = excluded.etag, size = excluded.size`,
    ).run(uploadId, part.part_number, part.etag, part.size);
    db.prepare(
      `UPDATE uploads SET bytes_sent = (SELECT COALESCE(SUM(size), 0) FROM upload_parts WHERE upload_id = ?),
       updated_at = ? WHERE id = ?`,
    ).run(uploadId, now, uploadId);
  }

  /** Replaces our part list with the store's (ListParts reconcile), in one transaction of the library connection. */
  replaceParts(uploadId: string, parts: PartRow[], now: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM upload_parts WHERE upload_id = ?').run(uploadId);
      for (const p of parts) this.#writePart(this.db, uploadId, p, now);
      if (parts.length === 0) this.db.prepare('UPDATE uploads SET bytes_sent = 0 WHERE id = ?').run(uploadId);
    })();
  }

  setMultipart(uploadId: string, multipartId: string | null, partSize: number | null, now: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM upload_parts WHERE upload_id = ?').run(uploadId);
      this.db
        .prepare(
          'UPDATE uploads SET multipart_upload_id = ?, part_size = ?, bytes_sent = 0, updated_at = ? WHERE id = ?',
        )
        .run(multipartId, partSize, now, uploadId);
    })();
  }

  setState(
    id: string,
    state: StoredUploadState,
    now: string,
    extra: { error?: string | null; completed?: boolean; bytesSent?: number } = {},
  ): void {
    this.db
      .prepare(
        `UPDATE uploads SET state = ?, error = ?, updated_at = ?,
           completed_at = CASE WHEN ? THEN ? ELSE completed_at END,
           bytes_sent = COALESCE(?, bytes_sent) WHERE id = ?`,
      )
      .run(state, extra.error ?? null, now, extra.completed ? 1 : 0, now, extra.bytesSent ?? null, id);
  }

  /** Links an upload to the file row it created (a presigned PUT confirmed). */
  attachFile(uploadId: string, fileId: number, bytesTotal: number): void {
    this.db.prepare('UPDATE uploads SET file_id = ?, bytes_total = ? WHERE id = ?').run(fileId, bytesTotal, uploadId);
  }

  countAttempt(id: string): void {
    this.db.prepare('UPDATE uploads SET attempts = attempts + 1 WHERE id = ?').run(id);
  }

  /** The file an upload sends: its own name (presigned), else the library's name of its file, else its key's. */
  fileName(row: UploadRow, files: FileNames): string {
    if (row.file_name) return row.file_name;
    const name = row.file_id !== null ? files.fileName(row.file_id) : undefined;
    return name || row.s3_key.slice(row.s3_key.lastIndexOf('/') + 1);
  }

  toRecord(row: UploadRow, files: FileNames): UploadRecord {
    const partsDone = this.db
      .prepare('SELECT COUNT(*) FROM upload_parts WHERE upload_id = ?')
      .pluck()
      .get(row.id) as number;
    const partsTotal = row.part_size && row.bytes_total > 0 ? Math.ceil(row.bytes_total / row.part_size) : 1;
    const done = row.state === 'synced';
    return {
      upload_id: row.id,
      state: apiState(row),
      file: this.fileName(row, files),
      key: row.s3_key,
      bytes_total: row.bytes_total,
      bytes_sent: done ? row.bytes_total : row.bytes_sent,
      parts_total: partsTotal,
      parts_done: done ? partsTotal : partsDone,
      attempts: row.attempts,
      error: row.error,
      created_at: row.created_at,
      finished_at: row.completed_at,
    };
  }

  toQueued(row: UploadRow, title: string, files: FileNames): QueuedUploadRecord {
    return { ...this.toRecord(row, files), session_id: row.session_id, title };
  }
}
