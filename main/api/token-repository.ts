/** The `api_tokens` table: tokens by their sha256 (the plain text is never stored). */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../db/index.js';

export interface TokenRow {
  token_hash: string;
  role: 'admin' | 'coach';
  coach_id: string | null;
}

export interface NewToken {
  id: string;
  tokenHash: string;
  role: 'admin' | 'coach';
  coachId: string | null;
  label: string;
  createdAt: string;
}

export class TokenRepository {
  readonly #byHash: Statement<[string], TokenRow>;
  readonly #insert: Statement<[string, string, string, string | null, string, string]>;

  constructor(db: LibraryDb) {
    this.#byHash = db.prepare('SELECT token_hash, role, coach_id FROM api_tokens WHERE token_hash = ?');
    this.#insert = db.prepare(
      `INSERT INTO api_tokens (id, token_hash, role, coach_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(token_hash) DO NOTHING`,
    );
  }

  byHash(tokenHash: string): TokenRow | undefined {
    return this.#byHash.get(tokenHash);
  }

  /** Adds the token unless its hash is already registered. */
  insertIfAbsent(t: NewToken): void {
    this.#insert.run(t.id, t.tokenHash, t.role, t.coachId, t.label, t.createdAt);
  }
}
