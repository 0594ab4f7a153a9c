import { migration0001 } from './0001-initial.js';
import { migration0002 } from './0002-dedup-per-coach.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration in order. Add a file `NNNN-name.ts` and append it here; each gets its own test. */
export const migrations: readonly Migration[] = [migration0001, migration0002];
