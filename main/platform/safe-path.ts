/** Paths from rows or requests never escape the folder they belong to. */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Resolves `rel` inside `root`, or returns null when it would land outside (`..`, absolute, or root itself). */
export function resolveInside(root: string, rel: string): string | null {
  if (rel.includes('\0')) return null;
  const base = resolve(root);
  const target = resolve(base, rel);
  const fromBase = relative(base, target);
  if (fromBase === '' || fromBase.startsWith('..' + sep) || fromBase === '..' || isAbsolute(fromBase)) return null;
  return target;
}

export function isInside(root: string, absolute: string): boolean {
  return resolveInside(root, relative(resolve(root), resolve(absolute))) !== null;
}
