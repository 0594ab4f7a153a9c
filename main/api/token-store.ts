/**
 * API tokens. Only their sha256 is stored; the admin token's plain text lives in `<dataDir>/api-token` (mode 0600)
 * for the owner to read. Lookups go by hash, so no comparison ever touches the plain token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { LibraryDb as Db } from '../db/index.js';
import type { Actor } from '../platform/actor.js';
import { newId } from '../platform/ids.js';
import { TokenRepository } from './token-repository.js';

const hash = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

export class TokenStore {
  readonly #tokens: TokenRepository;

  constructor(
    db: Db,
    private readonly now: () => string,
  ) {
    this.#tokens = new TokenRepository(db);
  }

  /** Reads the admin token file, creating token and file (0600) on first start; the hash is (re)registered. */
  ensureAdminToken(tokenFile: string): string {
    let token = existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : '';
    if (!token) {
      token = randomBytes(32).toString('base64url');
      writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
    }
    chmodSync(tokenFile, 0o600);
    this.#register(token, 'admin', null, 'admin (api-token file)');
    return token;
  }

  createCoachToken(coachId: string, label = ''): string {
    const token = randomBytes(32).toString('base64url');
    this.#register(token, 'coach', coachId, label || `coach ${coachId}`);
    return token;
  }

  /** The actor a bearer token stands for, or null. */
  verify(token: string): Actor | null {
    if (!token || token.length > 512) return null;
    const digest = hash(token);
    const row = this.#tokens.byHash(digest);
    // The index lookup already matched; compare again in constant time so timing reveals nothing either way.
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(digest))) return null;
    return row.role === 'admin' ? { role: 'admin' } : { role: 'coach', coachId: row.coach_id ?? '' };
  }

  #register(token: string, role: 'admin' | 'coach', coachId: string | null, label: string): void {
    this.#tokens.insertIfAbsent({
      id: newId('tok_'),
      tokenHash: hash(token),
      role,
      coachId,
      label,
      createdAt: this.now(),
    });
  }
}
