/**
 * `trash` (migration 0004): one row per trashed session with its former status, when it was trashed and its size;
 * `trash_totals` is the trigger-kept total. A row counts only while its session's status is `trashed` (a session
 * being deleted for good keeps its trash row until the purge), so the reads join `sessions` on that status and the
 * coach scope — in the same statement, never one query per row. Statements are prepared once.
 */
import type { Statement } from 'better-sqlite3';
import type { Session } from '../../shared/contract/session-schema.js';
import type { LibraryDb } from '../db/index.js';

export interface TrashRow {
  session_id: string;
  former_status: Session['status'];
  deleted_at: string;
  bytes: number;
}

const LISTED = `SELECT t.session_id, t.former_status, t.deleted_at, t.bytes FROM trash t JOIN sessions s ON s.id = t.session_id
  WHERE s.status = 'trashed'`;

export class TrashRepository {
  readonly #insert: Statement;
  readonly #remove: Statement;
  readonly #get: Statement;
  readonly #all: Statement;
  readonly #ofCoach: Statement;
  readonly #page: Statement;
  readonly #listedTotals: Statement;
  readonly #due: Statement;
  readonly #sessionIds: Statement;
  readonly #totals: Statement;
  readonly #totalsOfCoach: Statement;

  constructor(db: LibraryDb) {
    this.#insert = db.prepare('INSERT INTO trash (session_id, former_status, deleted_at, bytes) VALUES (?, ?, ?, ?)');
    this.#remove = db.prepare('DELETE FROM trash WHERE session_id = ?');
    this.#get = db.prepare('SELECT * FROM trash WHERE session_id = ?');
    this.#all = db.prepare(`${LISTED} ORDER BY t.deleted_at DESC, t.session_id`);
    this.#ofCoach = db.prepare(`${LISTED} AND s.coach_id = ? ORDER BY t.deleted_at DESC, t.session_id`);
    // One page, newest first: by offset, or after a (deleted_at, session_id) key; coach null for everyone's.
    this.#page = db.prepare(
      `${LISTED} AND (@coach IS NULL OR s.coach_id = @coach)
         AND (@after_at IS NULL OR t.deleted_at < @after_at OR (t.deleted_at = @after_at AND t.session_id > @after_id))
       ORDER BY t.deleted_at DESC, t.session_id LIMIT @limit OFFSET @offset`,
    );
    this.#due = db.prepare(
      `SELECT t.session_id AS id, t.bytes FROM trash t JOIN sessions s ON s.id = t.session_id
       WHERE s.status = 'trashed' AND t.deleted_at <= ? ORDER BY t.deleted_at`,
    );
    this.#listedTotals = db.prepare(
      `SELECT COUNT(*) AS sessions, IFNULL(SUM(t.bytes), 0) AS bytes FROM trash t JOIN sessions s ON s.id = t.session_id
       WHERE s.status = 'trashed' AND (@coach IS NULL OR s.coach_id = @coach)`,
    );
    this.#sessionIds = db.prepare('SELECT session_id FROM trash').pluck();
    this.#totals = db.prepare('SELECT sessions, bytes FROM trash_totals WHERE id = 1');
    this.#totalsOfCoach = db.prepare(
      "SELECT COUNT(*) AS sessions, IFNULL(SUM(t.bytes), 0) AS bytes FROM trash t JOIN sessions s ON s.id = t.session_id WHERE s.coach_id = ? AND s.status = 'trashed'",
    );
  }

  /** `formerStatus`: the status a restore gives back (whatever the session row held). */
  insert(row: { sessionId: string; formerStatus: string; deletedAt: string; bytes: number }): void {
    this.#insert.run(row.sessionId, row.formerStatus, row.deletedAt, row.bytes);
  }

  /** The session left the trash (restored). */
  remove(sessionId: string): void {
    this.#remove.run(sessionId);
  }

  get(sessionId: string): TrashRow | undefined {
    return this.#get.get(sessionId) as TrashRow | undefined;
  }

  /** What is in the trash, newest first: everything (coachId null) or one coach's. */
  list(coachId: string | null): TrashRow[] {
    return (coachId === null ? this.#all.all() : this.#ofCoach.all(coachId)) as TrashRow[];
  }

  /** A page of the trash, newest first: `after` is the last row of the page before (keyset), else `offset`. */
  page(options: {
    coachId: string | null;
    limit: number;
    offset: number;
    after: { deletedAt: string; sessionId: string } | null;
  }): TrashRow[] {
    return this.#page.all({
      coach: options.coachId,
      after_at: options.after?.deletedAt ?? null,
      after_id: options.after?.sessionId ?? null,
      limit: options.limit,
      offset: options.after ? 0 : options.offset,
    }) as TrashRow[];
  }

  /** Sessions and bytes the trash list shows in all (every page): trashed ones only, not those being purged. */
  listedTotals(coachId: string | null): { sessions: number; bytes: number } {
    return this.#listedTotals.get({ coach: coachId }) as { sessions: number; bytes: number };
  }

  /** Trashed sessions trashed at or before `cutoff`, oldest first. */
  trashedBefore(cutoff: string): { id: string; bytes: number }[] {
    return this.#due.all(cutoff) as { id: string; bytes: number }[];
  }

  /** Every session with a trash row. */
  sessionIds(): string[] {
    return this.#sessionIds.all() as string[];
  }

  /** Sessions and bytes in the trash: the kept totals (coachId null), or one coach's counted. */
  totals(coachId: string | null): { sessions: number; bytes: number } {
    return (coachId === null ? this.#totals.get() : this.#totalsOfCoach.get(coachId)) as {
      sessions: number;
      bytes: number;
    };
  }
}
