/**
 * Zoom local recordings: one folder per meeting, named `YYYY-MM-DD HH.MM.SS <Topic>[ <meeting id>]` in the
 * recording computer's local time. The start time comes from the folder name, never from the MP4 (whose dates mark
 * the end of Zoom's conversion).
 */
import { basename, dirname, relative, sep } from 'node:path';
import { humaniseSqueezedName, isAudioFile, isVideoFile, slug } from './file-names.js';
import { isValidWallTime, wallTime, type LocalTimeToUtc } from './local-time.js';
import type { MeetingCandidate, MeetingFile, MeetingParticipant, RefusedFile, WallTime } from './types.js';
import type { ZoomRecordingConf } from './zoom-recording-conf.js';

export interface ZoomFolderName {
  wall: WallTime;
  topic: string;
  meetingId: string | null;
}

const FOLDER_NAME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2})\.(\d{2})\.(\d{2}) (.+?)(?: (\d{9,11}))?$/;

export function parseZoomFolderName(name: string): ZoomFolderName | null {
  const m = FOLDER_NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, topic, meetingId] = m as unknown as string[];
  const wall = wallTime(y!, mo!, d!, h!, mi!, s!);
  if (!isValidWallTime(wall) || !topic!.trim()) return null;
  return { wall, topic: topic!.trim(), meetingId: meetingId ?? null };
}

/** The nearest ancestor folder of `path` whose name is a Zoom meeting folder, or null. */
export function findZoomMeetingFolder(path: string): string | null {
  let dir = dirname(path);
  // Two levels are enough: files sit in the meeting folder or in its `Audio Record/` subfolder.
  for (let level = 0; level < 2; level++) {
    if (parseZoomFolderName(basename(dir))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** A folder Zoom has not converted yet holds these; its MP4s do not exist or are incomplete. */
export function isZoomUnconvertedMarker(name: string): boolean {
  return /^double_click_to_convert_.*\.zoom$/i.test(name) || /\.zoom$/i.test(name) || /\.tmp$/i.test(name);
}

interface ClassifiedFile {
  kind: MeetingFile['kind'];
  participant?: string;
  /** Sort key for recording parts: the number Zoom puts in the name. */
  order?: number;
  conf?: true;
}

/** What a file inside a Zoom meeting folder is, from its name (`relPath` is relative to the meeting folder). */
export function classifyZoomLocalFile(relPath: string): ClassifiedFile {
  const name = basename(relPath);
  const lower = name.toLowerCase();
  let m: RegExpExecArray | null;
  if ((m = /^zoom_(\d+)\.mp4$/i.exec(name))) return { kind: 'recording', order: Number(m[1]) };
  if ((m = /^video(\d+)\.mp4$/i.exec(name))) return { kind: 'recording', order: Number(m[1]) };
  if (lower === 'audio_only.m4a') return { kind: 'audio' };
  if (/^audio\d+\.m4a$/i.test(name)) return { kind: 'audio' };
  // `audio<Name><digits>.m4a`: Zoom's "separate audio file for each participant" option.
  if ((m = /^audio(\D.*?)(\d+)\.m4a$/i.exec(name)))
    return { kind: 'participant_audio', participant: humaniseSqueezedName(m[1]!) };
  if (lower === 'playback.m3u' || /^playback\d*\.m3u$/i.test(name)) return { kind: 'playlist' };
  if (lower === 'chat.txt' || lower === 'meeting_saved_chat.txt' || /chat.*\.txt$/i.test(name)) return { kind: 'chat' };
  if (lower === 'recording.conf') return { kind: 'other', conf: true };
  if (/\.vtt$/i.test(name)) return { kind: 'transcript' };
  if (isVideoFile(name)) return { kind: 'recording', order: Number.MAX_SAFE_INTEGER };
  if (isAudioFile(name)) return { kind: 'audio' };
  return { kind: 'other' };
}

export function unconvertedZoomReason(folder: string, marker: string): string {
  return (
    `The Zoom recording "${basename(folder)}" has not been converted yet (found "${marker}"). ` +
    `Open the folder and double-click the .zoom file, or wait for Zoom to finish converting, then import it again.`
  );
}

export interface ZoomLocalInput {
  folder: string;
  files: string[];
  toUtc: LocalTimeToUtc;
  conf: ZoomRecordingConf | null;
}

/** Builds one meeting from the files of one Zoom meeting folder, or refuses all of them with one reason. */
export function buildZoomLocalMeeting(
  input: ZoomLocalInput,
): { meeting: MeetingCandidate } | { refused: RefusedFile[] } {
  const parsed = parseZoomFolderName(basename(input.folder));
  if (!parsed) throw new Error(`not a Zoom meeting folder: ${input.folder}`);
  const marker = input.files.map((f) => basename(f)).find(isZoomUnconvertedMarker);
  if (marker) {
    const reason = unconvertedZoomReason(input.folder, marker);
    return { refused: input.files.map((path) => ({ path, reason })) };
  }

  const classified = input.files.map((path) => ({
    path,
    ...classifyZoomLocalFile(relative(input.folder, path).split(sep).join('/')),
  }));
  const recordings = classified
    .filter((f) => f.kind === 'recording')
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.path.localeCompare(b.path));
  const multiPart = recordings.length > 1;
  const files: MeetingFile[] = classified.map((f) => {
    const file: MeetingFile = { path: f.path, name: basename(f.path), kind: f.kind };
    if (f.participant) file.participant = f.participant;
    if (f.kind === 'recording' && multiPart) file.part = recordings.findIndex((r) => r.path === f.path) + 1;
    return file;
  });

  const mainRecording =
    recordings[0]?.path ??
    classified.find((f) => f.kind === 'audio')?.path ??
    classified.find((f) => f.kind === 'participant_audio')?.path;
  if (!mainRecording) {
    const reason = `The Zoom folder "${basename(input.folder)}" holds no recording (no video or audio file).`;
    return { refused: input.files.map((path) => ({ path, reason })) };
  }

  const conf = input.conf;
  const participants = new Map<string, MeetingParticipant>();
  if (conf?.hostName) participants.set(conf.hostName.toLowerCase(), { name: conf.hostName, role: 'host' });
  for (const name of [...(conf?.participants ?? []), ...files.flatMap((f) => (f.participant ? [f.participant] : []))]) {
    const existing =
      participants.get(name.toLowerCase()) ??
      [...participants.values()].find((p) => squeezed(p.name) === squeezed(name));
    if (!existing) participants.set(name.toLowerCase(), { name, role: 'participant' });
  }

  const recordedAt = input.toUtc(parsed.wall).toISOString();
  const identity = parsed.meetingId ?? slug(parsed.topic);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return {
    meeting: {
      platform: 'zoom',
      title: conf?.topic ?? parsed.topic,
      recordedAt,
      meetingKey: `zoom:${recordedAt}:${identity}`,
      participants: [...participants.values()],
      files: files.sort(byKindThenPart),
      mainRecording,
      localStartClock: `${pad(parsed.wall.hour)}:${pad(parsed.wall.minute)}:${pad(parsed.wall.second)}`,
    },
  };
}

function squeezed(name: string): string {
  return name.replace(/[\s_]+/g, '').toLowerCase();
}

const KIND_ORDER: MeetingFile['kind'][] = [
  'recording',
  'audio',
  'participant_audio',
  'transcript',
  'chat',
  'playlist',
  'other',
];

export function byKindThenPart(a: MeetingFile, b: MeetingFile): number {
  return (
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
    (a.part ?? 0) - (b.part ?? 0) ||
    a.path.localeCompare(b.path)
  );
}
