/**
 * Zoom cloud downloads: `GMT<yyyymmdd>-<hhmmss>_Recording[_<W>x<H>].mp4`, `..._Recording.m4a`,
 * `..._Recording.transcript.vtt`, `..._RecordingnewChat.txt`, and the older `_gallery_`, `_avo_` (active speaker
 * video only), `_gvo_` (gallery video only) and `_as_` (active speaker with shared screen) variants, some of which
 * carry a shortened topic instead of `Recording`. Times are UTC; one timestamp is one meeting.
 */
import { basename, extname } from 'node:path';
import { isAudioFile, isVideoFile, withoutCopySuffix } from './file-names.js';
import { isValidWallTime, utcWallTime, wallTime } from './local-time.js';
import type { RecognisedFile } from './recognised-file.js';
import type { MeetingFileKind } from './types.js';

const CLOUD_NAME = /^GMT(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})_(.+)$/;
const VIEW_RANK: Record<string, number> = { '': 100, as: 100, avo: 80, gallery: 60, gvo: 60 };

export function recogniseZoomCloudFile(path: string): RecognisedFile | null {
  const name = withoutCopySuffix(basename(path));
  const m = CLOUD_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, rest] = m as unknown as string[];
  const wall = wallTime(y!, mo!, d!, h!, mi!, s!);
  if (!isValidWallTime(wall)) return null;

  const ext = extname(rest!).toLowerCase();
  let stem = rest!.slice(0, rest!.length - ext.length);
  let kind: MeetingFileKind;
  if (ext === '.vtt') kind = 'transcript';
  else if (ext === '.txt') kind = /chat/i.test(stem) ? 'chat' : 'other';
  else if (isVideoFile(name)) kind = 'recording';
  else if (isAudioFile(name)) kind = 'audio';
  else kind = 'other';

  // Peel the decorations off the stem to find the view and the topic (or the word `Recording`).
  stem = stem.replace(/\.(transcript|cc)$/i, '').replace(/_?newchat$|_?chat$/i, '');
  let height = 0;
  const resolution = /_(\d{2,5})x(\d{2,5})$/.exec(stem);
  if (resolution) {
    height = Number(resolution[2]);
    stem = stem.slice(0, resolution.index);
  }
  let view = '';
  const viewMatch = /_(gallery|avo|gvo|as)$/i.exec(stem);
  if (viewMatch) {
    view = viewMatch[1]!.toLowerCase();
    stem = stem.slice(0, viewMatch.index);
  }
  const recordedAt = utcWallTime(wall).toISOString();
  const topic = stem.replace(/[-_]+/g, ' ').trim();
  const titleFromName = topic !== '' && topic.toLowerCase() !== 'recording';
  const when = `${y}-${mo}-${d} ${h}:${mi} UTC`;
  return {
    platform: 'zoom',
    meetingKey: `zoom-cloud:${recordedAt}`,
    title: titleFromName ? topic : `Zoom cloud recording ${when}`,
    titleFromName,
    recordedAt,
    kind,
    name: basename(path),
    mainRank: kind === 'recording' ? (VIEW_RANK[view] ?? 50) + height / 10_000 : kind === 'audio' ? 10 : 0,
  };
}
