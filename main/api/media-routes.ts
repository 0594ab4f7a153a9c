/**
 * Byte-streaming routes: the recording (HTTP Range, for review players) and analysis artifacts. A bearer token or
 * a signed URL (players cannot send headers) authorises them; paths never leave the session's files.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { basename, dirname } from 'node:path';
import { RAW_ROUTES } from '../../shared/contract/raw-routes.js';
import { unauthorized } from '../../shared/contract/errors.js';
import type { MediaFiles } from '../library/index.js';
import { ADMIN, type Actor } from '../platform/actor.js';
import { artifactsResource, mediaResource, type MediaSigner } from '../platform/media-signing.js';

export interface MediaRouteDeps {
  files: MediaFiles;
  signer: MediaSigner;
  authenticate(request: FastifyRequest): Actor;
}

const fastifyPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

export function registerMediaRoutes(app: FastifyInstance, deps: MediaRouteDeps): void {
  /** A signed URL opens only the resource it was signed for (the recording, or the artifacts folder). */
  const actorFor = (request: FastifyRequest, resource: string): Actor => {
    const { exp, sig } = request.query as { exp?: string; sig?: string };
    if (sig === undefined) return deps.authenticate(request);
    if (!deps.signer.verify(resource, exp, sig)) throw unauthorized('This media link has expired or is not valid');
    return ADMIN; // the signature was issued to someone allowed to see this session
  };

  app.get(fastifyPath(RAW_ROUTES.media.path), async (request, reply) => {
    const { id } = request.params as { id: string };
    const absolute = deps.files.recording(actorFor(request, mediaResource(id)), id);
    return reply.header('cache-control', 'private, max-age=3600').sendFile(basename(absolute), dirname(absolute));
  });

  app.get(fastifyPath(RAW_ROUTES.artifact.path), async (request, reply) => {
    const { id, name } = request.params as { id: string; name: string };
    const absolute = deps.files.artifact(actorFor(request, artifactsResource(id)), id, name);
    return reply.header('cache-control', 'private, max-age=86400').sendFile(basename(absolute), dirname(absolute));
  });
}
