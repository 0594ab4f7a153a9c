/**
 * Multipart uploads (`POST /sessions/import`, `POST /video/upload`): the form is parsed as it arrives and its file
 * handed to the operation's upload handler. Every way a form can fail to finish ends the upload — the handler's
 * stream is destroyed (so it closes its descriptor and removes what it stored) and the client is answered:
 * - the client leaves before the form is complete;
 * - the body ends without the closing boundary (busboy would wait for it forever);
 * - the client goes quiet for `idleMs` (408);
 * - the body is not a parsable form (no boundary, empty, cut short): 400, never 500.
 */
import type { Multipart } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough, type Readable } from 'node:stream';
import { ApiError } from '../../shared/contract/errors.js';
import type { Operation } from '../../shared/contract/operation.js';
import type { UploadHandler } from '../platform/http-variants.js';
import { parseInput } from '../platform/operation-input.js';
import { UploadFileQueue } from './upload-file-queue.js';
import type { RequestContext } from '../platform/request-context.js';

/** Default time a client may stay silent mid-upload before it is answered 408. */
export const UPLOAD_IDLE_MS = 60_000;
/** Time busboy gets, after the last body byte, to finish the form before the body is called unterminated. */
const END_GRACE_MS = 500;

/**
 * The part's file as a stream this module owns. busboy's own file stream, destroyed by the multipart plugin when
 * the form ends without the part's closing boundary, never emits 'close', so a handler piping it would wait
 * forever; this one is ended or failed explicitly. `ended` says the parser delivered the part to its end.
 */
function ownedFile(
  source: Readable & { truncated?: boolean },
  field: string,
): { stream: PassThrough; ended: () => boolean } {
  const stream = new PassThrough();
  // It may fail before the handler pipes it (the handler first makes its folder); the handler still sees the
  // error, from the stream's errored state.
  stream.on('error', () => undefined);
  let ended = false;
  source.once('end', () => (ended = true));
  // A parser error ("Part terminated early…") is the client's malformed body; busboy may emit more than one.
  source.on('error', (error) => stream.destroy(asClientError(error, field) as Error));
  source.pipe(stream);
  Object.defineProperty(stream, 'truncated', { get: () => source.truncated === true });
  stream.once('close', () => {
    if (!ended) source.destroy();
  });
  return { stream, ended: () => ended };
}

/**
 * Watches the raw request and rejects `failed` once the form can no longer finish: the client left, went quiet,
 * or sent its last byte without the file part's closing boundary (busboy then ends the form but never the file,
 * and the handler would wait on it forever). `fileDone` says the file part was read to its end.
 */
function watchForm(request: FastifyRequest, field: string, idleMs: number, fileDone: () => boolean) {
  let reject!: (error: ApiError) => void;
  const failed = new Promise<never>((_, r) => (reject = r));
  failed.catch(() => undefined);
  let done = false;
  let failure: ApiError | undefined;
  const fail = (error: ApiError) => {
    if (done || failure || fileDone()) return;
    failure = error;
    reject(error);
  };
  const raw = request.raw;
  const idle = setTimeout(() => fail(new ApiError(408, 'The upload stalled; send it again', { field })), idleMs);
  const onData = () => {
    idle.refresh();
  };
  let grace: NodeJS.Timeout | undefined;
  const onEnd = () => {
    clearTimeout(idle);
    grace = setTimeout(
      () => fail(new ApiError(400, `Invalid '${field}': the form ended without its closing boundary`, { field })),
      END_GRACE_MS,
    );
  };
  const onClose = () =>
    fail(new ApiError(400, `Invalid '${field}': the client left before the upload ended`, { field }));
  // A 'data' listener sets the request flowing: the caller pipes it into the parser in this same tick, before any
  // chunk is emitted, so nothing is read past the parser.
  raw.on('data', onData);
  raw.once('end', onEnd);
  raw.socket?.once('close', onClose);
  return {
    failed,
    get failure() {
      return failure;
    },
    /** The form was read to its end: nothing here may fail the upload any more. */
    finish() {
      done = true;
      clearTimeout(idle);
      clearTimeout(grace);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.socket?.off('close', onClose);
    },
  };
}

/**
 * The part's file name as the handler may use it. A name a file system cannot hold (a NUL or another control
 * character) is the client's bad input: 400 naming the field, before a byte of the file is stored.
 */
function partFileName(part: { filename?: string; file: Readable }, field: string): string {
  const name = part.filename || 'upload';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) {
    part.file.resume(); // drain the file we will not read
    throw new ApiError(400, `Invalid '${field}': the file name contains a control character`, { field });
  }
  return name;
}

/** A parser failure (busboy's "Boundary not found", "Unexpected end of form", …) is the client's bad body. */
function asClientError(error: unknown, field: string): unknown {
  if (error instanceof ApiError) return error;
  const status = (error as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) return error;
  return new ApiError(400, `Invalid '${field}': ${(error as Error).message || 'not a multipart form'}`, { field });
}

export async function handleUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  operation: Operation,
  ctx: RequestContext,
  upload: UploadHandler,
  idleMs: number,
): Promise<unknown> {
  const fileField = operation.multipartFile ?? 'file';
  const schema = operation.multipartFields ?? operation.input;
  const fields: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
  let settleFields: ((input: unknown) => void) | undefined;
  let failFields: ((error: unknown) => void) | undefined;
  const allFields = new Promise<unknown>((resolve, reject) => {
    settleFields = resolve;
    failFields = reject;
  });
  allFields.catch(() => undefined); // the upload handler awaits it; a rejection it never asks for is not unhandled
  let file: ReturnType<typeof ownedFile> | undefined;
  let source: Readable | undefined;
  const maxFiles = operation.multipartMaxFiles ?? 1;
  const later = new UploadFileQueue();
  let files = 0;
  let formEnded = false;
  let handlerSettled = false;
  // One file: once it is read, the handler has all it needs. Several: only the form's end says none is missing.
  const filesDone = maxFiles > 1 ? () => formEnded : () => file?.ended() === true;
  const watch = watchForm(request, fileField, idleMs, filesDone);
  let result: Promise<unknown> | undefined;
  watch.failed.catch((error: unknown) => file?.stream.destroy(error as Error)); // the handler closes and removes its file
  try {
    // One file beyond the limit still reaches this loop, to be refused with a 400 that says why.
    const limits = maxFiles > 1 ? { limits: { files: maxFiles + 1 } } : undefined;
    const parts = request.parts(limits)[Symbol.asyncIterator]();
    for (;;) {
      const next = await Promise.race([parts.next(), watch.failed]);
      if (next.done) {
        formEnded = true;
        break;
      }
      const part: Multipart = next.value;
      if (part.type === 'field') {
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== operation.multipartFile || (result && maxFiles <= 1)) {
        part.file.resume();
        continue;
      }
      if (result) {
        // A later file of a field that may repeat: the handler reads it after the ones before. Once the handler
        // has answered (a failure: it reads no more), the rest is drained so the form can end.
        if (handlerSettled) {
          part.file.resume();
          continue;
        }
        if (++files > maxFiles) {
          part.file.resume();
          throw new ApiError(400, `Invalid '${fileField}': at most ${maxFiles} files in one upload`, {
            field: fileField,
          });
        }
        const laterName = partFileName(part, fileField);
        source = part.file;
        file = ownedFile(part.file, fileField);
        later.push({ file: file.stream, fileName: laterName });
        continue;
      }
      files = 1;
      // Fields sent before the file are checked before a byte of it is stored (a bad analysis_type fails fast).
      const fileName = partFileName(part, fileField);
      try {
        parseInput(schema, fields);
      } catch (error) {
        part.file.resume(); // drain the file we will not read, and never reuse this socket half-read
        throw error;
      }
      source = part.file;
      file = ownedFile(source, fileField);
      result = upload(
        file.stream,
        fileName,
        () => allFields,
        ctx,
        () => later.next(),
      );
      // A handler that fails before reading the whole file must not leave this loop waiting for it.
      result.catch(() => source?.resume());
      result.then(
        () => (handlerSettled = true),
        () => (handlerSettled = true),
      );
    }
    later.close();
  } catch (error) {
    const failure = watch.failure ?? asClientError(error, fileField);
    watch.finish();
    file?.stream.destroy(failure as Error);
    later.fail(failure);
    failFields?.(failure);
    await result?.catch(() => undefined);
    void reply.header('connection', 'close'); // the rest of the body is unread: this socket cannot carry another request
    throw failure;
  }
  if (!result) {
    watch.finish();
    throw new ApiError(400, `Invalid '${fileField}': no file in the upload`, { field: fileField });
  }
  const stored = result;
  result = stored.finally(() => watch.finish()); // until the handler has the whole file, the watch may still end it
  result.catch(() => undefined);
  try {
    settleFields?.(parseInput(schema, fields));
  } catch (error) {
    failFields?.(error); // the handler removes what it stored and rethrows
  }
  return result;
}
