/**
 * Messages shown to API clients name files, never where they live: an absolute path under the data folder (an
 * ffmpeg error quoting its input, a refusal of an upload in `.incoming/`) is cut down to its file name.
 */
import { basename, sep } from 'node:path';

export function namesNotPaths(text: string, root: string): string {
  if (!text.includes(root)) return text;
  const escaped = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pathUnderRoot = new RegExp(`${escaped}(?:\\${sep}[^\\s'"\`,;:()]*)*`, 'g');
  return text.replace(pathUnderRoot, (path) => basename(path));
}
