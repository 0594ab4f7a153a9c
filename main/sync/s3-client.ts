/** Builds the S3 client from the resolved configuration (one per configuration; rebuilt when settings change). */
import { S3Client } from '@aws-sdk/client-s3';
import { Agent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { S3Config } from './config.js';

export function createS3Client(config: S3Config): S3Client {
  const sockets = Math.max(16, config.concurrency * 4);
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    ...(config.credentials ? { credentials: config.credentials } : {}),
    // S3-compatible stores mishandle the SDK's default CRC checksums on streamed bodies (aws-chunked trailers).
    requestChecksumCalculation: config.checksums,
    responseChecksumValidation: config.checksums,
    // Our uploader owns retries (per part, with backoff and jitter); SDK retries would multiply them.
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: 10_000,
      requestTimeout: 300_000,
      httpAgent: new Agent({ keepAlive: true, maxSockets: sockets }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: sockets }),
    },
  });
}

/** Caches one client per configuration so sockets are reused between uploads. */
export class S3ClientCache {
  #key = '';
  #client: S3Client | null = null;

  get(config: S3Config): S3Client {
    const key = JSON.stringify(config);
    if (this.#client && key === this.#key) return this.#client;
    this.#client?.destroy();
    this.#client = createS3Client(config);
    this.#key = key;
    return this.#client;
  }

  destroy(): void {
    this.#client?.destroy();
    this.#client = null;
  }
}
