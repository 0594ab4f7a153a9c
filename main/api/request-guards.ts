/**
 * DNS-rebinding and cross-site defences, pure so they are unit-tested: only loopback Host headers are served, and
 * a request carrying an Origin must come from the app's own origin (the same host and port it was sent to).
 */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i;

export function isAllowedHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

export function isAllowedOrigin(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true; // scripts and curl send none; browsers always send one cross-origin
  if (!host) return false;
  return origin.toLowerCase() === `http://${host.toLowerCase()}`;
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
