/**
 * Signed media URLs. Players (`<video src>`, `<img>`) cannot send a bearer token, so the API hands out URLs
 * carrying an expiry and an HMAC of (resource path, expiry) under a key that lives only in this process. The
 * resource is the recording's path or the session's artifacts folder, so a link to one never opens the other.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class MediaSigner {
  readonly #key = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  sign(resource: string, ttlSeconds = 3600): { exp: number; sig: string } {
    const exp = Math.floor(this.now() / 1000) + ttlSeconds;
    return { exp, sig: this.#mac(resource, exp) };
  }

  verify(resource: string, exp: unknown, sig: unknown): boolean {
    const expiry = Number(exp);
    if (!Number.isInteger(expiry) || typeof sig !== 'string' || expiry < this.now() / 1000) return false;
    const expected = Buffer.from(this.#mac(resource, expiry));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #mac(resource: string, exp: number): string {
    return createHmac('sha256', this.#key).update(`${resource}\n${exp}`).digest('base64url');
  }
}

/** What a signature for a session's recording covers. */
export const mediaResource = (sessionId: string) => `/api/v1/sessions/${sessionId}/media`;
/** What a signature for a session's analysis artifacts covers (every file of its analysis folder). */
export const artifactsResource = (sessionId: string) => `/api/v1/sessions/${sessionId}/artifacts/`;
