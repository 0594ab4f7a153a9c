/**
 * Microsoft Teams downloads: `<Subject>-YYYYMMDD_HHMMSS[UTC]-Meeting Recording.mp4` (or `_HHMM`) and the same stem
 * with `-Meeting Transcript.vtt|.docx`. Subjects contain hyphens, so the name is read from the right. A name without
 * the `UTC` marker is in the organiser's local time (converted with the injected time zone).
 */
import { basename } from 'node:path';
import { TEAMS_NAME } from '../../../shared/contract/media-files.js';
import { isAudioFile, slug, withoutCopySuffix } from './file-names.js';
import { isValidWallTime, utcWallTime, wallTime, type LocalTimeToUtc } from './local-time.js';
import type { RecognisedFile } from './recognised-file.js';

export function recogniseTeamsFile(path: string, toUtc: LocalTimeToUtc): RecognisedFile | null {
  const name = withoutCopySuffix(basename(path));
  const m = TEAMS_NAME.exec(name);
  if (!m) return null;
  const [, subject, y, mo, d, h, mi, s, utc, what, ext] = m as unknown as (string | undefined)[];
  const wall = wallTime(y!, mo!, d!, h!, mi!, s ?? '0');
  if (!isValidWallTime(wall) || !subject!.trim()) return null;
  const recordedAt = (utc ? utcWallTime(wall) : toUtc(wall)).toISOString();
  const isTranscript = what!.toLowerCase() === 'transcript';
  const kind = isTranscript ? 'transcript' : isAudioFile(`x.${ext}`) ? 'audio' : 'recording';
  const title = subject!.trim();
  return {
    platform: 'teams',
    meetingKey: `teams:${recordedAt}:${slug(title)}`,
    title,
    titleFromName: true,
    recordedAt,
    kind,
    name: basename(path),
    mainRank: kind === 'recording' ? 100 : kind === 'audio' ? 10 : 0,
  };
}
