/**
 * The integrity check of `session.json` (issue 18): HMAC-SHA256 over the manifest's text, under a key the bucket
 * never holds. The key is `FILMROOM_MANIFEST_KEY` when set (any secret string: for rotating credentials — SSO, IAM
 * roles — keep it in a password manager and set it on the restoring machine too); otherwise it is derived from the
 * S3 secret access key the library writes with (HMAC of the bucket and prefix under the secret). Why: a fresh data
 * folder restoring after a disaster has the S3 credentials — without them there is nothing to restore — but no
 * file of the lost machine; and whoever holds the secret can already write any object, so the check loses nothing
 * against them, while a coach who can only PUT through a presigned URL (or read the bucket) cannot forge a manifest.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { S3Config } from '../config.js';
import type { S3ClientCache } from '../s3-client.js';

export const INTEGRITY_ALG = 'HMAC-SHA256';

export interface ManifestIntegrity {
  alg: typeof INTEGRITY_ALG;
  /** Which key signed: `env` (FILMROOM_MANIFEST_KEY) or `s3-secret:<access key id>`; informative only. */
  key_id: string;
  mac: string;
}

export class ManifestSigner {
  #cache = new Map<string, { key: Buffer; keyId: string }>();

  constructor(
    private readonly clients: S3ClientCache | null,
    private readonly env: NodeJS.ProcessEnv,
    /** The key already derived (the restore worker gets it from the API process, which holds the credentials). */
    private readonly fixed?: { key: Buffer; keyId: string },
  ) {}

  /** The key for this configuration (handed to the restore worker). */
  keyFor(config: S3Config): Promise<{ key: Buffer; keyId: string }> {
    return this.#key(config);
  }

  async #key(config: S3Config): Promise<{ key: Buffer; keyId: string }> {
    if (this.fixed) return this.fixed;
    const fromEnv = this.env.FILMROOM_MANIFEST_KEY;
    const label = `filmroom-manifest-v1\n${config.bucket}\n${config.prefix}`;
    if (fromEnv) return { key: createHmac('sha256', fromEnv).update(label).digest(), keyId: 'env' };
    const cacheKey = JSON.stringify(config);
    const cached = this.#cache.get(cacheKey);
    if (cached) return cached;
    if (!this.clients) throw new Error('no S3 credentials to derive the manifest key from');
    const credentials = await this.clients.get(config).config.credentials();
    const entry = {
      key: createHmac('sha256', credentials.secretAccessKey).update(label).digest(),
      keyId: `s3-secret:${credentials.accessKeyId}`,
    };
    this.#cache.set(cacheKey, entry);
    return entry;
  }

  /** The manifest's text with its integrity field (the MAC covers the text written without it). */
  async sign(config: S3Config, manifest: object): Promise<string> {
    const { key, keyId } = await this.#key(config);
    const body = JSON.stringify(manifest, null, 2);
    const integrity: ManifestIntegrity = { alg: INTEGRITY_ALG, key_id: keyId, mac: mac(key, body) };
    return JSON.stringify({ ...manifest, integrity }, null, 2) + '\n';
  }

  /**
   * Checks a manifest's text: `ok` with the parsed value (its integrity field removed), or the reason it is refused.
   * JSON.parse keeps the key order of the text, so re-serialising without `integrity` gives the signed text back.
   */
  async verify(config: S3Config, text: string): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'session.json is not JSON' };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      return { ok: false, reason: 'session.json is not an object' };
    const { integrity, ...rest } = parsed as { integrity?: Partial<ManifestIntegrity> };
    if (!integrity || typeof integrity.mac !== 'string')
      return { ok: false, reason: 'session.json carries no integrity check (not written by this library)' };
    const { key } = await this.#key(config);
    const expected = Buffer.from(mac(key, JSON.stringify(rest, null, 2)), 'hex');
    const given = Buffer.from(integrity.mac, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: 'session.json fails its integrity check (changed, or signed with another key)' };
    return { ok: true, value: rest };
  }
}

function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text).digest('hex');
}
