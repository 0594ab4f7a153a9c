/**
 * The Content-Security-Policy of our pages, as one pure function so the string is unit-tested and the dev variant
 * differs only where Vite's dev server needs it.
 *
 * - scripts: only our own files; no inline script, no eval.
 * - styles: our files plus inline styles, because dialog/scroll-lock libraries (Radix, react-remove-scroll) inject
 *   <style> elements at runtime; inline style cannot run code, so this is the usual trade-off.
 * - connect-src 'self': the renderer talks to main over IPC, never to the network.
 * - media-src/img-src keep blob: and data: for waveforms and thumbnails drawn in the page.
 */
export interface CspOptions {
  /** The electron-vite dev server (`ELECTRON_RENDERER_URL`), which needs its HMR socket and React's inline preamble. */
  devServerUrl?: string;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerUrl ? new URL(options.devServerUrl) : null;
  const devWs = dev ? `ws://${dev.host}` : null;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': devWs ? ["'self'", devWs] : ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
