/**
 * Downloads a URL into a `.part` file that survives network errors and app restarts.
 *
 * - Resuming: `Range: bytes=N-` with `If-Range: <etag>`, so a server whose file changed answers 200 with the whole
 *   new file (we then start over) instead of splicing two versions together. A server that ignores ranges also
 *   answers 200: same fallback.
 * - The sha256 always covers the whole file: on resume the prefix already on disk is hashed first.
 * - Retries with exponential backoff on network errors, 5xx, 408 and 429. Other 4xx are final: retrying a 404
 *   cannot help, and the coach needs to hear why.
 * - `onCheckpoint({ bytes, etag })` is called as data lands (and on failure) so the caller can persist it and pass it
 *   back as `resumeFrom` after a restart. Bytes reported there are on disk and flushed (fdatasync).
 * The caller renames the finished `.part` (see `syncAndCommitPartFile`); this module never deletes it, so a
 * failed download can still be resumed.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, stat, truncate, type FileHandle } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { diskFullCode } from '../../platform/plain-errors.js';
import { backoffMs as retryWaitMs } from '../../platform/retry.js';
import { filenameFromContentDisposition } from './content-disposition.js';

export interface DownloadCheckpoint {
  bytes: number;
  etag: string | null;
}

export interface DownloadProgress {
  bytes: number;
  total: number | null;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  onCheckpoint?: (checkpoint: DownloadCheckpoint) => void;
  resumeFrom?: DownloadCheckpoint;
  /** Attempts after the first, counted since the last attempt that made progress; default 5. */
  retries?: number;
  /** First backoff; doubles each retry, capped at 30 s. Default 500 ms. */
  backoffMs?: number;
  /** Bytes between checkpoints; default 4 MiB. */
  checkpointEveryBytes?: number;
  fetchImpl?: typeof fetch;
}

export interface DownloadResult {
  sha256: string;
  size: number;
  etag: string | null;
  contentType: string | null;
  filenameFromHeaders: string | null;
}

export class DownloadError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

const MAX_BACKOFF_MS = 30_000;

function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

function describeStatus(url: string, status: number, statusText: string): string {
  const host = safeHost(url);
  if (status === 404) return `The file was not found at ${host} (HTTP 404). Check the link, or ask for a new one.`;
  if (status === 401 || status === 403)
    return `${host} refused the download (HTTP ${status}). The link may have expired or need a sign-in; ask for a new share link.`;
  return `${host} answered HTTP ${status}${statusText ? ` ${statusText}` : ''}; the download cannot continue.`;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

async function sizeOnDisk(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** Start and total length from `Content-Range: bytes a-b/total`; a 416 answer has `*` in place of `a-b`. */
function totalFromContentRange(header: string | null): { start: number | null; total: number | null } {
  const m = /^bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)$/i.exec(header?.trim() ?? '');
  if (!m) return { start: null, total: null };
  return { start: m[1] === undefined ? null : Number(m[1]), total: m[2] === '*' ? null : Number(m[2]) };
}

export async function downloadToPart(
  url: string,
  partPath: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const retries = options.retries ?? 5;
  const backoffMs = options.backoffMs ?? 500;
  const checkpointEvery = options.checkpointEveryBytes ?? 4 * 1024 * 1024;

  // Trust the disk over the checkpoint: only bytes that are both recorded and present can be resumed.
  let bytes = 0;
  let etag: string | null = options.resumeFrom?.etag ?? null;
  if (options.resumeFrom && options.resumeFrom.bytes > 0)
    bytes = Math.min(options.resumeFrom.bytes, await sizeOnDisk(partPath));
  await (await open(partPath, 'a')).close(); // make sure it exists
  await truncate(partPath, bytes);

  let hash: Hash = createHash('sha256');
  let hashedBytes = 0;
  let failures = 0;

  for (;;) {
    options.signal?.throwIfAborted();
    if (hashedBytes !== bytes) {
      // Resuming: the digest must cover the prefix already on disk. Hash it once per process.
      hash = bytes === 0 ? createHash('sha256') : await hashPrefix(partPath, bytes);
      hashedBytes = bytes;
    }
    const before = bytes;
    try {
      const outcome = await attempt();
      if (outcome) return outcome;
    } catch (error) {
      options.onCheckpoint?.({ bytes, etag });
      if (options.signal?.aborted) throw options.signal.reason instanceof Error ? options.signal.reason : error;
      if (error instanceof DownloadError && !error.retryable) throw error;
      if (diskFullCode(error)) throw error; // no room to write: asking the server again cannot help
      failures = bytes > before ? 1 : failures + 1;
      if (failures > retries) {
        // Network failures are reported alike (refused, reset, timed out): the text must not map the host's ports.
        const why = error instanceof DownloadError ? error.message : 'the connection failed';
        throw new DownloadError(
          `The download from ${safeHost(url)} kept failing (${why}). It can be resumed later.`,
          error instanceof DownloadError ? error.status : null,
          true,
        );
      }
      await sleep(retryWaitMs(failures, { baseMs: backoffMs, maxMs: MAX_BACKOFF_MS }), undefined, {
        signal: options.signal,
      });
    }
  }

  /** One request. Returns the result when the file is complete; throws to retry. */
  async function attempt(): Promise<DownloadResult | null> {
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (bytes > 0) {
      headers.range = `bytes=${bytes}-`;
      if (etag) headers['if-range'] = etag;
    }
    const response = await fetchImpl(url, { headers, signal: options.signal, redirect: 'follow' });
    const contentType = response.headers.get('content-type');
    const filenameFromHeaders = filenameFromContentDisposition(response.headers.get('content-disposition'));

    if (response.status === 416 && bytes > 0) {
      await response.body?.cancel();
      const { total } = totalFromContentRange(response.headers.get('content-range'));
      if (total === bytes) return finish(bytes, contentType, filenameFromHeaders); // it was already complete
      await restart();
      throw new Error('the server refused to resume; starting over');
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new DownloadError(
        describeStatus(url, response.status, response.statusText),
        response.status,
        isRetryableStatus(response.status),
      );
    }

    let total: number | null;
    if (response.status === 206) {
      const range = totalFromContentRange(response.headers.get('content-range'));
      if (range.start !== bytes) {
        await response.body?.cancel();
        await restart();
        throw new Error('the server resumed at the wrong place; starting over');
      }
      total = range.total;
    } else {
      if (bytes > 0) await restart(); // 200 to a range request: file changed or ranges unsupported
      const length = response.headers.get('content-length');
      total = length === null ? null : Number(length);
    }
    etag = response.headers.get('etag') ?? etag;
    options.onCheckpoint?.({ bytes, etag });
    if (!response.body) throw new Error('the server sent no data');

    const handle = await open(partPath, 'r+');
    try {
      await receive(response.body, handle, total);
      await handle.sync();
    } finally {
      await handle.close();
    }
    options.onCheckpoint?.({ bytes, etag });
    if (total !== null && bytes !== total) throw new Error(`the connection ended at ${bytes} of ${total} bytes`);
    return finish(bytes, contentType, filenameFromHeaders);
  }

  async function receive(body: ReadableStream<Uint8Array>, handle: FileHandle, total: number | null): Promise<void> {
    let sinceCheckpoint = 0;
    for await (const chunk of body) {
      let written = 0;
      while (written < chunk.length) {
        const { bytesWritten } = await handle.write(chunk, written, chunk.length - written, bytes + written);
        written += bytesWritten;
      }
      hash.update(chunk);
      bytes += chunk.length;
      hashedBytes = bytes;
      sinceCheckpoint += chunk.length;
      options.onProgress?.({ bytes, total });
      if (sinceCheckpoint >= checkpointEvery) {
        sinceCheckpoint = 0;
        // A checkpoint must never claim bytes a power cut could lose: flush them first (cheap at network speed).
        await handle.datasync();
        options.onCheckpoint?.({ bytes, etag });
      }
    }
  }

  async function restart(): Promise<void> {
    bytes = 0;
    hashedBytes = 0;
    hash = createHash('sha256');
    etag = null;
    await truncate(partPath, 0);
  }

  function finish(size: number, contentType: string | null, filenameFromHeaders: string | null): DownloadResult {
    return { sha256: hash.digest('hex'), size, etag, contentType, filenameFromHeaders };
  }
}

async function hashPrefix(path: string, length: number): Promise<Hash> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
    let position = 0;
    while (position < length) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, length - position), position);
      if (bytesRead === 0)
        throw new Error(`the partial download is shorter than expected (${position} of ${length} bytes)`);
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash;
}
