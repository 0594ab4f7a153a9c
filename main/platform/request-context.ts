import type { Actor } from './actor.js';

/** What every handler receives besides its input, whichever transport called it. */
export interface RequestContext {
  actor: Actor;
}
