/**
 * Google Meet recordings saved to Drive: `<Title> (YYYY-MM-DD HH:MM GMT±H) - Recording.mp4` and
 * `<Title> (…) - Transcript.txt|.docx|.vtt`. Drive shows the date with `/` in some locales and browsers turn `:`
 * into `_` on Windows; older recordings read `(2020-05-01 at 10_03 GMT-7)` without the ` - Recording`.
 * The offset is part of the name, so no time zone needs to be guessed.
 *
 * The whole path is matched (not just the base name) because a `/` in the date splits the name into folders.
 */
import { basename } from 'node:path';
import { isAudioFile, isVideoFile, slug, withoutCopySuffix } from './file-names.js';
import { fixedOffset, isValidWallTime, wallTime } from './local-time.js';
import type { RecognisedFile } from './recognised-file.js';

const MEET_NAME =
  /(?:^|[\\/])([^\\/]*?) \((\d{4})[-/_.](\d{1,2})[-/_.](\d{1,2}) (?:at )?(\d{1,2})[:_.](\d{2}) GMT(?:([+-])(\d{1,2})(?:[:_]?(\d{2}))?)?\)(?: - (Recording|Transcript))?\.([A-Za-z0-9]+)$/i;

export function recogniseMeetFile(path: string): RecognisedFile | null {
  const m = MEET_NAME.exec(withoutCopySuffix(path));
  if (!m) return null;
  const [whole, title, y, mo, d, h, mi, sign, offH, offM, what, ext] = m as unknown as (string | undefined)[];
  const wall = wallTime(y!, mo!, d!, h!, mi!);
  if (!isValidWallTime(wall) || !title!.trim()) return null;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(offH ?? 0) * 60 + Number(offM ?? 0));
  const recordedAt = fixedOffset(offsetMinutes)(wall).toISOString();
  const file = `x.${ext}`;
  let kind: RecognisedFile['kind'];
  if (what?.toLowerCase() === 'transcript') kind = 'transcript';
  else if (isVideoFile(file)) kind = 'recording';
  else if (isAudioFile(file)) kind = 'audio';
  else return null; // `(… GMT+1).pdf` is not something Meet produces
  const cleanTitle = title!.trim();
  const name = whole!.replace(/^[\\/]/, '');
  return {
    platform: 'meet',
    meetingKey: `meet:${recordedAt}:${slug(cleanTitle)}`,
    title: cleanTitle,
    titleFromName: true,
    recordedAt,
    kind,
    // Keep the real base name unless the date's `/` split it; then show the whole name with `-` instead.
    name: name.includes('/') ? name.replace(/\//g, '-') : basename(path),
    mainRank: kind === 'recording' ? 100 : kind === 'audio' ? 10 : 0,
  };
}
