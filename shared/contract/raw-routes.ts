/**
 * HTTP-only routes that stream bytes rather than JSON (so they are not catalogue operations, which IPC also
 * carries). Listed here once: the server mounts them and the OpenAPI document describes them from this list.
 */
export interface RawRoute {
  method: 'GET';
  path: string;
  summary: string;
  produces: string;
  /** Accepts `exp` + `sig` query parameters from a signed URL instead of a bearer token. */
  signed: boolean;
}

export const RAW_ROUTES = {
  events: {
    method: 'GET',
    path: '/api/v1/events',
    summary: 'Server-Sent Events: session created/changed/deleted, import and job progress',
    produces: 'text/event-stream',
    signed: false,
  },
  media: {
    method: 'GET',
    path: '/api/v1/sessions/{id}/media',
    summary: 'The recording, with HTTP Range support (bearer token, or a signed URL from media-url)',
    produces: 'video/*',
    signed: true,
  },
  artifact: {
    method: 'GET',
    path: '/api/v1/sessions/{id}/artifacts/{name}',
    summary: 'A derived file of the analysis (poster, timeline strip, thumbnails)',
    produces: 'image/*',
    signed: true,
  },
} as const satisfies Record<string, RawRoute>;
