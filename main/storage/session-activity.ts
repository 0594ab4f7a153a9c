/**
 * Anything that runs on behalf of a session (analysis jobs, URL downloads, uploads) registers one of these, so a
 * delete or a move to the trash can stop it first. Lives below the modules that implement it and the deletion
 * orchestrator that calls it, so neither depends on the other.
 */
export interface SessionActivity {
  /** A name for logs and errors ("analysis", "uploads"). */
  readonly name: string;
  cancelForSession(sessionId: string): Promise<void>;
}
