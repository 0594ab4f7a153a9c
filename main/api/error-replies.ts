/**
 * Every error the server can produce, framework errors included, leaves as docs/api.md's `{ error, code: <number>,
 * field? }`. Fastify answers some failures itself (a bad percent-escape in the path, an over-long path parameter,
 * an unparsable body) and Node answers others before Fastify sees the request (oversized headers): each is
 * translated here, so no client ever sees `code: "FST_ERR_…"` or a `statusCode` field.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError, type ErrorBody } from '../../shared/contract/errors.js';
import { plainBody, plainError } from '../platform/plain-errors.js';

/** Fastify error codes that are about the request body, so the answer names `body` as the bad field. */
const BODY_ERRORS = new Set([
  'FST_ERR_CTP_EMPTY_JSON_BODY',
  'FST_ERR_CTP_INVALID_JSON_BODY',
  'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
  'FST_ERR_CTP_BODY_TOO_LARGE',
  'FST_ERR_CTP_INVALID_MEDIA_TYPE',
  'FST_ERR_CTP_INVALID_TYPE',
  'FST_ERR_CTP_EMPTY_TYPE',
  'FST_ERR_CTP_INVALID_CONTENT_TYPE',
]);

const MESSAGES: Record<string, string> = {
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty; send a JSON object',
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than allowed',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type; send application/json or multipart/form-data',
};

/** The contract body for any error a 4xx status came with; anything else is an internal error. */
export function errorReply(error: unknown): { status: number; body: ErrorBody; internal: boolean } {
  if (error instanceof ApiError) return { status: error.status, body: error.toBody(), internal: false };
  const { statusCode, code, message } = error as Partial<FastifyError>;
  if (statusCode && statusCode >= 400 && statusCode < 500) {
    const body: ErrorBody = {
      error: (code && MESSAGES[code]) ?? message ?? STATUS_CODES[statusCode]!,
      code: statusCode,
    };
    if (code && BODY_ERRORS.has(code)) body.field = 'body';
    return { status: statusCode, body, internal: false };
  }
  // A store that is down, a busy library, missing credentials: plain words with what to do, never a 500.
  const plain = plainError(error);
  if (plain) return { status: plain.status, body: plainBody(plain), internal: false };
  return { status: 500, body: { error: 'Internal error; see the Filmroom log', code: 500 }, internal: true };
}

/** Fastify's own routing failures: a path that does not decode, or a parameter longer than any id. */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  void reply
    .code(400)
    .type('application/json; charset=utf-8')
    .send({
      error: tooLong ? 'A path parameter is longer than any id' : 'The request path is not validly percent-encoded',
      code: 400,
      field: 'path',
    } satisfies ErrorBody);
}

/**
 * Errors Node's HTTP parser meets before a request exists (oversized headers, a malformed request line, an idle
 * client): answered in the contract's shape, then the connection is closed (it cannot be reused mid-parse).
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const text =
    status === 431
      ? 'The request headers are larger than allowed'
      : status === 408
        ? 'The request took too long to arrive'
        : 'Malformed HTTP request';
  const body = JSON.stringify({ error: text, code: status } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
