/**
 * The file name a server suggests in `Content-Disposition`, reduced to a safe base name: a server must not be able
 * to make us write outside the downloads folder (`../../x`) or to a hidden file.
 */
export function filenameFromContentDisposition(header: string | null): string | null {
  if (!header) return null;
  let name: string | null = null;
  const extended = /filename\*\s*=\s*([\w!#$%&+^`{}~.-]+)'[^']*'([^;]+)/i.exec(header);
  if (extended) {
    try {
      name = decodeURIComponent(extended[2]!.trim().replace(/^"|"$/g, ''));
    } catch {
      name = null;
    }
  }
  if (!name) {
    const quoted = /filename\s*=\s*"((?:\\.|[^"\\])*)"/i.exec(header);
    const bare = /filename\s*=\s*([^;\s]+)/i.exec(header);
    name = quoted ? quoted[1]!.replace(/\\(.)/g, '$1') : (bare?.[1] ?? null);
  }
  return name === null ? null : safeBaseName(name);
}

// eslint-disable-next-line no-control-regex -- they are what is removed
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/g;

/** The last path segment without control characters or leading dots; null when nothing usable is left. */
export function safeBaseName(name: string): string | null {
  const last = name.split(/[\\/]/).pop() ?? '';
  const cleaned = last
    .replace(CONTROL_CHARACTERS, '')
    .replace(/^[.\s]+/, '')
    .trim();
  return cleaned === '' ? null : cleaned.slice(0, 255);
}
