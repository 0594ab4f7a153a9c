/**
 * An example path in this computer's spelling (the API serves 127.0.0.1 only, so the browser's OS is the
 * server's): `C:\Users\you\Documents\Zoom` on Windows, `/Users/you/…` on macOS, `/home/you/…` elsewhere.
 */
export function examplePath(rest: string, userAgent: string = globalThis.navigator?.userAgent ?? ''): string {
  if (/Windows/i.test(userAgent)) return `C:\\Users\\you\\Documents\\Zoom${rest ? `\\${rest}` : ''}`;
  const home = /Mac OS X|Macintosh/i.test(userAgent) ? '/Users/you' : '/home/you';
  return `${home}/Documents/Zoom${rest ? `/${rest}` : ''}`;
}
