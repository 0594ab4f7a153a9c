/**
 * The embedded HTTP server: routes computed from the operation catalogue, the same zod validation as IPC, bearer
 * tokens, loopback-only Host, same-origin Origin, JSON errors of docs/api.md, SSE, OpenAPI and the web renderer.
 */
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { bodyStream } from './body-stream.js';
import { contract, type FilmroomHandlers } from '../../shared/contract/index.js';
import { ApiError, badRequest, forbidden, unauthorized } from '../../shared/contract/errors.js';
import { EVENTS_PATH } from '../../shared/contract/events.js';
import { buildOpenApi } from '../../shared/contract/openapi.js';
import { listOperations, pathParams, type Operation } from '../../shared/contract/operation.js';
import { ANONYMOUS, type Actor } from '../platform/actor.js';
import type { HttpVariants } from '../platform/http-variants.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from '../platform/request-context.js';
import { bearerToken, isAllowedHost, isAllowedOrigin } from './request-guards.js';
import { registerMediaRoutes, type MediaRouteDeps } from './media-routes.js';
import { streamEvents } from './sse.js';
import type { TokenStore } from './token-store.js';
import { parseInput } from '../platform/operation-input.js';

/** Idle limit of a streamed download (issue 11 item 1). */
const STREAM_IDLE_MS = 120_000;
import { clientErrorHandler, errorReply, frameworkErrors } from './error-replies.js';
import { handleUpload, UPLOAD_IDLE_MS } from './multipart-upload.js';

export interface ApiServerDeps {
  handlers: FilmroomHandlers<RequestContext>;
  tokens: TokenStore;
  events: EventBus;
  logger: Logger;
  version: string;
  /** HTTP-only variants of operations, by channel (see platform/http-variants.ts); checked against the catalogue. */
  variants: HttpVariants;
  media: Omit<MediaRouteDeps, 'authenticate'>;
  /** Root for @fastify/static when no renderer is served (media routes use its sendFile). */
  libraryDir: string;
  /** How long an upload may stay silent before it is answered 408 and removed (default 60 s). */
  uploadIdleMs?: number;
  /** Built renderer (index.html + assets) served at `/` for `filmroom serve`. */
  rendererDir?: string;
  /**
   * Start-up recovery (interrupted deletes and imports, offloads, the trash's work) runs after the server listens:
   * this settles true once it is done, false if it failed. Until then the requests that depend on it wait for it
   * (`waitsForRecovery`); reads answer at once.
   */
  recovered?: Promise<boolean>;
}

/**
 * Requests that wait for start-up recovery: every change (an import must not meet the sweep of what a crash left in
 * `.incoming/`), the bytes of a recording or an artifact (an interrupted offload or restore is settled first), and
 * the admin routes (a cleanup's orphan scan must not list what recovery is about to remove). Reads of rows, the web
 * UI and `GET /health` answer at once: recovery only finishes deletes of sessions already hidden from them and
 * removes files no row points at.
 */
export function waitsForRecovery(method: string, url: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return true;
  const path = url.split('?')[0] ?? '';
  return path.startsWith('/api/admin/') || /^\/api\/v1\/sessions\/[^/]+\/(media|artifacts)(\/|$)/.test(path);
}

type Handler = (input: unknown, ctx: RequestContext) => unknown;

export class VariantMismatchError extends Error {
  constructor(problems: string[]) {
    super(`HTTP variants do not match the operation catalogue: ${problems.join('; ')}`);
    this.name = 'VariantMismatchError';
  }
}

/**
 * Every multipart operation has an upload handler and every CSV operation a stream, and no variant names an
 * operation that does not exist (or is not multipart): checked when the server is built, so a wiring mistake
 * fails the start, not a request.
 */
export function checkVariants(variants: HttpVariants): void {
  const problems: string[] = [];
  const operations = new Map(listOperations(contract).map((e) => [e.channel, e.operation]));
  for (const [channel, op] of operations) {
    if (op.multipartFile && !variants.uploads[channel])
      problems.push(`${channel} is multipart but has no upload handler`);
    if (op.produces === 'text/csv' && !variants.streams[channel])
      problems.push(`${channel} streams CSV but has no stream`);
  }
  for (const channel of Object.keys(variants.uploads)) {
    if (!operations.get(channel)?.multipartFile) problems.push(`upload handler for ${channel}, which takes no file`);
  }
  for (const channel of Object.keys(variants.streams)) {
    if (!operations.has(channel)) problems.push(`stream for unknown operation ${channel}`);
  }
  if (problems.length > 0) throw new VariantMismatchError(problems);
}

/** Stands in for Fastify's schema compilers (see createApiServer): a route schema is a programming error here. */
function noSchemaCompiler(): () => never {
  return () => {
    throw new Error(
      'Filmroom routes validate with the operation catalogue (zod); a Fastify route schema is not compiled',
    );
  };
}

export async function createApiServer(deps: ApiServerDeps): Promise<FastifyInstance> {
  checkVariants(deps.variants);
  // Request lines are logged at info; the server logs warnings and errors only (a busy UI polls a lot).
  const logger = deps.logger.child({ component: 'api' }, { level: 'warn' }) as FastifyBaseLogger;
  const app: FastifyInstance = Fastify({
    loggerInstance: logger,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: true, // open event streams must not hold close() up
    // Framework-level failures answer in the contract's shape too (error-replies.ts).
    frameworkErrors,
    clientErrorHandler,
    // Node would answer an HTTP/1.1 request without Host with an empty 400; the hook below answers it in JSON.
    http: { requireHostHeader: false },
    // Inputs are parsed by the catalogue's zod schemas in the handler and no route declares a Fastify schema, so
    // Fastify's own compilers (Ajv, fast-json-stringify) are never used: not loading them is a tenth of start-up.
    schemaController: { compilersFactory: { buildValidator: noSchemaCompiler, buildSerializer: noSchemaCompiler } },
  });
  app.removeContentTypeParser('text/plain'); // state-changing routes take JSON or multipart only
  await app.register(fastifyMultipart, { limits: { fileSize: 200 * 1024 ** 3, files: 1, fields: 20 } });

  app.addHook('onRequest', async (request) => {
    if (request.headers.host === undefined && request.raw.httpVersion === '1.1')
      throw badRequest('host', 'An HTTP/1.1 request needs a Host header (127.0.0.1 or localhost)');
    if (!isAllowedHost(request.headers.host))
      throw forbidden('Host not allowed: Filmroom serves only 127.0.0.1 and localhost');
    if (!isAllowedOrigin(request.headers.origin, request.headers.host))
      throw forbidden('Cross-origin requests are not allowed');
  });

  const recovered = deps.recovered;
  if (recovered) {
    app.addHook('onRequest', async (request) => {
      if (!waitsForRecovery(request.method, request.url)) return;
      if (!(await recovered))
        throw new ApiError(503, 'Filmroom could not finish its start-up recovery; see the Filmroom log', {
          reason: 'starting',
        });
    });
  }

  app.setErrorHandler((error, request, reply) => {
    reply.type('application/json; charset=utf-8'); // a streamed route may have set another type before failing
    const { status, body, internal } = errorReply(error);
    if (internal) request.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(status).send(body);
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
        const actor: Actor = operation.access === 'public' ? ANONYMOUS : authenticate(request);
        if (operation.access === 'admin' && actor.role !== 'admin') throw forbidden('Admin token required');
        const ctx: RequestContext = { actor };
        const upload = deps.variants.uploads[channel];
        if (upload && request.isMultipart()) {
          const result = await handleUpload(
            request,
            reply,
            operation,
            ctx,
            upload,
            deps.uploadIdleMs ?? UPLOAD_IDLE_MS,
          );
          return sendResult(reply, operation, result);
        }
        const input = parseInput(operation.input, mergeInput(request, operation));
        const stream = deps.variants.streams[channel];
        if (stream) {
          // A reader that stops reading for this long is cut off rather than holding the socket forever.
          request.raw.socket.setTimeout(STREAM_IDLE_MS, () => request.raw.socket.destroy());
          reply.raw.once('finish', () => request.raw.socket?.setTimeout(0));
          return reply
            .header('content-type', `${operation.produces ?? 'application/octet-stream'}; charset=utf-8`)
            .header(
              'content-disposition',
              `attachment; filename="filmroom-${namespace}.${operation.path.split('.').pop()}"`,
            )
            .send(bodyStream(stream(input, ctx)));
        }
        const result = await handler(input, ctx);
        return sendResult(reply, operation, result);
      },
    });
  }

  app.get(EVENTS_PATH, (request, reply) => streamEvents(request, reply, deps.events, authenticate(request)));
  registerMediaRoutes(app, { ...deps.media, authenticate });
  // Built on first request: turning every schema into JSON Schema took a fifth of start-up.
  let openapi: ReturnType<typeof buildOpenApi> | null = null;
  app.get(
    '/api/openapi.json',
    async () => (openapi ??= buildOpenApi(contract, { title: 'Filmroom local API', version: deps.version })),
  );

  const hasRenderer = deps.rendererDir !== undefined && existsSync(deps.rendererDir);
  // Registered either way: media routes use its reply.sendFile (Range, ETag, conditional GET).
  await app.register(fastifyStatic, {
    root: hasRenderer ? deps.rendererDir! : deps.libraryDir,
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
