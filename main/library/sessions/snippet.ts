/** A short excerpt of the text where a search matched, with the matched words' positions (never HTML). */
import type { SearchSnippet } from '../../../shared/contract/sessions.js';

const CONTEXT = 60;

/** Folds a character as the FTS tokenizer does (lower case, accents removed), one code point at a time. */
function fold(ch: string): string {
  return ch.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');
}

const ASCII = /^\w*$/; // a token is letters, digits and _: ASCII ones match \w

/**
 * A token folded as the tokenizer does. ASCII (most transcript words) only needs lower case: folding character by
 * character (normalize + a regex each) was most of a title-sorted `q=meeting` page, whose rows match in transcripts.
 */
function foldToken(token: string): string {
  return ASCII.test(token) ? token.toLowerCase() : [...token].map(fold).join('');
}

/**
 * The matched words of `text`: a word matches when it equals a query word, or starts with the last query word
 * (search as you type). Null when nothing in `text` matches.
 */
export function findSnippet(field: SearchSnippet['field'], text: string, words: string[]): SearchSnippet | null {
  const highlights: [number, number][] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}_]+/gu)) {
    const token = foldToken(m[0]);
    const hit = words.some((w, i) => token === w || (i === words.length - 1 && token.startsWith(w)));
    if (hit) highlights.push([m.index, m.index + m[0].length]);
  }
  if (highlights.length === 0) return null;
  const start = Math.max(0, highlights[0]![0] - CONTEXT);
  const end = Math.min(text.length, highlights[0]![1] + CONTEXT * 2);
  const prefix = start > 0 ? '…' : '';
  const excerpt = prefix + text.slice(start, end) + (end < text.length ? '…' : '');
  const shift = prefix.length - start;
  return {
    field,
    text: excerpt,
    highlights: highlights.filter(([, e]) => e <= end).map(([s, e]) => [s + shift, e + shift]),
    t: null,
  };
}
