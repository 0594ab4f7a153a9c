/** Reading and editing the library: pages, one session, edits, CSV export. Scoped by the caller's role. */
import { notFound, badRequest, forbidden } from '../../shared/contract/errors.js';
import type { Session } from '../../shared/contract/session-schema.js';
import type { SessionFilters, SessionPage } from '../../shared/contract/sessions.js';
import { assertCanSee, scopedCoach, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import { toCsvRow, SESSION_CSV_HEADER } from './sessions/csv.js';
import { decodeCursor, encodeCursor, sortValue } from './sessions/list-query.js';
import { toSession, toSessionFile, type SessionRow } from './sessions/session-row.js';
import type { SessionsRepository } from './sessions/sessions-repository.js';
import type { TranscriptReader } from './transcripts-repository.js';

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
  sessions: SessionsRepository;
  transcripts: TranscriptReader;
  events: EventBus;
  clock: Clock;
}

export class LibraryService {
  constructor(private readonly deps: LibraryServiceDeps) {}

  list(actor: Actor, args: ListArgs): SessionPage {
    const filters = this.#scope(actor, args);
    const cursor = args.cursor ? decodeCursor(args.cursor, filters.sort) : undefined;
    if (cursor && args.offset > 0) throw badRequest('offset', 'give either offset or cursor, not both');
    const offset = cursor ? cursor.offset : args.offset;
    const rows = this.deps.sessions.page(filters, { limit: args.limit, offset, cursor });
    const total = this.deps.sessions.count(filters);
    const items = this.#toSessions(rows, args);
    const last = rows.at(-1);
    const hasMore = rows.length === args.limit && offset + rows.length < total;
    return {
      items,
      total,
      limit: args.limit,
      offset,
      next_cursor:
        last && hasMore
          ? encodeCursor({
              sort: filters.sort,
              value: sortValue(filters.sort, last),
              id: last.id,
              offset: offset + rows.length,
            })
          : null,
    };
  }

  get(actor: Actor, id: string): Session {
    const row = this.visibleRow(actor, id);
    const session = toSession(row, this.deps.sessions.participants(id));
    session.files = this.deps.sessions.files(id).map(toSessionFile);
    return session;
  }

  /**
   * The row of a library session the actor may see: 404 for unknown, being deleted, trashed, or transient (those of
   * /video/upload belong to the video routes); 403 for another coach's.
   */
  visibleRow(actor: Actor, id: string): SessionRow {
    const row = this.deps.sessions.get(id);
    if (!row || row.status === 'deleting' || row.status === 'trashed' || row.origin !== 'library')
      throw notFound('Session', { id });
    assertCanSee(actor, row.coach_id);
    return row;
  }

  update(actor: Actor, args: EditArgs): Session {
    this.visibleRow(actor, args.id);
    const now = this.deps.clock.now().toISOString();
    const { sessions } = this.deps;
    const patch: Parameters<SessionsRepository['update']>[1] = {};
    if (args.title !== undefined) patch.title = args.title;
    if (args.client !== undefined) patch.client = args.client;
    if (args.notes !== undefined) patch.notes = args.notes;
    if (args.tags !== undefined) patch.tags = JSON.stringify([...new Set(args.tags)]);
    sessions.update(args.id, patch, now);
    if (args.participants !== undefined) sessions.replaceParticipants(args.id, dedupeByName(args.participants), now);
    const session = this.get(actor, args.id);
    this.deps.events.emit({ type: 'session.changed', session });
    return session;
  }

  /** Publishes the current state of a session after a service changed it. */
  announce(id: string, type: 'session.created' | 'session.changed'): void {
    const row = this.deps.sessions.get(id);
    if (!row || row.listed !== 1) return;
    this.deps.events.emit({ type, session: toSession(row, this.deps.sessions.participants(id)) });
  }

  /** Scoping is checked now (a 403 must not surface as a broken stream); rows are produced as the body is read. */
  csv(actor: Actor, filters: SessionFilters): Iterable<string> {
    return this.#csvRows(this.#scope(actor, filters));
  }

  *#csvRows(scoped: SessionFilters): Generator<string> {
    yield SESSION_CSV_HEADER;
    let batch: SessionRow[] = [];
    const flush = () => {
      const participants = this.deps.sessions.participantsOfMany(batch.map((r) => r.id));
      const out = batch.map((r) => toCsvRow(toSession(r, participants.get(r.id) ?? []))).join('');
      batch = [];
      return out;
    };
    for (const row of this.deps.sessions.iterate(scoped)) {
      batch.push(row);
      if (batch.length === 500) yield flush();
    }
    if (batch.length > 0) yield flush();
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
      const s = toSession(r, participants.get(r.id) ?? []);
      if (args.include_transcript) s.transcript = this.deps.transcripts.segments(r.id);
      if (args.include_analysis) s.analysis = this.deps.transcripts.analysis(r.id);
      return s;
    });
  }
}

function dedupeByName(participants: Session['participants']): Session['participants'] {
  const seen = new Map<string, Session['participants'][number]>();
  for (const p of participants) seen.set(p.name, p);
  return [...seen.values()];
}
