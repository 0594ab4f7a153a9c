/**
 * WebVTT → segments, forgiving about what real exports contain: a BOM, CRLF line ends, cue identifiers, `NOTE`,
 * `STYLE` and `REGION` blocks, `mm:ss.mmm` stamps, cue settings after the times, multi-line cues and HTML-ish tags.
 * Speakers come from Teams' voice tags (`<v Jane Doe>text</v>`) or Zoom's `Jane Doe: text` prefix.
 * A file without the `WEBVTT` header is still read (some tools drop it); a cue with broken times is skipped.
 */
import { decodeHtmlEntities, normaliseLines, parseTimestamp, splitSpeakerPrefix } from './text-normalise.js';
import type { TranscriptSegment } from './types.js';

const TIMING = /^\s*(\S+)\s+-->\s+(\S+)/;

export function parseWebVtt(input: string): TranscriptSegment[] {
  const blocks = normaliseLines(input).split(/\n[ \t]*\n+/);
  const segments: TranscriptSegment[] = [];
  for (const [index, block] of blocks.entries()) {
    const lines = block.split('\n').filter((line, i) => i > 0 || line.trim() !== '');
    if (lines.length === 0) continue;
    const head = lines[0]!;
    if (index === 0 && /^WEBVTT(\s|$)/.test(head) && !lines.some((l) => TIMING.test(l))) continue;
    if (/^(NOTE|STYLE|REGION)(\s|$)/.test(head)) continue;
    const timingAt = lines.findIndex((l) => TIMING.test(l));
    if (timingAt < 0 || timingAt > 1 + (index === 0 && /^WEBVTT/.test(head) ? 1 : 0)) continue;
    const [, from, to] = TIMING.exec(lines[timingAt]!)!;
    const start = parseTimestamp(from!);
    const end = parseTimestamp(to!);
    if (start === null || end === null) continue;
    const cue = cueText(lines.slice(timingAt + 1).join('\n'));
    if (cue.text) segments.push({ start, end, speaker: cue.speaker, text: cue.text });
  }
  return segments;
}

function cueText(payload: string): { speaker: string | null; text: string } {
  const voice = /<v(?:\.[\w.-]+)?[ \t]+([^>]+)>/.exec(payload);
  const plain = decodeHtmlEntities(payload.replace(/<[^>]*>/g, ''))
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join('\n');
  if (voice) return { speaker: decodeHtmlEntities(voice[1]!.trim()), text: plain };
  const prefixed = splitSpeakerPrefix(plain);
  return prefixed ?? { speaker: null, text: plain };
}

/** Distinct speakers in order of first appearance: they become the session's participants. */
export function speakersOf(segments: readonly TranscriptSegment[]): string[] {
  return [...new Set(segments.flatMap((s) => (s.speaker ? [s.speaker] : [])))];
}
