/**
 * A session's notes and transcript as files a coach keeps or shares: Markdown (title, date, client, notes with
 * their times, then the transcript by speaker) and WebVTT (the transcript as subtitles). Pure, so unit-tested.
 */
import type { Marker, Session } from '../../../shared/contract/index.js';

/** A transcript line as the review holds it (structural: this file stays free of the review's hooks). */
export interface TranscriptSegment {
  start: number;
  end: number;
  speaker: string | null;
  text: string;
}

function clock(t: number): string {
  const s = Math.max(0, Math.floor(t));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function vttTime(t: number): string {
  const ms = Math.max(0, Math.round(t * 1000));
  const hh = String(Math.floor(ms / 3_600_000)).padStart(2, '0');
  const mm = String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0');
  const ss = String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0');
  return `${hh}:${mm}:${ss}.${String(ms % 1000).padStart(3, '0')}`;
}

export function reviewMarkdown(session: Session, markers: readonly Marker[], segments: readonly TranscriptSegment[]) {
  const lines = [`# ${session.title}`, ''];
  lines.push(`- Client: ${session.client || '—'}`, `- Recorded: ${session.recorded_at.slice(0, 16).replace('T', ' ')}`);
  if (session.participants.length > 0)
    lines.push(`- Participants: ${session.participants.map((p) => p.name).join(', ')}`);
  if (session.tags.length > 0) lines.push(`- Tags: ${session.tags.join(', ')}`);
  lines.push('', '## Notes', '');
  const timed = [...markers].sort((a, b) => (a.t ?? Infinity) - (b.t ?? Infinity));
  if (timed.length === 0) lines.push('_No notes._');
  for (const m of timed) {
    const at = m.t === null ? '' : `**${clock(m.t)}** `;
    lines.push(`- ${at}${m.author ? `${m.author}: ` : ''}${m.text.replace(/\n+/g, ' ')}`);
  }
  lines.push('', '## Transcript', '');
  if (segments.length === 0) lines.push('_No transcript._');
  for (const s of segments) lines.push(`**${clock(s.start)}** ${s.speaker ? `${s.speaker}: ` : ''}${s.text}  `);
  return `${lines.join('\n')}\n`;
}

export function transcriptVtt(segments: readonly TranscriptSegment[]): string {
  const cues = segments.map(
    (s, i) =>
      `${i + 1}\n${vttTime(s.start)} --> ${vttTime(Math.max(s.end, s.start + 0.001))}\n${s.speaker ? `<v ${s.speaker}>` : ''}${s.text}\n`,
  );
  return `WEBVTT\n\n${cues.join('\n')}`;
}

/** A file name from the title: letters, digits, spaces and dashes only. */
export function exportFileName(title: string, extension: string): string {
  const base =
    title
      .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 80) || 'session';
  return `${base}.${extension}`;
}
