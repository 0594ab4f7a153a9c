/**
 * The part of a search snippet the Match column shows: a narrow cell cuts its end (CSS ellipsis), so the start is
 * moved up to a few words before the first matched word, with "…" in front. The matched word is then always in
 * view, with a little context either side. Pure, so it is unit-tested.
 */
import type { SearchSnippet } from '../../../shared/contract/index.js';

/** Characters of context kept before the first match (cut back to a word start). */
export const CONTEXT_BEFORE = 12;

export function snippetWindow(
  snippet: Pick<SearchSnippet, 'text' | 'highlights'>,
  before = CONTEXT_BEFORE,
): { text: string; highlights: [number, number][] } {
  const first = snippet.highlights[0];
  const text = snippet.text;
  if (!first || first[0] <= before + 1) return { text, highlights: snippet.highlights.map(([s, e]) => [s, e]) };
  // Start at the first word boundary at most `before` characters before the match.
  let start = first[0] - before;
  while (start < first[0] && /[\p{L}\p{N}_]/u.test(text[start - 1] ?? '')) start += 1;
  while (start < first[0] && /\s/u.test(text[start] ?? '')) start += 1;
  const shown = '…' + text.slice(start);
  const shift = 1 - start;
  return {
    text: shown,
    highlights: snippet.highlights.filter(([s]) => s >= start).map(([s, e]) => [s + shift, e + shift]),
  };
}
