/** Who is asking: the desktop user and admin tokens see everything; a coach token sees one coach's sessions. */
import { forbidden } from '../../shared/contract/errors.js';

export type Actor = { role: 'admin' } | { role: 'coach'; coachId: string };

export const ADMIN: Actor = { role: 'admin' };

export function actorName(actor: Actor): string {
  return actor.role === 'admin' ? 'admin' : `coach:${actor.coachId}`;
}

/** The coach a request is confined to, or undefined for admins. */
export function scopedCoach(actor: Actor): string | undefined {
  return actor.role === 'coach' ? actor.coachId : undefined;
}

export function assertCanSee(actor: Actor, coachId: string): void {
  if (actor.role === 'coach' && actor.coachId !== coachId) throw forbidden('This session belongs to another coach');
}

export function assertAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden('Admin token required');
}
