/**
 * `trash` (migrations 0004, 0035): one row per session in the trash with its former status, when it was trashed,
 * its size, its coach and its state — `trashed` (listed, restorable) or `purging` (a delete for good has started
 * on it). The rows hold everything the trash's reads need, so no statement here reads the library's tables: the
 * library is asked through its repositories for what a page shows. `trash_totals` is the trigger-kept total.
 * Statements are prepared once.
 */
import type { Statement } from 'better-sqlite3';
import type { Session } from '../../shared/contract/session-schema.js';
import type { LibraryDb } from '../db/index.js';

export type TrashState = 'trashed' | 'purging';

export interface TrashRow {
  session_id: string;
  former_status: Session['status'];
  deleted_at: string;
  bytes: number;
  coach_id: string;
  state: TrashState;
}

const COLUMNS = 'session_id, former_status, deleted_at, bytes, coach_id, state';
const NEWEST_FIRST = 'ORDER BY deleted_at DESC, session_id';
/** After a (deleted_at, session_id) key, else from the offset. */
const AFTER = '(@after_at IS NULL OR deleted_at < @after_at OR (deleted_at = @after_at AND session_id > @after_id))';
const PAGE = `${NEWEST_FIRST} LIMIT @limit OFFSET @offset`;

export class TrashRepository {
  readonly #insert: Statement;
  readonly #remove: Statement;
  readonly #get: Statement;
  readonly #all: Statement;
  readonly #ofCoach: Statement;
  readonly #page: Statement;
  readonly #pageOfCoach: Statement;
  readonly #listedTotals: Statement;
  readonly #listedTotalsOfCoach: Statement;
  readonly #due: Statement;
  readonly #sessionIds: Statement;
  readonly #totals: Statement;
  readonly #purge: Statement;
  readonly #purgeAll: Statement;
  readonly #purgeAllOfCoach: Statement;
  readonly #unpurge: Statement;
  readonly #purging: Statement;

  constructor(db: LibraryDb) {
    this.#insert = db.prepare(
      `INSERT INTO trash (session_id, former_status, deleted_at, bytes, coach_id, state) VALUES (?, ?, ?, ?, ?, 'trashed')`,
    );
    this.#remove = db.prepare('DELETE FROM trash WHERE session_id = ?');
    this.#get = db.prepare(`SELECT ${COLUMNS} FROM trash WHERE session_id = ?`);
    this.#all = db.prepare(`SELECT ${COLUMNS} FROM trash WHERE state = 'trashed' ${NEWEST_FIRST}`);
    this.#ofCoach = db.prepare(`SELECT ${COLUMNS} FROM trash WHERE state = 'trashed' AND coach_id = ? ${NEWEST_FIRST}`);
    // One page, newest first (everyone's, or one coach's: each its own statement, each its own index).
    this.#page = db.prepare(`SELECT ${COLUMNS} FROM trash WHERE state = 'trashed' AND ${AFTER} ${PAGE}`);
    this.#pageOfCoach = db.prepare(
      `SELECT ${COLUMNS} FROM trash WHERE state = 'trashed' AND coach_id = @coach AND ${AFTER} ${PAGE}`,
    );
    this.#due = db.prepare(
      "SELECT session_id AS id, bytes FROM trash WHERE state = 'trashed' AND deleted_at <= ? ORDER BY deleted_at",
    );
    const totals = 'SELECT COUNT(*) AS sessions, IFNULL(SUM(bytes), 0) AS bytes FROM trash';
    this.#listedTotals = db.prepare(`${totals} WHERE state = 'trashed'`);
    this.#listedTotalsOfCoach = db.prepare(`${totals} WHERE state = 'trashed' AND coach_id = ?`);
    this.#sessionIds = db.prepare('SELECT session_id FROM trash').pluck();
    this.#totals = db.prepare('SELECT sessions, bytes FROM trash_totals WHERE id = 1');
    this.#purge = db.prepare(
      "UPDATE trash SET state = 'purging' WHERE state = 'trashed' AND session_id IN (SELECT value FROM json_each(?)) RETURNING session_id",
    );
    this.#purgeAll = db.prepare("UPDATE trash SET state = 'purging' WHERE state = 'trashed' RETURNING session_id");
    this.#purgeAllOfCoach = db.prepare(
      "UPDATE trash SET state = 'purging' WHERE state = 'trashed' AND coach_id = ? RETURNING session_id",
    );
    this.#unpurge = db.prepare(
      "UPDATE trash SET state = 'trashed' WHERE state = 'purging' AND session_id IN (SELECT value FROM json_each(?))",
    );
    this.#purging = db.prepare("SELECT session_id FROM trash WHERE state = 'purging' ORDER BY deleted_at").pluck();
  }

  /** The session went to the trash. `formerStatus`: the status a restore gives back (whatever the row held). */
  insert(row: { sessionId: string; formerStatus: string; deletedAt: string; bytes: number; coachId: string }): void {
    this.#insert.run(row.sessionId, row.formerStatus, row.deletedAt, row.bytes, row.coachId);
  }

  /** The session left the trash (restored). */
  remove(sessionId: string): void {
    this.#remove.run(sessionId);
  }

  get(sessionId: string): TrashRow | undefined {
    return this.#get.get(sessionId) as TrashRow | undefined;
  }

  /** What is in the trash (not being purged), newest first: everything (coachId null) or one coach's. */
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
    const params = {
      after_at: options.after?.deletedAt ?? null,
      after_id: options.after?.sessionId ?? null,
      limit: options.limit,
      offset: options.after ? 0 : options.offset,
    };
    const rows =
      options.coachId === null ? this.#page.all(params) : this.#pageOfCoach.all({ ...params, coach: options.coachId });
    return rows as TrashRow[];
  }

  /** Sessions and bytes the trash list shows in all (every page): trashed ones only, not those being purged. */
  listedTotals(coachId: string | null): { sessions: number; bytes: number } {
    const totals = coachId === null ? this.#listedTotals.get() : this.#listedTotalsOfCoach.get(coachId);
    return totals as { sessions: number; bytes: number };
  }

  /** Trashed sessions trashed at or before `cutoff`, oldest first. */
  trashedBefore(cutoff: string): { id: string; bytes: number }[] {
    return this.#due.all(cutoff) as { id: string; bytes: number }[];
  }

  /** Every session with a trash row (being purged too). */
  sessionIds(): string[] {
    return this.#sessionIds.all() as string[];
  }

  /** Sessions and bytes in the trash: the kept totals (coachId null, being purged too), or one coach's listed. */
  totals(coachId: string | null): { sessions: number; bytes: number } {
    return coachId === null ? (this.#totals.get() as { sessions: number; bytes: number }) : this.listedTotals(coachId);
  }

  /** Marks trashed sessions as being purged (of `ids`; all, or a coach's, with `{ coachId }`): the ids marked. */
  markPurging(which: string[] | { coachId: string | null }): string[] {
    const rows = Array.isArray(which)
      ? this.#purge.all(JSON.stringify(which))
      : which.coachId === null
        ? this.#purgeAll.all()
        : this.#purgeAllOfCoach.all(which.coachId);
    return (rows as { session_id: string }[]).map((r) => r.session_id);
  }

  /** Back in the trash: a purge that failed before their rows went (those already gone have no row to change). */
  unmarkPurging(ids: string[]): void {
    this.#unpurge.run(JSON.stringify(ids));
  }

  /** Sessions whose purge has started and not finished (a crash stopped it), oldest first. */
  purging(): string[] {
    return this.#purging.all() as string[];
  }
}
