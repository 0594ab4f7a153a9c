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
import type { ImportInput, ImportResult, SessionFilters } from '../../shared/contract/sessions.js';
import type { Actor } from '../platform/actor.js';
import type { EventBus } from '../platform/event-bus.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from './context.js';
import { bearerToken, isAllowedHost, isAllowedOrigin } from './request-guards.js';
import { streamEvents } from './sse.js';
import type { TokenStore } from './tokens.js';
import { parseInput } from './validation.js';

export interface ApiServerDeps {
  handlers: FilmroomHandlers<RequestContext>;
  tokens: TokenStore;
  events: EventBus;
  logger: Logger;
  version: string;
  /** CSV export streamed row batch by row batch (the handler's string form is for IPC). */
  exportCsv(actor: Actor, filters: SessionFilters): Iterable<string>;
  importUpload(actor: Actor, file: Readable, fileName: string, fields: Omit<ImportInput, 'path' | 'url'>): Promise<ImportResult>;
  /** Built renderer (index.html + assets) served at `/` for `filmroom serve`. */
  rendererDir?: string;
}

type Handler = (input: unknown, ctx: RequestContext) => unknown;

export async function createApiServer(deps: ApiServerDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger, disableRequestLogging: true, bodyLimit: 1024 * 1024 });
  app.removeContentTypeParser('text/plain'); // state-changing routes take JSON or multipart only
  await app.register(fastifyMultipart, { limits: { fileSize: 200 * 1024 ** 3, files: 1, fields: 20 } });

  app.addHook('onRequest', async (request) => {
    if (!isAllowedHost(request.headers.host)) throw forbidden('Host not allowed: Filmroom serves only 127.0.0.1 and localhost');
    if (!isAllowedOrigin(request.headers.origin, request.headers.host)) throw forbidden('Cross-origin requests are not allowed');
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) return reply.code(error.status).send(error.toBody());
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ error: (error as Error).message, code: status });
    }
    request.log.error({ err: error, url: request.url }, 'request failed');
    return reply.code(500).send({ error: 'Internal error; see the Filmroom log', code: 500 });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: `No route ${request.method} ${request.url.split('?')[0]}`, code: 404 }));

  const authenticate = (request: FastifyRequest): Actor => {
    const token = bearerToken(request.headers.authorization);
    const actor = token ? deps.tokens.verify(token) : null;
    if (!actor) throw unauthorized();
    return actor;
  };

  for (const { namespace, name, operation } of listOperations(contract)) {
    const handler = (deps.handlers as unknown as Record<string, Record<string, Handler>>)[namespace]?.[name];
    if (!handler) throw new Error(`No handler for ${namespace}.${name}`);
    app.route({
      method: operation.method,
      url: operation.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: async (request, reply) => {
        const actor: Actor = operation.access === 'public' ? { role: 'admin' } : authenticate(request);
        if (operation.access === 'admin' && actor.role !== 'admin') throw forbidden('Admin token required');
        const ctx: RequestContext = { actor };
        if (operation.multipartFile && request.isMultipart()) return handleUpload(request, reply, operation, ctx, deps);
        const input = mergeInput(request, operation);
        if (namespace === 'sessions' && name === 'exportCsv') {
          const filters = parseInput(operation.input, input) as SessionFilters;
          return reply
            .header('content-type', 'text/csv; charset=utf-8')
            .header('content-disposition', 'attachment; filename="filmroom-sessions.csv"')
            .send(Readable.from(deps.exportCsv(actor, filters)));
        }
        const result = await handler(parseInput(operation.input, input), ctx);
        return sendResult(reply, operation, result);
      },
    });
  }

  app.get(EVENTS_PATH, (request, reply) => streamEvents(request, reply, deps.events, authenticate(request)));
  const openapi = buildOpenApi(contract, { title: 'Filmroom local API', version: deps.version });
  app.get('/api/openapi.json', async () => openapi);

  if (deps.rendererDir && existsSync(deps.rendererDir)) {
    await app.register(fastifyStatic, { root: deps.rendererDir, prefix: '/', index: ['index.html'] });
  } else {
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
  return { ...(request.query as Record<string, unknown>), ...(body as Record<string, unknown> | undefined), ...fromPath };
}

function sendResult(reply: FastifyReply, operation: Operation, result: unknown) {
  const status = operation.status ?? 200;
  if (status === 204) return reply.code(204).send();
  return reply.code(status).send(result);
}

async function handleUpload(request: FastifyRequest, reply: FastifyReply, operation: Operation, ctx: RequestContext, deps: ApiServerDeps) {
  const fields: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      fields[part.fieldname] = part.value;
      continue;
    }
    if (part.fieldname !== operation.multipartFile) {
      part.file.resume();
      continue;
    }
    const options = parseInput(operation.input, { ...fields, path: '/upload' }) as ImportInput;
    const { path: _path, url: _url, ...rest } = options;
    const result = await deps.importUpload(ctx.actor, part.file, part.filename || 'upload', rest);
    return sendResult(reply, operation, result);
  }
  throw new ApiError(400, `Invalid '${operation.multipartFile}': no file in the upload`, { field: operation.multipartFile });
}
