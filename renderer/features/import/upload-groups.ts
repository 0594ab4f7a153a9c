/**
 * How picked or dropped files will be imported, shown before they are sent: each recording is one session, and a
 * `.vtt`/`.srt` of the same name (Zoom's `.transcript.vtt` too) or a chat file named after it goes with it. Each
 * group is sent as one upload, which the server groups the same way (a folder import's rules). A Teams pair
 * (`…-Meeting Recording.mp4` and `…-Meeting Transcript.vtt`) goes together by the shared Teams name rule, titled
 * with the meeting's subject. Files that belong
 * to no recording are not sent, and the dialog says why.
 */
import {
  AUDIO_EXTENSIONS,
  extensionOf,
  teamsMeeting,
  TRANSCRIPT_SIDECAR_EXTENSIONS,
  VIDEO_EXTENSIONS,
} from '../../../shared/contract/media-files.js';

export interface UploadGroup<F extends { name: string }> {
  /** The recording: the session's video or audio. */
  recording: F;
  /** What the session will be called: the meeting's subject for a Teams download, else the file name. */
  title: string;
  /** Files that go with it (transcript, chat). */
  extras: { file: F; role: 'transcript' | 'chat' }[];
}

export interface UploadPlan<F extends { name: string }> {
  groups: UploadGroup<F>[];
  strays: { file: F; reason: string }[];
}

export const STRAY_UPLOAD_REASON = 'not a recording, and no recording of the same name was chosen with it.';

const stem = (name: string) => {
  const ext = extensionOf(name);
  return (ext ? name.slice(0, -ext.length) : name).toLowerCase();
};
const isRecording = (name: string) => {
  const ext = extensionOf(name);
  return VIDEO_EXTENSIONS.has(ext) || AUDIO_EXTENSIONS.has(ext);
};

export function planUploads<F extends { name: string }>(files: readonly F[]): UploadPlan<F> {
  const groups: UploadGroup<F>[] = files
    .filter((f) => isRecording(f.name))
    .map((recording) => ({ recording, title: teamsMeeting(recording.name)?.subject ?? recording.name, extras: [] }));
  // The longest matching recording name wins ("call" and "call 2" both prefix "call 2.vtt").
  const byStem = [...groups].sort((a, b) => stem(b.recording.name).length - stem(a.recording.name).length);
  const strays: UploadPlan<F>['strays'] = [];
  for (const file of files) {
    if (isRecording(file.name)) continue;
    const ext = extensionOf(file.name);
    const own = stem(file.name);
    let group: UploadGroup<F> | undefined;
    let role: 'transcript' | 'chat' | null = null;
    if (TRANSCRIPT_SIDECAR_EXTENSIONS.has(ext)) {
      const bare = own.replace(/\.transcript$/, '');
      const meeting = teamsMeeting(file.name)?.key;
      const same = (g: UploadGroup<F>) =>
        meeting ? teamsMeeting(g.recording.name)?.key === meeting : stem(g.recording.name) === bare;
      group = byStem.find((g) => same(g) && !g.extras.some((x) => x.role === 'transcript'));
      role = 'transcript';
    } else if (ext === '.txt') {
      // Zoom cloud and Meet name the chat after the recording ("…_RecordingnewChat.txt").
      group = byStem.find((g) => own.startsWith(stem(g.recording.name)));
      role = 'chat';
    }
    if (group && role) group.extras.push({ file, role });
    else strays.push({ file, reason: STRAY_UPLOAD_REASON });
  }
  return { groups, strays };
}

/** The files of one group in the order they are sent: the recording first. */
export function groupFiles<F extends { name: string }>(group: UploadGroup<F>): F[] {
  return [group.recording, ...group.extras.map((x) => x.file)];
}
