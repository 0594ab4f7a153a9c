/**
 * Copying a recording into the library and hashing it in ONE read pass: the source is read once in large chunks;
 * each chunk is hashed and written while the next chunk is already being read (double buffering), so the copy
 * costs about as much as the slower of read, hash and write rather than their sum.
 *
 * Durability: data goes to `<dest>.part`, is fsynced, renamed, and the folder fsynced. To keep the final fsync
 * short, a background `fdatasync` is started every few hundred MiB, so the disk writes back while we keep reading.
 * On error or abort the `.part` file is removed and the error rethrown.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, rm, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { commitPartFile } from './durable-rename.js';

export interface CopyHashOptions {
  signal?: AbortSignal;
  /** Bytes processed so far; called once per chunk (a few MiB). */
  onProgress?: (bytesDone: number) => void;
  /** Read size; default 4 MiB. */
  chunkBytes?: number;
  /** Written bytes between background fdatasyncs (0 = only the final fsync); default 256 MiB. */
  flushEveryBytes?: number;
}

export interface StoredFile {
  sha256: string;
  size: number;
}

const DEFAULT_CHUNK = 4 * 1024 * 1024;
/** How much written data may pile up before a background flush is started. */
const FLUSH_EVERY = 256 * 1024 * 1024;

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The copy was cancelled', 'AbortError');
}

/** Marks a promise as handled now (it is awaited later), so a failure while we await something else is not
 * reported as an unhandled rejection. */
function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Reads the next chunk sequentially (position null = from the file's current offset). Only one read is ever in
 * flight, so order is kept, and the source may be a pipe: proof that it is read exactly once.
 */
function readChunk(handle: FileHandle, buffer: Buffer): Promise<number> {
  return handledLater(handle.read(buffer, 0, buffer.length, null).then((r) => r.bytesRead));
}

async function writeAll(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let written = 0;
  while (written < length) {
    const { bytesWritten } = await handle.write(buffer, written, length - written, position + written);
    written += bytesWritten;
  }
}

/**
 * Reads `src` once, feeding every chunk to `hash` and, when given, to `dest` at the same offset.
 * Returns the number of bytes read.
 */
async function pumpOnce(
  src: FileHandle,
  dest: FileHandle | null,
  hash: Hash,
  options: CopyHashOptions,
): Promise<number> {
  const chunk = options.chunkBytes ?? DEFAULT_CHUNK;
  const flushEvery = options.flushEveryBytes ?? FLUSH_EVERY;
  const buffers = [Buffer.allocUnsafe(chunk), Buffer.allocUnsafe(chunk)];
  let position = 0;
  let unflushed = 0;
  let flushing: Promise<void> = Promise.resolve();
  let which = 0;
  let pendingRead = readChunk(src, buffers[which]!);
  let pendingWrite: Promise<void> = Promise.resolve();
  try {
    for (;;) {
      if (options.signal?.aborted) throw abortError(options.signal);
      const length = await pendingRead;
      if (length === 0) break;
      const current = buffers[which]!;
      // The other buffer's write must finish before we read into it again.
      await pendingWrite;
      which ^= 1;
      pendingRead = readChunk(src, buffers[which]!);
      hash.update(current.subarray(0, length));
      if (dest) {
        pendingWrite = handledLater(writeAll(dest, current, length, position));
        unflushed += length;
        if (flushEvery > 0 && unflushed >= flushEvery) {
          unflushed = 0;
          const handle = dest;
          // Never more than one background flush at a time; its errors surface at the final fsync.
          flushing = flushing.then(() => handle.datasync()).catch(() => undefined);
        }
      }
      position += length;
      options.onProgress?.(position);
    }
    await pendingWrite;
  } finally {
    // On abort or error, let in-flight reads and writes settle before the caller closes the files.
    await Promise.allSettled([pendingRead, pendingWrite, flushing]);
  }
  return position;
}

/** sha256 and size of a file, read once in large chunks. */
export async function hashFile(path: string, options: CopyHashOptions = {}): Promise<StoredFile> {
  const hash = createHash('sha256');
  const src = await open(path, 'r');
  try {
    const size = await pumpOnce(src, null, hash, options);
    return { sha256: hash.digest('hex'), size };
  } finally {
    await src.close();
  }
}

/**
 * Copies `src` to `destFinalPath` through `<destFinalPath>.part`, hashing in the same read pass. The destination
 * folder is created if needed; an existing file at `destFinalPath` is replaced atomically.
 */
export async function copyIntoLibrary(
  src: string,
  destFinalPath: string,
  options: CopyHashOptions = {},
): Promise<StoredFile> {
  if (options.signal?.aborted) throw abortError(options.signal);
  const part = `${destFinalPath}.part`;
  const hash = createHash('sha256');
  await mkdir(dirname(destFinalPath), { recursive: true });
  const source = await open(src, 'r');
  let dest: FileHandle | null = null;
  try {
    dest = await open(part, 'w');
    const size = await pumpOnce(source, dest, hash, options);
    await dest.sync();
    await dest.close();
    dest = null;
    if (options.signal?.aborted) throw abortError(options.signal);
    await commitPartFile(part, destFinalPath);
    return { sha256: hash.digest('hex'), size };
  } catch (error) {
    await dest?.close().catch(() => undefined);
    await rm(part, { force: true });
    throw error;
  } finally {
    await source.close();
  }
}
