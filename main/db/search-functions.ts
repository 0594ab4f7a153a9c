/**
 * SQL functions the search triggers call (migration 0020), registered on every library connection before it is
 * migrated or written: words folded as the FTS tokenizer folds them (lower case, diacritics removed), so the
 * prefix vocabulary (`search_terms`) holds "muller" for "Müller" and a typed "Mül" or "Mul" finds it.
 */
import type Database from 'better-sqlite3';

const ASCII = /^[ -~]*$/;

/** Words of a text as the FTS tokenizer sees them (unicode61 remove_diacritics 2: lower case, accents removed). */
export function foldWords(text: string): string[] {
  const lower = text.toLowerCase();
  // ASCII has no accents to remove: skip the (comparatively slow) Unicode normalisation.
  const folded = ASCII.test(lower) ? lower : lower.normalize('NFD').replace(/\p{M}/gu, '');
  // unicode61's token characters: letters, numbers and private-use characters; everything else separates.
  return folded.match(/[\p{L}\p{N}\p{Co}]+/gu) ?? [];
}

/** The distinct folded words of a text, space-separated (what `sessions.transcript_words` holds). */
export function distinctWords(text: string): string {
  return [...new Set(foldWords(text))].join(' ');
}

export function registerSearchFunctions(db: Database.Database): void {
  // JSON array of the distinct folded words of the text (for json_each in the triggers).
  db.function('search_words', { deterministic: true }, (text: unknown) =>
    JSON.stringify(typeof text === 'string' ? [...new Set(foldWords(text))] : []),
  );
  db.function('distinct_words', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? distinctWords(text) : '',
  );
}
