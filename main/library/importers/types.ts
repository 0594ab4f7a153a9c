/**
 * What the recognisers produce: one candidate per meeting, ready for the import service to copy and register.
 * Pure data (no SQLite, no HTTP) so the shapes can be tested on names alone.
 */
export type MeetingPlatform = 'zoom' | 'teams' | 'meet' | 'local';

export type MeetingFileKind =
  'recording' | 'audio' | 'participant_audio' | 'transcript' | 'chat' | 'playlist' | 'other';

export interface MeetingFile {
  path: string;
  name: string;
  kind: MeetingFileKind;
  /** For `participant_audio`: the participant's display name. */
  participant?: string;
  /** For recordings split into several files (Zoom pause/resume): 1-based order of the part. */
  part?: number;
}

export interface MeetingParticipant {
  name: string;
  role: 'host' | 'participant';
}

export interface MeetingCandidate {
  platform: MeetingPlatform;
  title: string;
  /** ISO-8601 UTC. */
  recordedAt: string;
  /**
   * Stable identity of the meeting (platform + start + title or meeting id), the same every time the same
   * recording is seen, so the import service can refuse to import a meeting twice.
   */
  meetingKey: string;
  participants: MeetingParticipant[];
  files: MeetingFile[];
  /** Path of the file that is the session's recording (the first video part, else the mixed audio). */
  mainRecording: string;
  /**
   * Zoom local folders only: wall-clock start `HH:MM:SS` from the folder name. Zoom's local chat files stamp
   * messages with the wall clock, so the chat parser needs it to turn them into offsets from the start.
   */
  localStartClock?: string;
}

export interface RefusedFile {
  path: string;
  reason: string;
}

export interface GroupingResult {
  meetings: MeetingCandidate[];
  refused: RefusedFile[];
}

/** Local wall time as written in a file or folder name (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}
