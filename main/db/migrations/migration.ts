export interface Migration {
  /** Becomes `PRAGMA user_version` once applied; numbered from 1 without gaps. */
  readonly version: number;
  readonly name: string;
  /** SQL run inside the migration's transaction. */
  readonly up: string;
}
