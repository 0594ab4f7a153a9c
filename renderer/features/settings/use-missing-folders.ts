/**
 * Which watch folders do not exist on this computer, so the settings can warn instead of silently watching
 * nothing. The browser cannot look at the disk; the import preview can, and answers "no such file or folder".
 */
import { useEffect, useState } from 'react';
import { ApiError, type FilmroomClient } from '../../../shared/contract/index.js';

export function isMissingPathError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 400 && /no such file or folder/i.test(error.message);
}

export function useMissingFolders(client: FilmroomClient, folders: readonly string[]): ReadonlySet<string> {
  const [missing, setMissing] = useState<ReadonlySet<string>>(new Set());
  const key = folders.join('\n');
  useEffect(() => {
    let live = true;
    const list = key ? key.split('\n') : [];
    void Promise.all(
      list.map((path) =>
        client.sessions.previewImport({ path }).then(
          () => null,
          (error: unknown) => (isMissingPathError(error) ? path : null),
        ),
      ),
    ).then((found) => {
      if (live) setMissing(new Set(found.filter((p): p is string => p !== null)));
    });
    return () => {
      live = false;
    };
  }, [client, key]);
  return missing;
}
