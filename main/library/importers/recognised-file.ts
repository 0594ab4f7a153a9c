/**
 * A file whose name alone says which meeting it belongs to (Zoom cloud, Teams, Meet downloads). Files with the same
 * `meetingKey` are one meeting, wherever they sit in the selection.
 */
import type { MeetingFileKind, MeetingPlatform } from './types.js';

export interface RecognisedFile {
  platform: Exclude<MeetingPlatform, 'local'>;
  meetingKey: string;
  title: string;
  /** False when the name carries no real title (Zoom cloud's `_Recording`): another file's title is preferred. */
  titleFromName: boolean;
  recordedAt: string;
  kind: MeetingFileKind;
  /** The name to show and store (differs from the path's base name only when the name held a `/`). */
  name: string;
  /** Among recordings of the same meeting, the highest rank becomes the main recording. */
  mainRank: number;
}
