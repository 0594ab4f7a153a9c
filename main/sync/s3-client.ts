/** Builds the S3 client from the resolved configuration (one per configuration; rebuilt when settings change). */
import { S3Client } from '@aws-sdk/client-s3';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { S3Config } from './config.js';

/**
 * Attempts per S3 call outside the part uploader (the SDK's standard retry mode: exponential backoff with jitter,
 * on throttling, 5xx, timeouts and dropped connections). Four attempts ride out a blip of a few seconds; a store
 * that stays down fails the call in about 2 s and the caller reports it plainly (503) or retries later.
 */
export const S3_MAX_ATTEMPTS = 4;

export function createS3Client(config: S3Config, maxAttempts = S3_MAX_ATTEMPTS): S3Client {
  const sockets = Math.max(16, config.concurrency * 4);
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // S3-compatible stores mishandle the SDK's default CRC checksums on streamed bodies (aws-chunked trailers).
    requestChecksumCalculation: config.checksums,
    responseChecksumValidation: config.checksums,
    // The uploader's own client passes 1: it owns retries (per part, with backoff and jitter), SDK retries would
    // multiply them.
    retryMode: 'standard',
    maxAttempts,
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: 300_000,
      httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: sockets }),
    },
  });
}

/**
 * Caches the clients of the current configuration so sockets are reused: `get` (SDK retries, for every call) and
 * `uploader` (no SDK retries: the multipart uploader retries each call itself).
 */
export class S3ClientCache {
  #key = '';
  #clients: { retrying: S3Client; uploader: S3Client } | null = null;

  #current(config: S3Config) {
    const key = JSON.stringify(config);
    if (this.#clients && key === this.#key) return this.#clients;
    this.destroy();
    this.#clients = { retrying: createS3Client(config), uploader: createS3Client(config, 1) };
    this.#key = key;
    return this.#clients;
  }

  get(config: S3Config): S3Client {
    return this.#current(config).retrying;
  }

  uploader(config: S3Config): S3Client {
    return this.#current(config).uploader;
  }

  destroy(): void {
    this.#clients?.retrying.destroy();
    this.#clients?.uploader.destroy();
    this.#clients = null;
  }
}
