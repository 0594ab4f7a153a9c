/**
 * Where our pages come from: `app://filmroom/…` serving out/renderer in a built app, or the electron-vite dev server
 * in `electron-vite dev`. One module decides it, so the window, the navigation guard and the IPC sender check agree.
 */
import type { TrustedOrigin } from '../ipc/index.js';
import { originOf } from '../ipc/index.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'filmroom';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface PageSource {
  /** The URL the window loads. */
  entryUrl: string;
  /** Origins whose pages may navigate within the window and call IPC. */
  origins: TrustedOrigin[];
  /** Set in development only. */
  devServerUrl?: string;
}

/**
 * The dev server is trusted only when the app is not packaged: a packaged app must never load code from an
 * environment variable.
 */
export function pageSource(env: { ELECTRON_RENDERER_URL?: string }, isPackaged: boolean): PageSource {
  const appOrigin: TrustedOrigin = { protocol: `${APP_SCHEME}:`, host: APP_HOST };
  const devUrl = !isPackaged ? env.ELECTRON_RENDERER_URL : undefined;
  const devOrigin = devUrl ? originOf(devUrl) : null;
  if (devUrl && devOrigin && (devOrigin.protocol === 'http:' || devOrigin.protocol === 'https:')) {
    return { entryUrl: devUrl, origins: [devOrigin], devServerUrl: devUrl };
  }
  return { entryUrl: APP_ENTRY_URL, origins: [appOrigin] };
}
