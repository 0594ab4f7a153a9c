/**
 * Object keys (docs/api.md): `{prefix}{coach_id}/{client-slug}/{yyyy-mm-dd}/{title-slug}_{session_id}/{file}`, and the
 * reverse, so bucket sync can rebuild a session from a key alone when its manifest is missing.
 */

export const MANIFEST_NAME = 'session.json';

export function slug(text: string, fallback: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return s || fallback;
}

export interface KeySession {
  id: string;
  coach_id: string;
  client: string;
  title: string;
  recorded_at: string;
}

export function sessionFolderKey(prefix: string, s: KeySession): string {
  const day = s.recorded_at.slice(0, 10);
  return `${prefix}${slug(s.coach_id, 'default')}/${slug(s.client, 'no-client')}/${day}/${slug(s.title, 'session')}_${s.id}/`;
}

export function objectKey(prefix: string, s: KeySession, fileName: string): string {
  return keyInFolder(sessionFolderKey(prefix, s), fileName);
}

export function keyInFolder(folder: string, fileName: string): string {
  return folder + fileName.replace(/[/\\]/g, '_');
}

/**
 * The folder a session's backups go to: the one its earlier backups used (the keys its files already have), else
 * the one its fields give. A title, client or date edited after a backup must not open a second folder: the first
 * would be left behind, unreferenced, and a restore would merge the two.
 */
export function backupFolder(prefix: string, s: KeySession, existingKeys: readonly (string | null)[]): string {
  const marker = `_${s.id}/`;
  for (const key of existingKeys) {
    const at = key?.startsWith(prefix) ? key.indexOf(marker) : -1;
    if (key && at >= 0) return key.slice(0, at + marker.length);
  }
  return sessionFolderKey(prefix, s);
}

export interface ParsedKey {
  folder: string;
  coachId: string;
  clientSlug: string;
  date: string;
  titleSlug: string;
  sessionId: string;
  file: string;
}

/** Null for keys that are not in our layout (someone else's objects under the prefix are left alone). */
export function parseObjectKey(prefix: string, key: string): ParsedKey | null {
  if (!key.startsWith(prefix)) return null;
  const parts = key.slice(prefix.length).split('/');
  if (parts.length !== 5) return null;
  const [coachId, clientSlug, date, folder, file] = parts as [string, string, string, string, string];
  const m = /^([^_]*)_([A-Za-z0-9_-]+)$/.exec(folder); // title slugs never hold "_"; session ids may
  if (!m || !/^\d{4}-\d{2}-\d{2}$/.test(date) || file === '') return null;
  return {
    folder: key.slice(0, key.length - file.length),
    coachId,
    clientSlug,
    date,
    titleSlug: m[1] as string,
    sessionId: m[2] as string,
    file,
  };
}

/** "weekly-check-in" → "Weekly check in": the best title a key alone can give. */
export function unslug(text: string): string {
  const words = text.replace(/-/g, ' ').trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : '';
}
