/**
 * HTTP-only forms of catalogue operations, keyed by their channel (`namespace:name`): `streams` answer with a body
 * streamed piece by piece (the catalogue handler's whole-string form serves IPC), `uploads` take the operation's
 * multipart file field. The HTTP server checks this map against the catalogue when it starts: an operation
 * declared multipart without an upload handler (or a variant for an operation that does not exist) fails the
 * start, not a request.
 */
import type { Readable } from 'node:stream';
import type { RequestContext } from './request-context.js';

/**
 * An upload receives the form's fields through `fields()`, which settles once the whole form has been read: call
 * it after the file is stored (fields may come after the file: `curl -F video=@f -F params=…`).
 * An operation whose field may repeat (`multipartMaxFiles`) hands the later files through `nextFile()`: read each
 * to its end before asking for the next (the form arrives in order); null once the form holds no more.
 */
export type UploadHandler = (
  file: Readable,
  fileName: string,
  fields: () => Promise<unknown>,
  ctx: RequestContext,
  nextFile: () => Promise<UploadedFile | null>,
) => Promise<unknown>;

export interface UploadedFile {
  file: Readable;
  fileName: string;
}

/**
 * A body produced chunk by chunk, synchronously: the server asks for the next chunk only when the socket took the
 * previous one, so a chunk is the unit of both backpressure and event-loop time (keep it near 1 MB).
 */
export type StreamHandler = (input: unknown, ctx: RequestContext) => Iterable<Uint8Array | string>;

export interface HttpVariants {
  streams: Record<string, StreamHandler>;
  uploads: Record<string, UploadHandler>;
}
