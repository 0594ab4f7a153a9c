export interface TranscriptSegment {
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  speaker: string | null;
  text: string;
}

export interface ChatMessage {
  /** Seconds from the start of the recording, or null when it cannot be known (or was before the start). */
  t_seconds_from_start: number | null;
  /** The `HH:MM:SS` stamp as written in the file. */
  clock: string;
  author: string;
  /** `Everyone`, a person's name for a direct message, or null when the file does not say. */
  recipient: string | null;
  text: string;
}
