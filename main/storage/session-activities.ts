/**
 * The work a delete or a move to the trash must stop first, in the order the composition root states: each module
 * returns its session activities (as it returns its job types) and the root lists them; the list never changes
 * after it is built.
 */
import type { SessionActivity } from './session-activity.js';

export class SessionActivities {
  readonly #activities: readonly SessionActivity[];

  constructor(activities: readonly SessionActivity[]) {
    this.#activities = [...activities];
  }

  all(): readonly SessionActivity[] {
    return this.#activities;
  }

  /** A copy with `first` before these (a module puts its own work ahead of what it was given). */
  after(...first: SessionActivity[]): SessionActivities {
    return new SessionActivities([...first, ...this.#activities]);
  }
}
