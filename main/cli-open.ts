/**
 * `filmroom open`: the sign-in link of the Filmroom already serving this data folder (`<dataDir>/api.json` from
 * `filmroom serve`, the admin token from `<dataDir>/api-token`), for a browser tab that lost its sign-in or a
 * bookmark. Printing, not launching a browser: it works the same over SSH and in scripts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { libraryPaths } from './platform/data-dir.js';

export function openLink(dataDir: string): { link: string } | { problem: string } {
  const paths = libraryPaths(dataDir);
  if (!existsSync(paths.apiInfoFile))
    return { problem: `Filmroom is not serving ${dataDir}. Start it with \`filmroom serve\` (it prints the link).` };
  let url: unknown;
  try {
    url = (JSON.parse(readFileSync(paths.apiInfoFile, 'utf8')) as { url?: unknown }).url;
  } catch {
    url = undefined;
  }
  if (typeof url !== 'string' || url === '')
    return { problem: `${paths.apiInfoFile} is unreadable. Restart \`filmroom serve\`.` };
  if (!existsSync(paths.tokenFile)) return { problem: `No token yet in ${paths.tokenFile}. Run \`filmroom serve\`.` };
  const token = readFileSync(paths.tokenFile, 'utf8').trim();
  return { link: `${url}/#token=${token}` };
}
