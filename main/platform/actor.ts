/**
 * Who is asking, and the one place that decides what they may do (after Immich's `requireAccess`): the desktop
 * user and admin tokens see everything; a coach token sees one coach's sessions; public operations (health) run
 * as `anonymous`, which may see nothing. Services call these; operation handlers never check access themselves.
 */
import { forbidden, unauthorized } from '../../shared/contract/errors.js';

export type Actor = { role: 'admin' } | { role: 'coach'; coachId: string } | { role: 'anonymous' };

export const ADMIN: Actor = { role: 'admin' };
export const ANONYMOUS: Actor = { role: 'anonymous' };

/** What an operation needs: any signed-in caller or an admin (a coach's own rows: `assertCanSee`). */
export type Access = 'user' | 'admin';

export function requireAccess(actor: Actor, need: Access): void {
  if (actor.role === 'anonymous') throw unauthorized();
  if (actor.role === 'admin' || need === 'user') return;
  throw forbidden('Admin token required');
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin';
}

export function actorName(actor: Actor): string {
  return actor.role === 'coach' ? `coach:${actor.coachId}` : actor.role;
}

/** The coach a request is confined to, or undefined for admins. */
export function scopedCoach(actor: Actor): string | undefined {
  requireAccess(actor, 'user');
  return actor.role === 'coach' ? actor.coachId : undefined;
}

/**
 * The actor may see a row of this coach; otherwise `hidden()` is thrown — the very error an unknown id gets, so a
 * coach cannot learn whether another coach's id exists (404, never 403, for what the caller may not see).
 */
export function assertCanSee(actor: Actor, coachId: string, hidden: () => Error): void {
  if (actor.role === 'anonymous') throw unauthorized();
  if (actor.role === 'coach' && actor.coachId !== coachId) throw hidden();
}

export function assertAdmin(actor: Actor): void {
  requireAccess(actor, 'admin');
}
