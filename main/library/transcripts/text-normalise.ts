/** Text clean-up shared by the transcript and chat parsers. */

/** Removes a UTF-8 BOM and turns CRLF / CR line ends into LF. */
export function normaliseLines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: '\u00a0',
  lrm: '\u200e',
  rlm: '\u200f',
  quot: '"',
  apos: "'",
};

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1]?.toLowerCase() === 'x' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[body.toLowerCase()] ?? whole;
  });
}

/** `hh:mm:ss.mmm`, `mm:ss.mmm` (also with `,` as in SRT) → seconds; null when it is not a timestamp. */
export function parseTimestamp(stamp: string): number | null {
  const m = /^(?:(\d+):)?([0-5]?\d):([0-5]\d)(?:[.,](\d{1,3}))?$/.exec(stamp.trim());
  if (!m) return null;
  const [, h, mi, s, ms] = m;
  // Whole milliseconds first, one division last: 4.794 stays 4.794, not 4.7940000000000005.
  const millis = (Number(h ?? 0) * 3600 + Number(mi) * 60 + Number(s)) * 1000 + (ms ? Number(ms.padEnd(3, '0')) : 0);
  return millis / 1000;
}

const NAME_PARTICLES = new Set([
  'van',
  'von',
  'de',
  'da',
  'di',
  'del',
  'der',
  'den',
  'la',
  'le',
  'du',
  'al',
  'el',
  'bin',
  'ibn',
  'ter',
  'zu',
]);

/**
 * Zoom writes a speaker as `Name: text`. A colon alone is not enough (`Note: bring the plan`), so a speaker name is
 * at most 60 characters and 6 words, starts with a letter, holds no sentence punctuation, and reads like a name:
 * at most one of its words starts in lower case, not counting particles such as `van` or `de`
 * (`We agreed on this: …` is a sentence, `kim: …` and `Coach kim: …` are names).
 */
export function splitSpeakerPrefix(text: string): { speaker: string; text: string } | null {
  const m = /^([\p{L}][^:.!?\n]{0,59}?):[ \t]+(\S[\s\S]*)$/u.exec(text);
  if (!m) return null;
  const speaker = m[1]!.trim();
  const words = speaker.split(/\s+/);
  if (words.length > 6) return null;
  const lowerWords = words.filter((w) => /^\p{Ll}/u.test(w) && !NAME_PARTICLES.has(w));
  if (lowerWords.length > 1) return null;
  return { speaker, text: m[2]!.trim() };
}
