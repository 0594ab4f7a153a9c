/**
 * Our own resumable multipart upload on the low-level commands (lib-storage's Upload keeps no resume state).
 * Parts are streamed from disk (memory stays ≈ concurrency × socket buffers whatever the size), each finished
 * part's number, ETag and size is committed at once, and a restart reconciles with ListParts and sends only what
 * is missing. Transient errors are retried per part with backoff + jitter; NoSuchUpload starts one fresh upload;
 * anything else aborts the multipart upload so nothing is left open on the store.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import type { PartRow, UploadRow, UploadsRepository } from './uploads-repository.js';
import { isNoSuchUpload, lingeringSignal, storeReason, withRetry, type RetryPolicy } from './retry.js';

const MiB = 1024 * 1024;
const MAX_PARTS = 9000; // below S3's 10 000, leaving room for a larger last part
const READ_CHUNK = MiB;

export function partSizeFor(size: number, configuredMb: number | null): number {
  const auto = Math.max(8 * MiB, Math.ceil(size / MAX_PARTS));
  return configuredMb ? Math.max(configuredMb * MiB, Math.ceil(size / MAX_PARTS)) : auto;
}

export class UploadFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UploadFailedError';
  }
}

export interface UploaderDeps {
  client: S3Client;
  repo: UploadsRepository;
  bucket: string;
  sse: 'AES256' | 'off';
  concurrency: number;
  retry: RetryPolicy;
  now: () => string;
  /** Bytes confirmed + in flight; called often, the caller throttles. */
  onBytes: (bytesSent: number) => void;
}

export interface UploadSource {
  path: string;
  size: number;
  sha256: string;
  contentType: string;
  metadata: Record<string, string>;
}

export class MultipartUploader {
  constructor(private readonly deps: UploaderDeps) {}

  /** Uploads (or resumes) `row` and verifies the object; throws UploadFailedError or the abort reason. */
  async run(row: UploadRow, source: UploadSource, signal: AbortSignal): Promise<void> {
    const partSize = row.part_size ?? partSizeFor(source.size, null);
    if (source.size <= partSize) {
      await this.#single(row, source, signal);
    } else {
      await this.#multipart(row, source, partSize, signal);
    }
    await this.#verify(row, source, signal);
  }

  #metadata(source: UploadSource) {
    return {
      ContentType: source.contentType,
      Metadata: { ...source.metadata, sha256: source.sha256 },
      ...(this.deps.sse === 'AES256' ? { ServerSideEncryption: 'AES256' as const } : {}),
    };
  }

  #retry<T>(row: UploadRow, fn: () => Promise<T>, signal: AbortSignal): Promise<T> {
    return withRetry(fn, { policy: this.deps.retry, signal, onRetry: () => this.deps.repo.countAttempt(row.id) });
  }

  async #single(row: UploadRow, source: UploadSource, signal: AbortSignal): Promise<void> {
    try {
      await this.#retry(
        row,
        () =>
          this.#writing(signal, (abortSignal) =>
            this.deps.client.send(
              new PutObjectCommand({
                Bucket: this.deps.bucket,
                Key: row.s3_key,
                Body:
                  source.size === 0 ? new Uint8Array() : this.#stream(source.path, 0, source.size, this.deps.onBytes),
                ContentLength: source.size,
                ...this.#metadata(source),
              }),
              { abortSignal },
            ),
          ),
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw error;
      throw new UploadFailedError(storeReason(error));
    }
    if (signal.aborted) throw signal.reason as Error; // stopped while the object was written: written, not verified
  }

  /** A request that writes an object, stopped only after a grace (see `lingeringSignal`). */
  async #writing<T>(signal: AbortSignal, send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
    const lingering = lingeringSignal(signal);
    try {
      return await send(lingering.signal);
    } finally {
      lingering.done();
    }
  }

  async #multipart(row: UploadRow, source: UploadSource, partSize: number, signal: AbortSignal): Promise<void> {
    let multipartId = row.multipart_upload_id;
    let restarted = false;
    for (;;) {
      try {
        if (!multipartId) multipartId = await this.#create(row, source, partSize, signal);
        const parts = await this.#reconcile(row, multipartId, source.size, partSize, signal);
        const all = await this.#sendMissing(row, multipartId, source, partSize, parts, signal);
        await this.#retry(
          row,
          () =>
            this.#writing(signal, (abortSignal) =>
              this.deps.client.send(
                new CompleteMultipartUploadCommand({
                  Bucket: this.deps.bucket,
                  Key: row.s3_key,
                  UploadId: multipartId!,
                  MultipartUpload: { Parts: all.map((p) => ({ PartNumber: p.part_number, ETag: p.etag })) },
                }),
                { abortSignal },
              ),
            ),
          signal,
        );
        if (signal.aborted) throw signal.reason as Error;
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        if (isNoSuchUpload(error) && !restarted) {
          // A kill during CompleteMultipartUpload: the store finished the object and forgot the upload. The HEAD
          // (size + sha256 metadata) tells a whole object from a lost upload.
          if (await this.#alreadyComplete(row, source, signal)) return;
          // The store forgot the upload (expired or aborted by a lifecycle rule): start afresh, once.
          restarted = true;
          multipartId = null;
          this.deps.repo.setMultipart(row.id, null, partSize, this.deps.now());
          continue;
        }
        const reason = storeReason(error);
        await this.abort(row.s3_key, multipartId);
        this.deps.repo.setMultipart(row.id, null, partSize, this.deps.now());
        throw new UploadFailedError(reason);
      }
    }
  }

  async #create(row: UploadRow, source: UploadSource, partSize: number, signal: AbortSignal): Promise<string> {
    const created = await this.#retry(
      row,
      () =>
        this.deps.client.send(
          new CreateMultipartUploadCommand({ Bucket: this.deps.bucket, Key: row.s3_key, ...this.#metadata(source) }),
          { abortSignal: signal },
        ),
      signal,
    );
    if (!created.UploadId) throw new UploadFailedError('the store returned no UploadId');
    this.deps.repo.setMultipart(row.id, created.UploadId, partSize, this.deps.now());
    return created.UploadId;
  }

  /** The store's view of finished parts wins where it has ListParts; our own list where it does not. */
  async #reconcile(
    row: UploadRow,
    multipartId: string,
    size: number,
    partSize: number,
    signal: AbortSignal,
  ): Promise<PartRow[]> {
    const ours = this.deps.repo.parts(row.id);
    const expected = (n: number) => Math.min(partSize, size - (n - 1) * partSize);
    let theirs: PartRow[] | null = [];
    try {
      let marker: string | undefined;
      for (;;) {
        const page = await this.#retry(
          row,
          () =>
            this.deps.client.send(
              new ListPartsCommand({
                Bucket: this.deps.bucket,
                Key: row.s3_key,
                UploadId: multipartId,
                PartNumberMarker: marker,
              }),
              { abortSignal: signal },
            ),
          signal,
        );
        for (const p of page.Parts ?? [])
          if (p.PartNumber && p.ETag) theirs.push({ part_number: p.PartNumber, etag: p.ETag, size: p.Size ?? 0 });
        if (!page.IsTruncated || !page.NextPartNumberMarker) break;
        marker = page.NextPartNumberMarker;
      }
    } catch (error) {
      if (isNoSuchUpload(error) || signal.aborted) throw error;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status !== 501 && status !== 405 && (error as Error).name !== 'NotImplemented') throw error;
      theirs = null; // no ListParts on this store: complete from our own list
    }
    const parts = (theirs ?? ours).filter((p) => p.size === expected(p.part_number));
    if (theirs) this.deps.repo.replaceParts(row.id, parts, this.deps.now());
    return parts;
  }

  async #sendMissing(
    row: UploadRow,
    multipartId: string,
    source: UploadSource,
    partSize: number,
    done: PartRow[],
    signal: AbortSignal,
  ): Promise<PartRow[]> {
    const count = Math.ceil(source.size / partSize);
    const finished = new Map(done.map((p) => [p.part_number, p]));
    const pending: number[] = [];
    for (let n = 1; n <= count; n++) if (!finished.has(n)) pending.push(n);
    let confirmed = [...finished.values()].reduce((a, p) => a + p.size, 0);
    const inFlight = new Map<number, number>();
    const report = () => this.deps.onBytes(confirmed + [...inFlight.values()].reduce((a, b) => a + b, 0));
    report();
    const inner = new AbortController();
    const onAbort = () => inner.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const worker = async () => {
      for (let n = pending.shift(); n !== undefined; n = pending.shift()) {
        const start = (n - 1) * partSize;
        const length = Math.min(partSize, source.size - start);
        const partNumber = n;
        const result = await this.#retry(
          row,
          () => {
            inFlight.set(partNumber, 0);
            return this.deps.client.send(
              new UploadPartCommand({
                Bucket: this.deps.bucket,
                Key: row.s3_key,
                UploadId: multipartId,
                PartNumber: partNumber,
                ContentLength: length,
                Body: this.#stream(source.path, start, length, (bytes) => {
                  inFlight.set(partNumber, bytes);
                  report();
                }),
              }),
              { abortSignal: inner.signal },
            );
          },
          inner.signal,
        );
        if (!result.ETag) throw new UploadFailedError(`the store returned no ETag for part ${partNumber}`);
        const part = { part_number: partNumber, etag: result.ETag, size: length };
        this.deps.repo.addPart(row.id, part, this.deps.now());
        finished.set(partNumber, part);
        inFlight.delete(partNumber);
        confirmed += length;
        report();
      }
    };
    try {
      const workers = Array.from({ length: Math.min(this.deps.concurrency, Math.max(1, pending.length)) }, worker);
      const results = await Promise.allSettled(workers);
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) throw failure.reason;
    } catch (error) {
      inner.abort(error);
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    return [...finished.values()].sort((a, b) => a.part_number - b.part_number);
  }

  /**
   * A part read from disk as a stream: memory stays bounded whatever the file size. Bytes are counted by a
   * Transform the request pulls from: a 'data' listener on the file stream would start it flowing before the SDK
   * has signed the request (slow credential providers) and the body would be lost.
   */
  #stream(path: string, start: number, length: number, onBytes: (bytes: number) => void): Readable {
    let sent = 0;
    // 1 MiB reads: a quarter of the read calls, Transform callbacks and socket writes of 256 KiB, for at most
    // 2 MiB held per part in flight (the file stream's buffer and the Transform's).
    const file = createReadStream(path, { start, end: start + length - 1, highWaterMark: READ_CHUNK });
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        sent += chunk.length;
        onBytes(sent);
        done(null, chunk);
      },
    });
    file.on('error', (error) => counter.destroy(error));
    return file.pipe(counter);
  }

  async #verify(row: UploadRow, source: UploadSource, signal: AbortSignal): Promise<void> {
    const head = await this.#retry(
      row,
      () =>
        this.deps.client.send(new HeadObjectCommand({ Bucket: this.deps.bucket, Key: row.s3_key }), {
          abortSignal: signal,
        }),
      signal,
    ).catch((error: unknown) => {
      if (signal.aborted) throw error;
      throw new UploadFailedError(`after upload, HEAD failed: ${storeReason(error)}`);
    });
    if (head.ContentLength !== source.size)
      throw new UploadFailedError(`the stored object has ${head.ContentLength} bytes, expected ${source.size}`);
    if (head.Metadata?.sha256 !== source.sha256)
      throw new UploadFailedError('the stored object lacks the expected sha256 metadata');
  }

  async #alreadyComplete(row: UploadRow, source: UploadSource, signal: AbortSignal): Promise<boolean> {
    try {
      const head = await this.#retry(
        row,
        () =>
          this.deps.client.send(new HeadObjectCommand({ Bucket: this.deps.bucket, Key: row.s3_key }), {
            abortSignal: signal,
          }),
        signal,
      );
      return head.ContentLength === source.size && head.Metadata?.sha256 === source.sha256;
    } catch {
      return false;
    }
  }

  /** Best effort: a store that is down keeps the upload; the orphan cleanup aborts it later. */
  async abort(key: string, multipartId: string | null): Promise<void> {
    if (!multipartId) return;
    await withRetry(
      () =>
        this.deps.client.send(
          new AbortMultipartUploadCommand({ Bucket: this.deps.bucket, Key: key, UploadId: multipartId }),
        ),
      { policy: { ...this.deps.retry, attempts: 3 } },
    ).catch(() => undefined);
  }
}
