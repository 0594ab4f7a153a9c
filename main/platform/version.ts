import { createRequire } from 'node:module';

/** The app version from package.json (two folders up both from main/platform/ and from the built out/main/). */
export const APP_VERSION: string = (() => {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();
