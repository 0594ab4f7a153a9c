/** The audit log: who did what to which session. Never cascaded; it outlives the sessions it names. */
import type { LibraryDb } from '../db/index.js';

export interface AuditEntry {
  actor: string;
  action: string;
  sessionId?: string | null;
  details?: Record<string, unknown>;
}

export class AuditLog {
  readonly #insert;

  constructor(
    db: LibraryDb,
    private readonly now: () => string,
  ) {
    this.#insert = db.prepare('INSERT INTO audit_log (at, actor, action, session_id, details) VALUES (?, ?, ?, ?, ?)');
  }

  write(entry: AuditEntry): void {
    this.#insert.run(
      this.now(),
      entry.actor,
      entry.action,
      entry.sessionId ?? null,
      JSON.stringify(entry.details ?? {}),
    );
  }
}
