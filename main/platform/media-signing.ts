/**
 * Signed media URLs. Players (`<video src>`, `<img>`) cannot send a bearer token, so the API hands out URLs
 * carrying an expiry and an HMAC of (session id, expiry) under a key that lives only in this process.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export class MediaSigner {
  readonly #key = randomBytes(32);

  constructor(private readonly now: () => number = Date.now) {}

  sign(sessionId: string, ttlSeconds = 3600): { exp: number; sig: string } {
    const exp = Math.floor(this.now() / 1000) + ttlSeconds;
    return { exp, sig: this.#mac(sessionId, exp) };
  }

  verify(sessionId: string, exp: unknown, sig: unknown): boolean {
    const expiry = Number(exp);
    if (!Number.isInteger(expiry) || typeof sig !== 'string' || expiry < this.now() / 1000) return false;
    const expected = Buffer.from(this.#mac(sessionId, expiry));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  #mac(sessionId: string, exp: number): string {
    return createHmac('sha256', this.#key).update(`${sessionId}\n${exp}`).digest('base64url');
  }
}
