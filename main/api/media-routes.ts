/**
 * Byte-streaming routes: the recording (HTTP Range, for review players) and analysis artifacts. A bearer token or
 * a signed URL (players cannot send headers) authorises them; paths never leave the session's files.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { basename, dirname } from 'node:path';
import { RAW_ROUTES } from '../../shared/contract/raw-routes.js';
import { ApiError, unauthorized } from '../../shared/contract/errors.js';
import type { MediaFiles } from '../library/index.js';
import { ADMIN, type Actor } from '../platform/actor.js';
import { artifactsResource, mediaResource, type MediaSigner } from '../platform/media-signing.js';
import { fetchFromStore, resumingBody } from './store-stream.js';

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
    const source = await deps.files.recordingSource(actorFor(request, mediaResource(id)), id);
    if (source.kind === 'local')
      return reply
        .header('cache-control', 'private, max-age=3600')
        .sendFile(basename(source.path), dirname(source.path));
    return streamFromStore(request, reply, source.url);
  });

  app.get(fastifyPath(RAW_ROUTES.artifact.path), async (request, reply) => {
    const { id, name } = request.params as { id: string; name: string };
    const absolute = deps.files.artifact(actorFor(request, artifactsResource(id)), id, name);
    return reply.header('cache-control', 'private, max-age=86400').sendFile(basename(absolute), dirname(absolute));
  });
}

/** Headers of the store's answer a player needs (Range answers included); nothing of the store's own. */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];

/**
 * An offloaded recording: the store's presigned GET, fetched here with the player's Range and streamed through, so
 * players keep one same-origin URL (no CSP or CORS exception for the bucket) and seeking works as for local files.
 * The store's transient failures are retried, and a body cut off mid-way is resumed (`store-stream.ts`).
 */
async function streamFromStore(request: FastifyRequest, reply: FastifyReply, url: string) {
  const range = request.headers.range;
  let answer: Response;
  try {
    answer = await fetchFromStore(url, range);
  } catch (error) {
    throw new ApiError(
      502,
      `The recording is held in S3 only and the store did not answer: ${(error as Error).message}`,
    );
  }
  if (answer.status === 416)
    return reply
      .code(416)
      .header('content-range', answer.headers.get('content-range') ?? '')
      .send();
  if (!answer.ok || !answer.body) {
    await answer.body?.cancel();
    throw new ApiError(502, `The recording is held in S3 only and the store answered ${answer.status}`);
  }
  reply.code(answer.status).header('cache-control', 'private, max-age=3600');
  for (const name of PASSED_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) reply.header(name, value);
  }
  if (!answer.headers.has('accept-ranges')) reply.header('accept-ranges', 'bytes');
  const body = resumingBody(url, answer);
  request.raw.once('close', () => body.destroy()); // the player moved on: stop reading from the store
  return reply.send(body);
}
