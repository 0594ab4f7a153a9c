/**
 * The trash: a trashed session keeps its rows and files but has status `trashed`, which the `listed` column
 * excludes (lists, search, counters and exports drop it; see migration 0004); the `trash` row keeps its former
 * status for a restore, its coach and its state. Its running work is cancelled. Deleting for good goes through the
 * DeletionService, exactly as DELETE /sessions/{id}, after the trash row is marked `purging` (migration 0035): from
 * then on it is neither listed nor restorable, and a crash before its rows go leaves it for `resumePurges()` at
 * the next start. The trash's reads never touch the library's tables (the rows hold coach and state).
 */
import { badRequest, conflict, notFound } from '../../shared/contract/errors.js';
import type { Session } from '../../shared/contract/session-schema.js';
import type { TrashedSession } from '../../shared/contract/trash.js';
import type { LibraryService } from '../library/index.js';
import { toSession, type SessionRow } from '../library/index.js';
import type { SessionsRepository } from '../library/index.js';
import { ADMIN, assertCanSee, scopedCoach, type Actor } from '../platform/actor.js';
import type { Clock } from '../platform/clock.js';
import type { EventBus } from '../platform/event-bus.js';
import type { ChangeLog, DeletionOutcome, DeletionService } from '../library/index.js';
import type { SessionActivity } from '../storage/index.js';
import type { JobQueue } from '../jobs/index.js';
import type { TrashRepository, TrashRow } from './trash-repository.js';

export interface TrashListInput {
  limit: number;
  offset: number;
  cursor?: string;
}

export interface TrashPage {
  items: TrashedSession[];
  total: number;
  bytes: number;
  limit: number;
  offset: number;
  next_cursor: string | null;
}

/** The opaque `next_cursor`: the last row's (deleted_at, session id), base64url. */
function encodeCursor(deletedAt: string, sessionId: string): string {
  return Buffer.from(JSON.stringify([deletedAt, sessionId])).toString('base64url');
}

function decodeCursor(cursor: string): { deletedAt: string; sessionId: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { deletedAt: value[0] as string, sessionId: value[1] as string };
    }
  } catch {
    // falls through to the 400
  }
  throw badRequest('cursor', "Invalid 'cursor': use the next_cursor of a trash page");
}

export interface TrashDeps {
  trash: TrashRepository;
  sessions: SessionsRepository;
  /** The job queue: trashed sessions with work a crash re-queued. */
  jobs: Pick<JobQueue, 'sessionsWithActiveJobs'>;
  library: LibraryService;
  deletion: DeletionService;
  activities: () => readonly SessionActivity[];
  events: EventBus;
  clock: Clock;
  /** Told of every move into or out of the trash, inside its transaction (the devices module's outbox). */
  changes: ChangeLog;
  /** Days an item stays in the trash (0: no trash, deletes are immediate). */
  retentionDays: () => number;
  /** Sync's: rewrites a backed-up session's manifest with its trash state (null: out of the trash). */
  manifests?: {
    publish(
      id: string,
      trash: { former_status: string; deleted_at: string; purge_at: string } | null,
    ): Promise<boolean>;
  };
}

const DAY_MS = 86_400_000;

export class TrashService {
  constructor(private readonly deps: TrashDeps) {}

  /** DELETE /sessions/{id}?trash=true. With a retention of 0 days there is no trash: the delete is immediate. */
  async moveToTrash(actor: Actor, id: string, opts: { share?: boolean } = {}): Promise<void> {
    const row = this.deps.library.visibleRow(actor, id);
    const share = opts.share !== false;
    if (this.deps.retentionDays() === 0) {
      await this.deps.deletion.deleteMany([id], actor, 'deleted by request (trash disabled)', { share });
      return;
    }
    const now = this.deps.clock.now().toISOString();
    // Its analysis is cancelled below, so it comes back analysable rather than stuck in `processing`.
    const former = row.status === 'processing' ? 'uploaded' : row.status;
    // Status first, in one transaction with the trash row: from here on no route sees it and no new work starts.
    this.deps.sessions.transaction(() => {
      this.deps.trash.insert({
        sessionId: id,
        formerStatus: former,
        deletedAt: now,
        bytes: row.size,
        coachId: row.coach_id,
      });
      this.deps.sessions.update(id, { status: 'trashed' }, now);
      if (share) this.deps.changes.record({ op: 'trash', session_id: id, coach_id: row.coach_id });
    });
    // Its running analysis's ticks stop being sent (the cancel below ends it; no tick may re-list it meanwhile).
    this.deps.library.progress.ended(id);
    this.deps.events.emit({ type: 'session.deleted', id, coach_id: row.coach_id });
    await this.stopWork(id);
    // After its uploads are stopped: the backup's manifest says "in the trash" (restores bring it back there).
    const purgeAt = new Date(Date.parse(now) + this.deps.retentionDays() * DAY_MS).toISOString();
    this.#published = this.deps.manifests?.publish(id, { former_status: former, deleted_at: now, purge_at: purgeAt });
  }

  #published: Promise<boolean> | undefined;

  /** The latest manifest rewrite the trash started (tests wait on it). */
  published(): Promise<boolean> {
    return this.#published ?? Promise.resolve(false);
  }

  /** Cancels a trashed session's jobs and uploads (also at start-up, for work a crash re-queued). */
  async stopWork(id: string): Promise<void> {
    for (const activity of this.deps.activities()) await activity.cancelForSession(id).catch(() => undefined);
    // Analysis that was running cannot resume on its own after a restore: say so instead of "processing".
    this.deps.sessions.cancelPendingAnalysis(id);
  }

  /** A page of the trash (newest first) with the whole trash's totals; `cursor` from the page before. */
  list(actor: Actor, input: TrashListInput = { limit: 500, offset: 0 }): TrashPage {
    const coach = scopedCoach(actor) ?? null;
    const after = input.cursor ? decodeCursor(input.cursor) : null;
    const rows = this.deps.trash.page({ coachId: coach, limit: input.limit + 1, offset: input.offset, after });
    const more = rows.length > input.limit;
    if (more) rows.pop();
    const last = rows[rows.length - 1];
    const next_cursor = more && last ? encodeCursor(last.deleted_at, last.session_id) : null;
    const totals = this.deps.trash.listedTotals(coach);
    const items = this.#items(rows);
    const offset = after ? 0 : input.offset;
    return { items, total: totals.sessions, bytes: totals.bytes, limit: input.limit, offset, next_cursor };
  }

  #items(rows: TrashRow[]): TrashedSession[] {
    const participants = this.deps.sessions.participantsOfMany(rows.map((r) => r.session_id));
    const days = this.deps.retentionDays();
    const items = rows.flatMap((t) => {
      const row = this.deps.sessions.get(t.session_id);
      if (!row) return [];
      return [
        {
          ...this.#asSession(row, t, participants.get(t.session_id) ?? []),
          deleted_at: t.deleted_at,
          purge_at: days > 0 ? new Date(Date.parse(t.deleted_at) + days * DAY_MS).toISOString() : null,
        },
      ];
    });
    return items;
  }

  restore(actor: Actor, id: string, opts: { share?: boolean } = {}): Session {
    const { row, trash } = this.#trashed(actor, id);
    const now = this.deps.clock.now().toISOString();
    // A session trashed mid-analysis comes back analysable, not stuck in `processing`; one trashed mid-import (its
    // download stopped and its part file removed by the move) comes back failed with the reason, not `importing`.
    const interrupted = trash.former_status === 'importing' || trash.former_status === 'pending';
    const status = trash.former_status === 'processing' ? 'uploaded' : interrupted ? 'failed' : trash.former_status;
    const detail = interrupted ? { status_detail: 'The import stopped when the session went to the trash' } : {};
    this.deps.sessions.transaction(() => {
      this.deps.sessions.update(id, { status, ...detail }, now);
      this.deps.trash.remove(id);
      if (opts.share !== false) this.deps.changes.record({ op: 'untrash', session_id: id, coach_id: row.coach_id });
    });
    this.deps.library.announce(id, 'session.created');
    this.#published = this.deps.manifests?.publish(id, null);
    return this.deps.library.get(actor, id);
  }

  async deleteForGood(actor: Actor, id: string): Promise<void> {
    this.#trashed(actor, id);
    await this.#purge(this.deps.trash.markPurging([id]), actor, 'deleted from the trash');
  }

  async empty(actor: Actor): Promise<DeletionOutcome> {
    const ids = this.deps.trash.markPurging({ coachId: scopedCoach(actor) ?? null });
    return this.#purge(ids, actor, 'trash emptied');
  }

  /** A cleanup run's purge of sessions past their retention: those of `ids` still in the trash. */
  async purge(ids: string[], reason: string): Promise<DeletionOutcome> {
    return this.#purge(this.deps.trash.markPurging(ids), ADMIN, reason);
  }

  /** Start-up: finishes the purges a crash stopped (their rows are still there, marked `purging`). */
  async resumePurges(): Promise<DeletionOutcome | null> {
    const ids = this.deps.trash.purging();
    return ids.length === 0 ? null : this.deps.deletion.resumeRows(ids, 'purge from the trash resumed after restart');
  }

  /**
   * Deletes sessions just marked `purging` (no longer listed nor restorable while their work is cancelled); their
   * trash rows go with their session rows. A delete that fails before their rows went puts them back in the trash.
   */
  async #purge(ids: string[], actor: Actor, reason: string): Promise<DeletionOutcome> {
    try {
      return await this.deps.deletion.deleteMany(ids, actor, reason);
    } catch (error) {
      this.deps.trash.unmarkPurging(ids);
      throw error;
    }
  }

  /** Trashed sessions whose retention has passed (what a cleanup purges). */
  due(): { id: string; bytes: number }[] {
    const days = this.deps.retentionDays();
    const cutoff = new Date(this.deps.clock.now().getTime() - days * DAY_MS).toISOString();
    return this.deps.trash.trashedBefore(cutoff);
  }

  /** Trashed sessions that still have queued or running work (a crash re-queued it). */
  withPendingWork(): string[] {
    const active = new Set(this.deps.jobs.sessionsWithActiveJobs());
    return this.deps.trash.sessionIds().filter((id) => active.has(id));
  }

  #trashed(actor: Actor, id: string): { row: SessionRow; trash: TrashRow } {
    const row = this.deps.sessions.get(id);
    const trash = this.deps.trash.get(id);
    const hidden = () => notFound('Trashed session', { id });
    if (!row || !trash) throw hidden();
    assertCanSee(actor, row.coach_id, hidden);
    if (trash.state !== 'trashed' || row.status !== 'trashed') throw conflict('This session is being deleted', { id });
    return { row, trash };
  }

  #asSession(row: SessionRow, trash: TrashRow, participants: Session['participants']): Session {
    return { ...toSession(row, participants), status: trash.former_status };
  }
}
