/**
 * A response body from a catalogue stream (an iterable of chunks: bytes, or text sent as UTF-8). One chunk is produced per `_read`, so a
 * producer that builds ~1 MB per chunk runs once per socket drain: it never fills a queue of chunks ahead of the
 * client (Readable.from pulls up to 16 items at once, each a stretch of the event loop other requests wait for).
 */
import { Readable } from 'node:stream';

/** Bytes queued before the producer is asked again: less than one chunk, so at most one is built ahead. */
const QUEUE_BYTES = 64 * 1024;

export function bodyStream(source: Iterable<Uint8Array | string>): Readable {
  const iterator = source[Symbol.iterator]();
  return new Readable({
    highWaterMark: QUEUE_BYTES,
    read() {
      try {
        for (;;) {
          const next = iterator.next();
          if (next.done) {
            this.push(null);
            return;
          }
          // An empty push would end this read without data; skip to the next chunk instead.
          if (next.value.length > 0) {
            this.push(next.value);
            return;
          }
        }
      } catch (error) {
        this.destroy(error as Error);
      }
    },
    destroy(error, callback) {
      // A client that went away: the producer's `finally` blocks run now, not at garbage collection.
      try {
        iterator.return?.();
      } finally {
        callback(error);
      }
    },
  });
}
