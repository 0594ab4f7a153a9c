/**
 * SQL for sessions and their participants (their file rows: SessionFilesRepository, which this extends). Statements
 * are prepared once per connection.
 */
import type { Statement } from 'better-sqlite3';
import type { Participant, Session } from '../../../shared/contract/session-schema.js';
import type { SessionFilters } from '../../../shared/contract/sessions.js';
import { SESSION_CHILD_TABLES, StatementCache, type LibraryDb } from '../../db/index.js';
import { buildPageQuery, buildWhere, type Cursor } from './list-query.js';
import { SESSION_COLUMNS, type SessionFileRow, type SessionRow } from './session-row.js';
import { SessionSearch } from './session-search-repository.js';
import { TitleUpkeep } from './title-upkeep.js';
import { CSV_SELECT, type CsvSourceRow } from './csv.js';
import { OffsetAnchors } from './offset-anchors-store.js';
import { MonthCounts } from './month-counts-repository.js';
import { SessionFilesRepository, type NewSessionFile, type OffloadStates } from './session-files-repository.js';

export type { NewSessionFile } from './session-files-repository.js';

export interface NewSession {
  id: string;
  title: string;
  status: SessionRow['status'];
  status_detail?: string | null;
  platform: Session['platform'];
  coach_id: string;
  client: string;
  recorded_at: string;
  created_at: string;
  duration?: number | null;
  size: number;
  sha256?: string | null;
  origin?: 'library' | 'api';
  expires_at?: string | null;
  source_path?: string | null;
  meeting_key?: string | null;
  transcript_status?: Session['transcript_status'];
  synthetic?: boolean;
}

export type SessionPatch = Partial<
  Pick<
    SessionRow,
    | 'title'
    | 'client'
    | 'notes'
    | 'tags'
    | 'status'
    | 'status_detail'
    | 'duration'
    | 'size'
    | 'upload_state'
    | 'transcript_status'
    | 'analysis_status'
    | 'analysis_progress'
    | 'participants_text'
    | 'sha256'
    | 'platform'
    | 'recorded_at'
    | 'meeting_key'
    | 'source_path'
    | 'coach_share'
  >
>;

const PATCHABLE = new Set<string>([
  'title',
  'client',
  'notes',
  'tags',
  'status',
  'status_detail',
  'duration',
  'size',
  'upload_state',
  'transcript_status',
  'analysis_status',
  'analysis_progress',
  'participants_text',
  'sha256',
  'platform',
  'recorded_at',
  'meeting_key',
  'source_path',
  'coach_share',
]);

export class SessionsRepository extends SessionFilesRepository {
  readonly #db: LibraryDb;
  readonly #insert: Statement;
  readonly #byId: Statement<[string], SessionRow>;
  readonly #bySha: Statement<[string], SessionRow>;
  readonly #byCoachSha: Statement<[string, string], SessionRow>;
  readonly #participantsOf: Statement<[string], Participant & { session_id: string }>;
  readonly #insertParticipant: Statement;
  readonly #deleteParticipants: Statement<[string]>;
  readonly #delete: Statement<[string]>;
  /** Crowded title ranks respaced after writes, off the request (migration 0031's ranks, issue 21). */
  readonly #titles: TitleUpkeep;

  /** Statements whose SQL is built from filters are prepared once per distinct SQL text (a list page, a count). */
  readonly #cache: StatementCache;
  #search: SessionSearch | undefined;
  #anchors: OffsetAnchors | undefined;
  #months: MonthCounts | undefined;

  /** Search and filtered newest-first views (migration 0002's `sessions_search`). */
  get search(): SessionSearch {
    return (this.#search ??= new SessionSearch(this.#db));
  }

  /** Sessions per month of recording (the timeline scrubber). */
  get months(): MonthCounts {
    return (this.#months ??= new MonthCounts(this.#db));
  }

  #stmt(sql: string): Statement {
    return this.#cache.get(sql);
  }

  /** Runs `fn` in one transaction on this repository's connection (nested calls become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.#db.transaction(fn)();
  }

  /** `offloads`: the sync module's answer to which files are held in S3 only (see OffloadStates). */
  /**
   * `titles`: the title upkeep of this connection, handed in by whoever builds the library's repositories (one per
   * connection, so two repositories never respace the same ranks twice); without it, this repository's own.
   */
  constructor(db: LibraryDb, offloads?: OffloadStates, titles: TitleUpkeep = new TitleUpkeep(db)) {
    super(db, offloads);
    this.#db = db;
    this.#cache = new StatementCache(db, { size: 256 });
    this.#insert = db.prepare(
      `INSERT INTO sessions (id, title, status, status_detail, platform, coach_id, client, participants_text,
         participant_names, recorded_at, created_at, updated_at, duration, size, sha256, origin, expires_at, source_path,
         meeting_key, transcript_status, synthetic)
       VALUES (@id, @title, @status, @status_detail, @platform, @coach_id, @client, @participants_text,
         @participant_names, @recorded_at, @created_at, @created_at, @duration, @size, @sha256, @origin, @expires_at,
         @source_path, @meeting_key, @transcript_status, @synthetic)`,
    );
    this.#byId = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`);
    this.#bySha = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE sha256 = ? AND origin = 'library'`);
    this.#byCoachSha = db.prepare(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE sha256 = ? AND coach_id = ? AND origin = 'library'`,
    );
    this.#participantsOf = db.prepare(
      'SELECT session_id, name, role FROM participants WHERE session_id = ? ORDER BY id',
    );
    this.#insertParticipant = db.prepare(
      'INSERT INTO participants (session_id, name, role) VALUES (?, ?, ?) ON CONFLICT(session_id, name) DO UPDATE SET role = excluded.role',
    );
    this.#deleteParticipants = db.prepare('DELETE FROM participants WHERE session_id = ?');
    this.#delete = db.prepare('DELETE FROM sessions WHERE id = ?');
    this.#titles = titles;
    this.#titles.schedule(); // what a migration, a seed or a crash left crowded
  }

  insert(session: NewSession, participants: Participant[] = [], files: NewSessionFile[] = []): void {
    this.#db.transaction(() => {
      this.#insert.run({
        status_detail: null,
        duration: null,
        sha256: null,
        origin: 'library',
        expires_at: null,
        source_path: null,
        meeting_key: null,
        transcript_status: 'none',
        ...session,
        participants_text: participants.map((p) => p.name).join(' '),
        participant_names: participantNames(participants),
        synthetic: session.synthetic ? 1 : 0,
      });
      for (const p of participants) this.#insertParticipant.run(session.id, p.name, p.role);
      for (const f of files) this.addFile(session.id, f, session.created_at);
    })();
    this.#titles.schedule();
  }

  get(id: string): SessionRow | undefined {
    return this.#byId.get(id);
  }

  /** The coach of a session that is neither gone nor going (job events are addressed to it); null otherwise. */
  liveCoach(id: string): string | null {
    const stmt = this.#stmt("SELECT coach_id FROM sessions WHERE id = ? AND status NOT IN ('deleting','expired')");
    return (stmt.pluck().get(id) as string | undefined) ?? null;
  }

  /** A library session with this content; with `coachId`, only among that coach's sessions (what a coach sees). */
  findBySha256(sha256: string, coachId?: string): SessionRow | undefined {
    if (coachId === undefined) return this.#bySha.get(sha256);
    return this.#byCoachSha.get(sha256, coachId);
  }

  participants(id: string): Participant[] {
    return this.#participantsOf.all(id).map(({ name, role }) => ({ name, role }));
  }

  /** Participants of many sessions in one query (a list page). */
  participantsOfMany(ids: string[]): Map<string, Participant[]> {
    const out = new Map<string, Participant[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = this.#stmt(
      `SELECT session_id, name, role FROM participants WHERE session_id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
    ).all(...ids) as (Participant & { session_id: string })[];
    for (const r of rows) out.get(r.session_id)?.push({ name: r.name, role: r.role });
    return out;
  }

  replaceParticipants(id: string, participants: Participant[], updatedAt: string): void {
    this.#db.transaction(() => {
      this.#deleteParticipants.run(id);
      for (const p of participants) this.#insertParticipant.run(id, p.name, p.role);
      this.update(id, { participants_text: participants.map((p) => p.name).join(' ') }, updatedAt);
      this.#stmt('UPDATE sessions SET participant_names = ? WHERE id = ?').run(participantNames(participants), id);
    })();
  }

  update(id: string, patch: SessionPatch, updatedAt: string): void {
    const keys = Object.keys(patch).filter((k) => PATCHABLE.has(k));
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    this.#stmt(`UPDATE sessions SET ${sets}, updated_at = @updated_at WHERE id = @id`).run({
      ...patch,
      id,
      updated_at: updatedAt,
    });
    if (keys.includes('title')) this.#titles.schedule();
  }

  /** Rows only: cascades to participants, files, jobs, chunks, transcript, markers, uploads. */
  deleteRows(id: string): boolean {
    return this.#delete.run(id).changes > 0;
  }

  /** Which of `ids` still have a row, with their coach (a delete's chunk, before it removes them). */
  ownersOf(ids: readonly string[]): { id: string; coach_id: string }[] {
    return this.#stmt('SELECT id, coach_id FROM sessions WHERE id IN (SELECT value FROM json_each(?))').all(
      JSON.stringify(ids),
    ) as { id: string; coach_id: string }[];
  }

  /** Title and coach of many sessions in one statement (the upload queue names and scopes its rows with them). */
  labelsOf(ids: readonly string[]): Map<string, { title: string; coach_id: string }> {
    const rows = this.#stmt(
      'SELECT id, title, coach_id FROM sessions WHERE id IN (SELECT value FROM json_each(?))',
    ).all(JSON.stringify(ids)) as { id: string; title: string; coach_id: string }[];
    return new Map(rows.map((r) => [r.id, { title: r.title, coach_id: r.coach_id }]));
  }

  /** Rows of many sessions in one statement (cascades as `deleteRows`); how many went. */
  deleteRowsOf(ids: readonly string[]): number {
    return this.#stmt('DELETE FROM sessions WHERE id IN (SELECT value FROM json_each(?))').run(JSON.stringify(ids))
      .changes;
  }

  /**
   * Removes everything hanging off a session but keeps its row (a transient session's tombstone answers
   * `expired`): the child tables are listed once, next to the schema.
   */
  purgeChildren(id: string): void {
    for (const table of SESSION_CHILD_TABLES) this.#stmt(`DELETE FROM ${table} WHERE session_id = ?`).run(id);
  }

  /** The file rows of many sessions (a bulk-delete preview), in batches bounded by SQLite's JSON input. */
  *filesOfMany(ids: readonly string[]): Generator<SessionFileRow> {
    const stmt = this.#stmt('SELECT * FROM session_files WHERE session_id IN (SELECT value FROM json_each(?))');
    for (let i = 0; i < ids.length; i += 5000) {
      yield* stmt.all(JSON.stringify(ids.slice(i, i + 5000))) as SessionFileRow[];
    }
  }

  page(filters: SessionFilters, page: { limit: number; offset: number; cursor?: Cursor }): SessionRow[] {
    // A deep offset starts from the nearest remembered anchor (keyset seek) instead of stepping from the top.
    const seek = page.cursor ? null : (this.#anchors ??= new OffsetAnchors(this.#db)).seek(filters, page.offset);
    const { sql, params } = buildPageQuery(SESSION_COLUMNS, filters, seek ? { ...page, ...seek } : page);
    return this.#stmt(sql).all(...params) as SessionRow[];
  }

  /**
   * One batch of a CSV export in list order, after `cursor` (keyset), row by row as arrays (no per-row object;
   * each row is garbage once its line is written). The caller reads the batch to its end before it yields to
   * the event loop, so no statement stays open while the client reads.
   */
  exportBatch(filters: SessionFilters, limit: number, cursor?: Cursor): IterableIterator<CsvSourceRow> {
    const { sql, params } = buildPageQuery(CSV_SELECT, filters, { limit, offset: 0, cursor });
    // CSV_SELECT is only ever read here, so its cached statements can stay in raw mode.
    return this.#stmt(sql)
      .raw(true)
      .iterate(...params) as IterableIterator<CsvSourceRow>;
  }

  /** Exact total; from the trigger-kept counters when the filters allow (no scan), else a COUNT on the index. */
  count(filters: SessionFilters): number {
    const where = buildWhere(filters);
    if (where.countable) {
      // Countable filters are on status, platform and coach only: the same terms apply to the counters' columns.
      const clauses = where.clauses.filter((c) => c !== 'listed = 1');
      const row = this.#stmt(
        `SELECT IFNULL(SUM(n), 0) AS n FROM session_counts WHERE ${['1 = 1', ...clauses].join(' AND ')}`,
      ).get(...where.params) as { n: number };
      return row.n;
    }
    const row = this.#stmt(`SELECT COUNT(*) AS n FROM sessions WHERE ${where.clauses.join(' AND ')}`).get(
      ...where.params,
    ) as { n: number };
    return row.n;
  }

  /** Sessions and bytes by status (listed sessions), optionally for one coach. */
  totalsByStatus(coachId?: string): Record<string, { sessions: number; bytes: number }> {
    const rows = this.#stmt(
      `SELECT status, SUM(n) AS n, SUM(bytes) AS bytes FROM session_counts ${coachId ? 'WHERE coach_id = ?' : ''} GROUP BY status`,
    ).all(...(coachId ? [coachId] : [])) as { status: string; n: number; bytes: number }[];
    return Object.fromEntries(rows.filter((r) => r.n > 0).map((r) => [r.status, { sessions: r.n, bytes: r.bytes }]));
  }

  countAll(): number {
    return (this.#db.prepare('SELECT IFNULL(SUM(n), 0) AS n FROM session_counts').get() as { n: number }).n;
  }

  /** Ids for bulk deletion: by status and/or created before a time. */
  idsMatching(filter: { status?: string; createdBefore?: string; coachId?: string }): string[] {
    const clauses = ["status NOT IN ('deleting','expired','trashed')", "origin = 'library'"];
    const params: string[] = [];
    if (filter.status) {
      clauses.push('status = ?');
      params.push(filter.status);
    }
    if (filter.createdBefore) {
      clauses.push('created_at < ?');
      params.push(filter.createdBefore);
    }
    if (filter.coachId) {
      clauses.push('coach_id = ?');
      params.push(filter.coachId);
    }
    return this.#stmt(`SELECT id FROM sessions WHERE ${clauses.join(' AND ')}`)
      .pluck()
      .all(...params) as string[];
  }

  /** Analysis that was queued or running cannot resume on its own (trashed, its jobs cancelled): say so. */
  cancelPendingAnalysis(id: string): void {
    this.#stmt(
      "UPDATE sessions SET analysis_status = 'cancelled', analysis_progress = 0 WHERE id = ? AND analysis_status IN ('queued','processing')",
    ).run(id);
  }

  /** How many of `ids` belong to the coach (one statement, whatever the number of ids). */
  countOwnedBy(ids: readonly string[], coachId: string): number {
    if (ids.length === 0) return 0;
    return this.#stmt('SELECT COUNT(*) FROM sessions WHERE coach_id = ? AND id IN (SELECT value FROM json_each(?))')
      .pluck()
      .get(coachId, JSON.stringify(ids)) as number;
  }

  idsInStatus(status: SessionRow['status']): string[] {
    return this.#db.prepare('SELECT id FROM sessions WHERE status = ?').pluck().all(status) as string[];
  }

  /** The library session imported from a meeting (Zoom folder, Teams/Meet file set), of this coach when given. */
  findByMeetingKey(key: string, coachId?: string): SessionRow | undefined {
    const id = this.#stmt(
      `SELECT id FROM sessions WHERE meeting_key = ? AND origin = 'library' AND status <> 'deleting'
       AND (? IS NULL OR coach_id = ?) LIMIT 1`,
    )
      .pluck()
      .get(key, coachId ?? null, coachId ?? null) as string | undefined;
    return id ? this.get(id) : undefined;
  }

  /** Transient sessions whose time is up and that still hold storage. */
  idsExpiredBy(now: string): string[] {
    return this.#db
      .prepare(
        "SELECT id FROM sessions WHERE expires_at IS NOT NULL AND expires_at <= ? AND status NOT IN ('expired','deleting')",
      )
      .pluck()
      .all(now) as string[];
  }
}

/**
 * `sessions.participant_names` (migration 0015) for the participants as stored: a repeated name is one row (the
 * insert's ON CONFLICT keeps the first row's place), so the first occurrence of each name, joined with '; '.
 * NULL when there are none, as group_concat over no rows.
 */
export function participantNames(participants: readonly Participant[]): string | null {
  if (participants.length === 0) return null;
  return [...new Set(participants.map((p) => p.name))].join('; ');
}
