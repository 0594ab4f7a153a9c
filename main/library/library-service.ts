/** Reading and editing the library: pages, one session, edits, CSV export. Scoped by the caller's role. */
import { notFound, badRequest, forbidden } from '../../shared/contract/errors.js';
import type { Session } from '../../shared/contract/session-schema.js';
import type { MonthsInput, SessionFilters, SessionMonths, SessionPage } from '../../shared/contract/sessions.js';
import { assertCanSee, isAdmin, scopedCoach, type Actor } from '../platform/actor.js';
import { APP_VERSION } from '../platform/version.js';
import type { LibraryLayout } from '../storage/index.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import { csvLineOf, csvSortKeys, toCsvRow, SESSION_CSV_HEADER, type CsvSourceRow } from './sessions/csv.js';
import { CsvChunks } from './sessions/csv-chunks.js';
import { decodeCursor, sortValue, type Cursor } from './sessions/list-query.js';
import { listPage, usesSearchIndex } from './sessions/list-pages.js';
import { toSession, toSessionFile, type SessionRow } from './sessions/session-row.js';
import type { SessionsRepository } from './sessions/sessions-repository.js';
import type { AnalysesRepository } from './analyses-repository.js';
import type { TranscriptsRepository } from './transcripts-repository.js';
import type { ChangeLog, LibraryChange } from './change-log.js';
import { LiveProgress } from './live-progress.js';

/** Rows per CSV batch: large enough for ≥100k rows/s, small enough that a batch is a few milliseconds. */
const CSV_BATCH = 2000;

export interface ListArgs extends SessionFilters {
  limit: number;
  offset: number;
  cursor?: string;
  include_transcript: boolean;
  include_analysis: boolean;
}

export interface EditArgs {
  id: string;
  title?: string;
  client?: string;
  participants?: Session['participants'];
  notes?: string;
  tags?: string[];
}

export interface LibraryServiceDeps {
  layout: LibraryLayout;
  sessions: SessionsRepository;
  transcripts: Pick<TranscriptsRepository, 'segments'>;
  analyses: Pick<AnalysesRepository, 'load'>;
  events: EventBus;
  clock: Clock;
  /** Told of every edit inside its transaction (the devices module's outbox). */
  changes: ChangeLog;
}

export class LibraryService {
  /** Running analyses' progress between their state changes (written by analysis, shown with every session). */
  readonly progress = new LiveProgress();

  constructor(private readonly deps: LibraryServiceDeps) {}

  list(actor: Actor, args: ListArgs): SessionPage {
    const filters = this.#scope(actor, args);
    if (args.cursor && args.offset > 0) {
      decodeCursor(args.cursor, filters.sort);
      throw badRequest('offset', 'give either offset or cursor, not both');
    }
    const page = listPage(this.deps.sessions, filters, args);
    const items = this.#toSessions(page.rows, args);
    for (const item of items) {
      const snippet = page.snippets.get(item.id);
      if (snippet) Object.assign(item, { snippet });
    }
    return {
      items,
      total: page.total,
      total_is_lower_bound: page.lowerBound,
      limit: args.limit,
      offset: page.offset,
      next_cursor: page.nextCursor,
    };
  }

  /** Sessions per month of recording for the list's filters (less the search words), newest first. */
  months(actor: Actor, filters: MonthsInput): SessionMonths {
    const { tz, ...list } = filters;
    const scoped = this.#scope(actor, { ...list, sort: '-recorded_at' as const });
    const items = this.deps.sessions.months.byMonth(scoped, tz);
    return { items, total: items.reduce((sum, m) => sum + m.count, 0) };
  }

  /** GET /health: public, so it says nothing about any one session. */
  health() {
    return { status: 'ok' as const, version: APP_VERSION, sessions: this.deps.sessions.countAll() };
  }

  stats(actor: Actor) {
    const byStatus = this.deps.sessions.totalsByStatus(scopedCoach(actor));
    const totals = { sessions: 0, bytes: 0 };
    for (const t of Object.values(byStatus)) {
      totals.sessions += t.sessions;
      totals.bytes += t.bytes;
    }
    return { ...totals, by_status: byStatus, library_dir: isAdmin(actor) ? this.deps.layout.root : null };
  }

  get(actor: Actor, id: string): Session {
    const row = this.visibleRow(actor, id);
    const session = toSession(row, this.deps.sessions.participants(id));
    session.files = this.deps.sessions.files(id).map(toSessionFile);
    return session;
  }

  /**
   * The row of a library session the actor may see: 404 for unknown, being deleted, trashed, or transient (those of
   * /video/upload belong to the video routes) and for another coach's (the same answer: a coach cannot tell).
   */
  visibleRow(actor: Actor, id: string): SessionRow {
    const row = this.deps.sessions.get(id);
    const hidden = () => notFound('Session', { id });
    if (!row || row.status === 'deleting' || row.status === 'trashed' || row.origin !== 'library') throw hidden();
    assertCanSee(actor, row.coach_id, hidden);
    return this.progress.row(row);
  }

  update(actor: Actor, args: EditArgs): Session {
    const { coach_id } = this.visibleRow(actor, args.id);
    const now = this.deps.clock.now().toISOString();
    const { sessions } = this.deps;
    const patch: Parameters<SessionsRepository['update']>[1] = {};
    if (args.title !== undefined) patch.title = args.title;
    if (args.client !== undefined) patch.client = args.client;
    if (args.notes !== undefined) patch.notes = args.notes;
    const tags = args.tags !== undefined ? [...new Set(args.tags)] : undefined;
    if (tags !== undefined) patch.tags = JSON.stringify(tags);
    const participants = args.participants !== undefined ? dedupeByName(args.participants) : undefined;
    const fields: Extract<LibraryChange, { op: 'fields' }>['fields'] = {};
    for (const key of ['title', 'client', 'notes'] as const) if (args[key] !== undefined) fields[key] = args[key];
    if (tags !== undefined) fields.tags = tags;
    if (participants !== undefined) fields.participants = participants;
    // The edit and its record for the other devices commit together (or neither does).
    sessions.transaction(() => {
      sessions.update(args.id, patch, now);
      if (participants !== undefined) sessions.replaceParticipants(args.id, participants, now);
      if (Object.keys(fields).length > 0)
        this.deps.changes.record({ op: 'fields', session_id: args.id, coach_id, fields });
    });
    const session = this.get(actor, args.id);
    this.progress.shown(session);
    this.deps.events.emit({ type: 'session.changed', session });
    return session;
  }

  /** A running analysis's progress tick: the session is sent again as last shown, with it (no row read or write). */
  progressed(id: string, progress: number): void {
    const session = this.progress.tick(id, progress);
    if (session) this.deps.events.emit({ type: 'session.changed', session });
  }

  /** Publishes the current state of a session after a service changed it. */
  announce(id: string, type: 'session.created' | 'session.changed'): void {
    const row = this.deps.sessions.get(id);
    if (!row || row.listed !== 1) return;
    const session = toSession(this.progress.row(row), this.deps.sessions.participants(id));
    this.progress.shown(session);
    this.deps.events.emit({ type, session });
  }

  /** Scoping is checked now (a 403 must not surface as a broken stream); rows are produced as the body is read. */
  csv(actor: Actor, filters: SessionFilters): Iterable<Buffer> {
    return this.#csvChunks(this.#scope(actor, filters));
  }

  /**
   * Keyset batches, each read to its end before anything is yielded: no statement stays open on the library
   * connection while the client reads (a stalled reader used to keep an iterator open and every write answered
   * "busy"). The stream asks for the next ~1 MB chunk only when the socket took the previous one (backpressure).
   */
  *#csvChunks(scoped: SessionFilters): Generator<Buffer> {
    yield Buffer.from(SESSION_CSV_HEADER);
    if (!usesSearchIndex(scoped)) {
      // The list indexes serve this view: batches carry only the CSV's columns, participants joined in SQL.
      const chunks = new CsvChunks();
      let after: Cursor | undefined;
      for (;;) {
        let last: CsvSourceRow | undefined;
        let count = 0;
        for (const row of this.deps.sessions.exportBatch(scoped, CSV_BATCH, after)) {
          chunks.add(csvLineOf(row));
          last = row;
          count++;
        }
        if (count < CSV_BATCH || !last) break;
        if (chunks.full) yield chunks.take();
        after = {
          sort: scoped.sort,
          value: sortValue(scoped.sort, csvSortKeys(last)),
          id: last[0],
          offset: 1,
          seq: last[16],
        };
      }
      if (!chunks.empty) yield chunks.take();
      return;
    }
    let cursor: string | undefined;
    do {
      const page = listPage(this.deps.sessions, scoped, { limit: CSV_BATCH, offset: 0, cursor });
      if (page.rows.length > 0) {
        const participants = this.deps.sessions.participantsOfMany(page.rows.map((r) => r.id));
        yield Buffer.from(
          page.rows.map((r) => toCsvRow(toSession(this.progress.row(r), participants.get(r.id) ?? []))).join(''),
        );
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  #scope<F extends SessionFilters>(actor: Actor, filters: F): F {
    const coach = scopedCoach(actor);
    if (!coach) return filters;
    if (filters.coach_id && filters.coach_id !== coach) throw forbidden('A coach token can only list its own sessions');
    return { ...filters, coach_id: coach };
  }

  #toSessions(rows: SessionRow[], args: ListArgs): Session[] {
    const participants = this.deps.sessions.participantsOfMany(rows.map((r) => r.id));
    return rows.map((r) => {
      const s = toSession(this.progress.row(r), participants.get(r.id) ?? []);
      if (args.include_transcript) s.transcript = this.deps.transcripts.segments(r.id);
      if (args.include_analysis) s.analysis = this.deps.analyses.load(r.id)?.data ?? null;
      return s;
    });
  }
}

function dedupeByName(participants: Session['participants']): Session['participants'] {
  const seen = new Map<string, Session['participants'][number]>();
  for (const p of participants) seen.set(p.name, p);
  return [...seen.values()];
}
