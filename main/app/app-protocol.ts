/**
 * `app://filmroom/` serves the built renderer (never `file://`, whose pages share one origin with every local file).
 * Each response carries our CSP header, so the policy holds even if index.html has no meta tag.
 */
import { net, protocol, type Session } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME } from './app-origin.js';
import { contentSecurityPolicy } from './content-security-policy.js';
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

export function serveRenderer(session: Session, rendererDir: string): void {
  const csp = contentSecurityPolicy();
  session.protocol.handle(APP_SCHEME, async (request) => {
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
