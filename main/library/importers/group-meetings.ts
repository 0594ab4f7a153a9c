/**
 * Turns a list of files (a folder's recursive listing or a coach's selection) into meetings: Zoom local folders
 * by folder, Zoom cloud / Teams / Meet downloads by the meeting their names describe, any other media file as a
 * `local` recording of its own. Everything else is refused with a reason the coach can act on.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { TRANSCRIPT_SIDECAR_EXTENSIONS } from '../../../shared/contract/media-files.js';
import { isAudioFile, isHiddenOrSystemFile, isMediaFile, slug } from './file-names.js';
import { localTimeInZone, type LocalTimeToUtc } from './local-time.js';
import { recogniseMeetFile } from './meet.js';
import type { RecognisedFile } from './recognised-file.js';
import { recogniseTeamsFile } from './teams.js';
import type { GroupingResult, MeetingCandidate, MeetingFile, RefusedFile } from './types.js';
import { recogniseZoomCloudFile } from './zoom-cloud.js';
import { buildZoomLocalMeeting, byKindThenPart, findZoomMeetingFolder } from './zoom-local.js';
import { parseZoomRecordingConf, type ZoomRecordingConf } from './zoom-recording-conf.js';

export interface GroupingOptions {
  /** Converts local wall times (Zoom local folders, Teams names without `UTC`). Wins over `timeZone`. */
  toUtc?: LocalTimeToUtc;
  /** IANA zone of the computer that recorded; default the process's zone. */
  timeZone?: string;
  /** For `local` recordings without a stated `creationTime`: the file's modification time is their date. */
  stat?: (path: string) => Promise<{ mtimeMs: number }>;
  /**
   * For `local` recordings: the date the container states (`creation_time`), which wins over the modification
   * time. Unset (or answering null): the modification time is the date.
   */
  creationTime?: (path: string) => Promise<string | null>;
  /** Reads `recording.conf`. */
  readText?: (path: string) => Promise<string>;
}

export const STRAY_REASON =
  'Not a recording, and not part of a Zoom, Teams or Meet meeting in this import. Add its recording to the same import, or import a video or audio file.';

function orphanReason(platform: string, kinds: Set<string>): string {
  const what = [...kinds].join(' and ');
  return `This ${platform} ${what} has no recording beside it in this import. Import it together with the meeting's recording.`;
}

export async function groupIntoMeetings(
  paths: readonly string[],
  options: GroupingOptions = {},
): Promise<GroupingResult> {
  const toUtc = options.toUtc ?? localTimeInZone(options.timeZone);
  const statFile = options.stat ?? ((p: string) => stat(p));
  const readText = options.readText ?? ((p: string) => readFile(p, 'utf8'));

  const zoomFolders = new Map<string, string[]>();
  const recognised = new Map<string, { path: string; info: RecognisedFile }[]>();
  const localMedia: string[] = [];
  const others: string[] = [];

  for (const path of [...new Set(paths.map((p) => resolve(p)))].sort()) {
    if (isHiddenOrSystemFile(path)) continue;
    const zoomFolder = findZoomMeetingFolder(path);
    if (zoomFolder) {
      zoomFolders.set(zoomFolder, [...(zoomFolders.get(zoomFolder) ?? []), path]);
      continue;
    }
    const info = recogniseZoomCloudFile(path) ?? recogniseTeamsFile(path, toUtc) ?? recogniseMeetFile(path);
    if (info) recognised.set(info.meetingKey, [...(recognised.get(info.meetingKey) ?? []), { path, info }]);
    else if (isMediaFile(path)) localMedia.push(path);
    else others.push(path);
  }

  const meetings: MeetingCandidate[] = [];
  const refused: RefusedFile[] = [];

  for (const [folder, files] of zoomFolders) {
    const confPath = files.find((f) => basename(f).toLowerCase() === 'recording.conf');
    let conf: ZoomRecordingConf | null = null;
    if (confPath) conf = await readText(confPath).then(parseZoomRecordingConf, () => null);
    const built = buildZoomLocalMeeting({ folder, files, toUtc, conf });
    if ('meeting' in built) meetings.push(built.meeting);
    else refused.push(...built.refused);
  }

  for (const group of recognised.values()) {
    const built = buildRecognisedMeeting(group);
    if ('meeting' in built) meetings.push(built.meeting);
    else refused.push(...built.refused);
  }

  // A `.vtt`/`.srt` with the same name as a local recording is that recording's transcript.
  const sidecars = new Map(
    others.filter((p) => TRANSCRIPT_SIDECAR_EXTENSIONS.has(extname(p).toLowerCase())).map((p) => [stemKey(p), p]),
  );
  const claimed = new Set<string>();
  for (const path of localMedia) {
    const mtimeMs = await statFile(path).then(
      (s) => s.mtimeMs,
      () => null,
    );
    if (mtimeMs === null) {
      refused.push({
        path,
        reason: 'This file could not be read (it may have been moved or deleted). Check it and import it again.',
      });
      continue;
    }
    const stated = options.creationTime ? await options.creationTime(path).catch(() => null) : null;
    const recordedAt = stated ?? new Date(Math.floor(mtimeMs / 1000) * 1000).toISOString();
    const title = basename(path, extname(path));
    const files: MeetingFile[] = [{ path, name: basename(path), kind: isAudioFile(path) ? 'audio' : 'recording' }];
    const sidecar = sidecars.get(stemKey(path));
    if (sidecar && !claimed.has(sidecar)) {
      claimed.add(sidecar);
      files.push({ path: sidecar, name: basename(sidecar), kind: 'transcript' });
    }
    meetings.push({
      platform: 'local',
      title,
      recordedAt,
      meetingKey: `local:${recordedAt}:${slug(title) || slug(basename(path))}`,
      participants: [],
      files,
      mainRecording: path,
    });
  }
  for (const path of others) if (!claimed.has(path)) refused.push({ path, reason: STRAY_REASON });

  meetings.sort((a, b) => a.recordedAt.localeCompare(b.recordedAt) || a.title.localeCompare(b.title));
  refused.sort((a, b) => a.path.localeCompare(b.path));
  return { meetings, refused };
}

function stemKey(path: string): string {
  return join(dirname(path), basename(path, extname(path))).toLowerCase();
}

function buildRecognisedMeeting(
  group: { path: string; info: RecognisedFile }[],
): { meeting: MeetingCandidate } | { refused: RefusedFile[] } {
  const first = group[0]!.info;
  const main = [...group]
    .filter((f) => f.info.kind === 'recording' || f.info.kind === 'audio')
    .sort((a, b) => b.info.mainRank - a.info.mainRank || a.path.localeCompare(b.path))[0];
  if (!main) {
    const reason = orphanReason(platformLabel(first.platform), new Set(group.map((f) => f.info.kind)));
    return { refused: group.map(({ path }) => ({ path, reason })) };
  }
  const titled = main.info.titleFromName ? main.info : (group.find((f) => f.info.titleFromName)?.info ?? main.info);
  const files = group
    .map(({ path, info }): MeetingFile => ({ path, name: info.name, kind: info.kind }))
    .sort(byKindThenPart);
  return {
    meeting: {
      platform: first.platform,
      title: titled.title,
      recordedAt: first.recordedAt,
      meetingKey: first.meetingKey,
      participants: [],
      files,
      mainRecording: main.path,
    },
  };
}

function platformLabel(platform: RecognisedFile['platform']): string {
  return platform === 'zoom' ? 'Zoom' : platform === 'teams' ? 'Teams' : 'Meet';
}
