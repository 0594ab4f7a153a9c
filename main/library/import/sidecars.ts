/** Transcripts and chat files that come with a meeting, read into transcript segments, speakers and chat notes. */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { MeetingCandidate, MeetingFile } from '../importers/types.js';
import { parseMeetTranscriptText } from '../transcripts/meet-transcript-text.js';
import type { TranscriptSegment } from '../transcripts/types.js';
import { parseWebVtt, speakersOf } from '../transcripts/webvtt.js';
import { parseZoomChat } from '../transcripts/zoom-chat.js';

export interface Sidecars {
  segments: TranscriptSegment[];
  speakers: string[];
  chat: { t: number | null; author: string; text: string }[];
  /** Files we keep but cannot read (e.g. a .docx transcript), or could not parse. */
  problems: string[];
}

/** `files` are the meeting's files with `path` pointing at the stored copy (or the original, for in-place). */
export async function readSidecars(meeting: MeetingCandidate, files: MeetingFile[]): Promise<Sidecars> {
  const out: Sidecars = { segments: [], speakers: [], chat: [], problems: [] };
  for (const file of files) {
    try {
      if (file.kind === 'transcript') {
        const ext = extname(file.name).toLowerCase();
        if (ext === '.vtt') out.segments.push(...parseWebVtt(await readFile(file.path, 'utf8')));
        else if (ext === '.txt') out.segments.push(...parseMeetTranscriptText(await readFile(file.path, 'utf8')));
        else out.problems.push(`${file.name}: kept as a file (this transcript format is not searchable yet)`);
      } else if (file.kind === 'chat') {
        const messages = parseZoomChat(await readFile(file.path, 'utf8'), { startClock: meeting.localStartClock });
        out.chat.push(...messages.map((m) => ({ t: m.t_seconds_from_start, author: m.author, text: m.text })));
      }
    } catch (error) {
      out.problems.push(`${file.name}: could not be read (${(error as Error).message})`);
    }
  }
  out.segments.sort((a, b) => a.start - b.start);
  out.speakers = speakersOf(out.segments);
  return out;
}
