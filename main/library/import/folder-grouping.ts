/** Listing a file or folder for import and grouping what it holds into meetings (shared by previews and jobs). */
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { badRequest } from '../../../shared/contract/errors.js';
import { TRANSCRIPT_SIDECAR_EXTENSIONS } from '../../../shared/contract/media-files.js';
import { isMediaFile } from '../importers/file-names.js';
import { groupIntoMeetings, type GroupingOptions } from '../importers/group-meetings.js';
import { isUnreadable, listFolderRecursive } from '../importers/list-folder.js';
import { screenByContent } from '../importers/media-content.js';
import type { GroupingResult } from '../importers/types.js';

export async function listAndGroup(
  path: string,
  kind: 'file' | 'folder',
  options: GroupingOptions | undefined,
): Promise<GroupingResult> {
  const unreadable: string[] = [];
  const paths =
    kind === 'folder'
      ? await listFolderRecursive(path, unreadable).catch((error: unknown) => {
          if (isUnreadable(error)) throw badRequest('path', 'this folder cannot be read (permission denied)');
          throw error;
        })
      : [path, ...(await transcriptsBeside(path))];
  // Recognised by content, not by extension alone: a TypeScript `.ts` is no MPEG-TS video.
  const screened = await screenByContent(paths);
  const grouping = await groupIntoMeetings(screened.kept, options);
  grouping.refused.push(...screened.refused);
  // Unreadable subfolders are reported like refused files: the caller learns what was skipped and why.
  for (const folder of unreadable) grouping.refused.push({ path: folder, reason: 'folder cannot be read' });
  return grouping;
}

/**
 * A recording imported on its own brings its same-named `.vtt`/`.srt` from beside it, as a folder import would
 * (the desktop app's drop and picker import a recording by its path).
 */
async function transcriptsBeside(path: string): Promise<string[]> {
  if (!isMediaFile(path)) return [];
  const stem = basename(path, extname(path)).toLowerCase();
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  return names
    .filter((n) => TRANSCRIPT_SIDECAR_EXTENSIONS.has(extname(n).toLowerCase()))
    .filter((n) => basename(n, extname(n)).toLowerCase() === stem)
    .map((n) => join(dirname(path), n));
}
