/**
 * Session-wide refusals: no permission (camera, microphone, notifications, geolocation…) is ever granted to a page,
 * and the dev server's responses get the same CSP header the app:// handler adds in a built app.
 */
import type { Session } from 'electron';
import { contentSecurityPolicy } from './content-security-policy.js';
import { isTrustedUrl } from '../ipc/index.js';
import type { PageSource } from './app-origin.js';

export function hardenSession(session: Session, source: PageSource): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);

  if (source.devServerUrl) {
    const csp = contentSecurityPolicy({ devServerUrl: source.devServerUrl });
    session.webRequest.onHeadersReceived((details, callback) => {
      if (!isTrustedUrl(details.url, source.origins)) return callback({});
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
}
