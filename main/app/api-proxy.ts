/**
 * The page's `/api/…` URLs under app://filmroom. Operations go over IPC, but players cannot: `<video src>` and
 * `<img src>` use the signed media URLs that `analysis:mediaUrl` returns as root-relative paths. Proxying read-only
 * requests under /api/ to the local HTTP API keeps those URLs same-origin (so the CSP stays `'self'`) and gives media
 * Range support through the custom protocol. No token is added: the API's own checks (signature, token) still decide.
 */
import { APP_HOST, APP_SCHEME } from './app-origin.js';

/** Request headers a player or image load needs; cookies, Origin and anything else stay behind. */
const FORWARDED_REQUEST_HEADERS = ['range', 'if-range', 'if-none-match', 'if-modified-since', 'accept'] as const;

/** Response headers the page may see. */
export const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'content-range',
  'accept-ranges',
  'etag',
  'last-modified',
  'cache-control',
  'content-disposition',
] as const;

/** The API URL to fetch for an app:// request, or null when the request is not a read of /api/. */
export function apiProxyTarget(requestUrl: string, method: string, apiBaseUrl: string | null): string | null {
  if (!apiBaseUrl || (method !== 'GET' && method !== 'HEAD')) return null;
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || !url.pathname.startsWith('/api/')) return null;
  const target = new URL(url.pathname + url.search, apiBaseUrl);
  // Never leave the API origin, whatever the path contains.
  return target.origin === new URL(apiBaseUrl).origin ? target.toString() : null;
}

export function pickHeaders(
  source: { get(name: string): string | null },
  names: readonly string[],
): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) {
    const value = source.get(name);
    if (value !== null) picked[name] = value;
  }
  return picked;
}

export function forwardedRequestHeaders(source: { get(name: string): string | null }): Record<string, string> {
  return pickHeaders(source, FORWARDED_REQUEST_HEADERS);
}
