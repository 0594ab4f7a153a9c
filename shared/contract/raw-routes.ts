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
  /** Error statuses particular to this route, for the OpenAPI document. */
  errors?: Readonly<Record<number, string>>;
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
    // An offloaded recording streams from S3: 409 when S3 is not configured any more, 502 when the store fails.
    errors: {
      409: 'The recording is held in S3 only and S3 is not configured',
      502: 'The recording is held in S3 only and the store did not answer',
    },
  },
  artifact: {
    method: 'GET',
    path: '/api/v1/sessions/{id}/artifacts/{name}',
    summary: 'A derived file of the analysis (poster, timeline strip, thumbnails)',
    produces: 'image/*',
    signed: true,
  },
} as const satisfies Record<string, RawRoute>;
