/**
 * The embedded HTTP server: routes computed from the operation catalogue, the same zod validation as IPC, bearer
 * tokens, loopback-only Host, same-origin Origin, JSON errors of API.md, SSE, OpenAPI and the web renderer.
 */
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { contract, type FilmroomHandlers } from '../../shared/contract/index.js';
import { ApiError, forbidden, unauthorized } from '../../shared/contract/errors.js';
import { EVENTS_PATH } from '../../shared/contract/events.js';
import { buildOpenApi } from '../../shared/contract/openapi.js';
import { listOperations, pathParams, type Operation } from '../../shared/contract/operation.js';
import type { Actor } from '../platform/actor.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from './context.js';
import { bearerToken, isAllowedHost, isAllowedOrigin } from './request-guards.js';
import { registerMediaRoutes, type MediaRouteDeps } from './media-routes.js';
import { streamEvents } from './sse.js';
import type { TokenStore } from './tokens.js';
import { parseInput } from './validation.js';

export interface ApiServerDeps {
  handlers: FilmroomHandlers<RequestContext>;
  tokens: TokenStore;
  events: EventBus;
  logger: Logger;
  version: string;
  /**
   * HTTP-only variants of operations, by channel: `streams` answer with a body streamed piece by piece (the
   * handler's whole-string form serves IPC), `uploads` take the operation's multipart file field. An upload
   * receives the form's fields through `fields()`, which settles once the whole form has been read: call it
   * after the file is stored (fields may come after the file: `curl -F video=@f -F params=…`).
   */
  streams: Partial<Record<string, (input: unknown, ctx: RequestContext) => Iterable<string>>>;
  uploads: Partial<Record<string, UploadHandler>>;
  media: Omit<MediaRouteDeps, 'authenticate'>;
  /** Built renderer (index.html + assets) served at `/` for `filmroom serve`. */
  rendererDir?: string;
}

type Handler = (input: unknown, ctx: RequestContext) => unknown;

export type UploadHandler = (
  file: Readable,
  fileName: string,
  fields: () => Promise<unknown>,
  ctx: RequestContext,
) => Promise<unknown>;

export async function createApiServer(deps: ApiServerDeps): Promise<FastifyInstance> {
  // Request lines are logged at info; the server logs warnings and errors only (a busy UI polls a lot).
  const logger = deps.logger.child({ component: 'api' }, { level: 'warn' }) as FastifyBaseLogger;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true, // open event streams must not hold close() up
  });
  app.removeContentTypeParser('text/plain'); // state-changing routes take JSON or multipart only
  await app.register(fastifyMultipart, { limits: { fileSize: 200 * 1024 ** 3, files: 1, fields: 20 } });

  app.addHook('onRequest', async (request) => {
    if (!isAllowedHost(request.headers.host))
      throw forbidden('Host not allowed: Filmroom serves only 127.0.0.1 and localhost');
    if (!isAllowedOrigin(request.headers.origin, request.headers.host))
      throw forbidden('Cross-origin requests are not allowed');
  });

  app.setErrorHandler((error, request, reply) => {
    reply.type('application/json; charset=utf-8'); // a streamed route may have set another type before failing
    if (error instanceof ApiError) return reply.code(error.status).send(error.toBody());
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: (error as Error).message, code: status });
    }
    request.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(500).send({ error: 'Internal error; see the Filmroom log', code: 500 });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `No route ${request.method} ${request.url.split('?')[0]}`, code: 404 }),
  );

  const authenticate = (request: FastifyRequest): Actor => {
    const token = bearerToken(request.headers.authorization);
    const actor = token ? deps.tokens.verify(token) : null;
    if (!actor) throw unauthorized();
    return actor;
  };

  for (const { namespace, name, channel, operation } of listOperations(contract)) {
    const handler = (deps.handlers as unknown as Record<string, Record<string, Handler>>)[namespace]?.[name];
    if (!handler) throw new Error(`No handler for ${namespace}.${name}`);
    app.route({
      method: operation.method,
      url: operation.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: async (request, reply) => {
        const actor: Actor = operation.access === 'public' ? { role: 'admin' } : authenticate(request);
        if (operation.access === 'admin' && actor.role !== 'admin') throw forbidden('Admin token required');
        const ctx: RequestContext = { actor };
        const upload = deps.uploads[channel];
        if (upload && request.isMultipart()) return handleUpload(request, reply, operation, ctx, upload);
        const input = parseInput(operation.input, mergeInput(request, operation));
        const stream = deps.streams[channel];
        if (stream) {
          return reply
            .header('content-type', `${operation.produces ?? 'application/octet-stream'}; charset=utf-8`)
            .header(
              'content-disposition',
              `attachment; filename="filmroom-${namespace}.${operation.path.split('.').pop()}"`,
            )
            .send(Readable.from(stream(input, ctx)));
        }
        const result = await handler(input, ctx);
        return sendResult(reply, operation, result);
      },
    });
  }

  app.get(EVENTS_PATH, (request, reply) => streamEvents(request, reply, deps.events, authenticate(request)));
  registerMediaRoutes(app, { ...deps.media, authenticate });
  const openapi = buildOpenApi(contract, { title: 'Filmroom local API', version: deps.version });
  app.get('/api/openapi.json', async () => openapi);

  const hasRenderer = deps.rendererDir !== undefined && existsSync(deps.rendererDir);
  // Registered either way: media routes use its reply.sendFile (Range, ETag, conditional GET).
  await app.register(fastifyStatic, {
    root: hasRenderer ? deps.rendererDir! : deps.media.libraryDir,
    prefix: '/',
    index: ['index.html'],
    serve: hasRenderer,
  });
  if (!hasRenderer) {
    app.get('/', async (_req, reply) =>
      reply.type('text/plain').send('The Filmroom web UI is not built. Run `npm run build:web`, then reload.'),
    );
  }
  return app;
}

function mergeInput(request: FastifyRequest, operation: Operation): Record<string, unknown> {
  const body = request.body;
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    throw new ApiError(400, 'The request body must be a JSON object', { field: 'body' });
  }
  const params = request.params as Record<string, string>;
  const fromPath = Object.fromEntries(pathParams(operation.path).map((p) => [p, params[p]]));
  return {
    ...(request.query as Record<string, unknown>),
    ...(body as Record<string, unknown> | undefined),
    ...fromPath,
  };
}

function sendResult(reply: FastifyReply, operation: Operation, result: unknown) {
  const status = operation.statusOf?.(result) ?? operation.status ?? 200;
  if (status === 204) return reply.code(204).send();
  return reply.code(status).send(result);
}

async function handleUpload(
  request: FastifyRequest,
  reply: FastifyReply,
  operation: Operation,
  ctx: RequestContext,
  upload: UploadHandler,
) {
  const schema = operation.multipartFields ?? operation.input;
  const fields: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
  let settleFields: ((input: unknown) => void) | undefined;
  let failFields: ((error: unknown) => void) | undefined;
  const allFields = new Promise<unknown>((resolve, reject) => {
    settleFields = resolve;
    failFields = reject;
  });
  allFields.catch(() => undefined); // the upload handler awaits it; a rejection it never asks for is not unhandled
  let result: Promise<unknown> | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== operation.multipartFile || result) {
        part.file.resume();
        continue;
      }
      // Fields sent before the file are checked before a byte of it is stored (a bad analysis_type fails fast).
      try {
        parseInput(schema, fields);
      } catch (error) {
        part.file.resume(); // drain the file we will not read, and never reuse this socket half-read
        void reply.header('connection', 'close');
        throw error;
      }
      const file = part.file;
      result = upload(file, part.filename || 'upload', () => allFields, ctx);
      // A handler that fails before reading the whole file must not leave this loop waiting for it.
      result.catch(() => file.resume());
    }
  } catch (error) {
    failFields?.(error);
    await result?.catch(() => undefined);
    throw error;
  }
  if (!result) {
    throw new ApiError(400, `Invalid '${operation.multipartFile}': no file in the upload`, {
      field: operation.multipartFile,
    });
  }
  try {
    settleFields?.(parseInput(schema, fields));
  } catch (error) {
    failFields?.(error); // the handler removes what it stored and rethrows
  }
  return sendResult(reply, operation, await result);
}
