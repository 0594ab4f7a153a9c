import type { Db } from '../connection-types.js';

export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; strictly increasing (numbers are reserved per change, so gaps occur). */
  readonly version: number;
  readonly name: string;
  /** Runs inside the migration's transaction before `up`, for what plain SQL cannot do. */
  readonly before?: (db: Db) => void;
  /** SQL run inside the migration's transaction. */
  readonly up: string;
}
