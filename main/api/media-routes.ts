/**
 * Byte-streaming routes: the recording (HTTP Range, for review players) and analysis artifacts. A bearer token or
 * a signed URL (players cannot send headers) authorises them; paths never leave the session's files.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { basename, dirname, join } from 'node:path';
import { RAW_ROUTES } from '../../shared/contract/raw-routes.js';
import { notFound, unauthorized } from '../../shared/contract/errors.js';
import type { LibraryService } from '../library/library-service.js';
import type { SessionsRepository } from '../library/sessions/sessions-repository.js';
import { ADMIN, type Actor } from '../platform/actor.js';
import { resolveInside } from '../platform/safe-path.js';
import { artifactsResource, mediaResource, type MediaSigner } from './media-signing.js';

export interface MediaRouteDeps {
  sessions: SessionsRepository;
  library: LibraryService;
  signer: MediaSigner;
  libraryDir: string;
  authenticate(request: FastifyRequest): Actor;
}

const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function registerMediaRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  const authorise = (request: FastifyRequest, id: string, resource: string): void => {
    const { exp, sig } = request.query as { exp?: string; sig?: string };
    if (sig !== undefined) {
      if (!deps.signer.verify(resource, exp, sig)) throw unauthorized('This media link has expired or is not valid');
      deps.library.visibleRow(ADMIN, id); // the signature was issued to someone allowed to see it
      return;
    }
    deps.library.visibleRow(deps.authenticate(request), id);
  };

  app.get(fastifyPath(RAW_ROUTES.media.path), async (request, reply) => {
    const { id } = request.params as { id: string };
    authorise(request, id, mediaResource(id));
    const files = deps.sessions.files(id);
    const file = files.find((f) => f.kind === 'recording') ?? files.find((f) => f.kind === 'audio');
    if (!file) throw notFound('Recording', { id });
    const absolute = file.managed === 1 ? resolveInside(deps.libraryDir, file.path) : file.path;
    if (!absolute) throw notFound('Recording', { id });
    return reply.header('cache-control', 'private, max-age=3600').sendFile(basename(absolute), dirname(absolute));
  });

  app.get(fastifyPath(RAW_ROUTES.artifact.path), async (request, reply) => {
    const { id, name } = request.params as { id: string; name: string };
    authorise(request, id, artifactsResource(id));
    const folder = join(deps.libraryDir, id, 'analysis');
    const absolute = resolveInside(folder, name);
    if (!absolute || dirname(absolute) !== folder) throw notFound('Artifact', { id, name });
    return reply.header('cache-control', 'private, max-age=86400').sendFile(name, folder);
  });
}
