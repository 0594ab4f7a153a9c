/**
 * `app://filmroom/` serves the built renderer (never `file://`, whose pages share one origin with every local file).
 * Each response carries our CSP header, so the policy holds even if index.html has no meta tag.
 */
import { net, protocol, type Session } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME } from './app-origin.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { apiProxyTarget, FORWARDED_RESPONSE_HEADERS, forwardedRequestHeaders, pickHeaders } from './api-proxy.js';
import { contentTypeFor, resolveRendererFile } from './renderer-files.js';

/**
 * Must run before `app.ready`: a standard, secure scheme gets a real origin, fetch and localStorage. corsEnabled lets
 * Vite's `<script type="module" crossorigin>` load from it; our responses carry no Access-Control-Allow-Origin, so
 * no other origin can read them.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: {
        standard: true,
        secure: true,
        supportFetchAPI: true,
        corsEnabled: true,
        stream: true,
        codeCache: true,
      },
    },
  ]);
}

/**
 * Serves out/renderer, and proxies reads under /api/ to the local HTTP API (see api-proxy.ts) once it is up:
 * `apiBaseUrl` is asked per request because the protocol is registered before the services start.
 */
export function serveRenderer(session: Session, rendererDir: string, apiBaseUrl: () => string | null): void {
  const csp = contentSecurityPolicy();
  session.protocol.handle(APP_SCHEME, async (request) => {
    const apiTarget = apiProxyTarget(request.url, request.method, apiBaseUrl());
    if (apiTarget) {
      const upstream = await net
        .fetch(apiTarget, { method: request.method, headers: forwardedRequestHeaders(request.headers) })
        .catch(() => null);
      if (!upstream) return new Response('Filmroom API unavailable', { status: 502 });
      return new Response(upstream.body, {
        status: upstream.status,
        headers: pickHeaders(upstream.headers, FORWARDED_RESPONSE_HEADERS),
      });
    }
    const file = resolveRendererFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const upstream = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!upstream || !upstream.ok) return new Response('Not found', { status: 404 });
    return new Response(upstream.body, {
      status: 200,
      headers: {
        'content-type': contentTypeFor(file),
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  });
}
