/**
 * CSV lines gathered into ~1 MB Buffers as they are made (issue 12: export at ≥100k rows/s with flat memory).
 * Each line is encoded the moment it is built, so no line string outlives its row: the garbage stays young and
 * cheap to collect, and a chunk costs one socket write instead of thousands of strings joined and re-encoded.
 */

/** Bytes of CSV per chunk handed to the socket. */
export const CSV_CHUNK_BYTES = 1 << 20;

export class CsvChunks {
  #buffer: Buffer;
  #used = 0;

  /** `capacity` leaves room for a batch of rows past CSV_CHUNK_BYTES: chunks are only taken between batches. */
  constructor(capacity = 2 * CSV_CHUNK_BYTES) {
    this.#buffer = Buffer.allocUnsafeSlow(capacity);
  }

  /** Appends one line (UTF-8); grows the buffer for an unusually long one instead of cutting it. */
  add(line: string): void {
    const worst = line.length * 3; // UTF-16 code unit → at most 3 UTF-8 bytes
    if (this.#used + worst > this.#buffer.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(this.#buffer.length * 2, this.#used + worst));
      this.#buffer.copy(larger, 0, 0, this.#used);
      this.#buffer = larger;
    }
    this.#used += this.#buffer.write(line, this.#used);
  }

  /** True once a chunk's worth is gathered. */
  get full(): boolean {
    return this.#used >= CSV_CHUNK_BYTES;
  }

  get empty(): boolean {
    return this.#used === 0;
  }

  /** A copy of the gathered bytes (the socket may hold it a while); the buffer is reused for the next lines. */
  take(): Buffer {
    const chunk = Buffer.allocUnsafeSlow(this.#used);
    this.#buffer.copy(chunk, 0, 0, this.#used);
    this.#used = 0;
    return chunk;
  }
}
