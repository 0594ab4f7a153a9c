/**
 * The registry of session activities: created before the modules, each module registers what it runs for
 * sessions (jobs, uploads) as it is built, and the deletion orchestrator cancels them all before storage goes.
 */
import type { SessionActivity } from './session-activity.js';

export class SessionActivities {
  readonly #activities: SessionActivity[] = [];

  register(...activities: SessionActivity[]): void {
    this.#activities.push(...activities);
  }

  all(): readonly SessionActivity[] {
    return this.#activities;
  }
}
