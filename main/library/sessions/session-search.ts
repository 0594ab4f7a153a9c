/**
 * Search and filtered newest-first views over `sessions_search` (migration 0002): pages in recording order by
 * keyset on the search key, bounded totals, transcript hits merged in, and a snippet of where each row matched.
 */
import type { Statement } from 'better-sqlite3';
import type { SessionFilters, SearchSnippet } from '../../../shared/contract/sessions.js';
import type { Db } from '../db.js';
import { searchKeySql } from '../migrations/0002-ordered-search.js';
import { buildWhere, SORTS } from './list-query.js';
import { buildSearchCount, buildSearchPage, searchMatch, searchWords } from './search-query.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';
import { findSnippet } from './snippet.js';

/** Past this many matches a total is answered as "at least this many" (counting more would scan every match). */
export const TOTAL_BOUND = 10_000;
/** `sort=relevance` ranks this many newest matches (ranking all 75k matches of a common word costs ~600 ms). */
export const RELEVANCE_WINDOW = 2_000;
/** More indexed words than this under a typed prefix: FTS5's own prefix query instead of an OR of the words. */
const MAX_EXPANSIONS = 64;

export type SearchRow = SessionRow & { search_key: string };

export interface SearchAnswer {
  rows: SearchRow[];
  total: number;
  lowerBound: boolean;
}

export class SessionSearch {
  readonly #db: Db;
  readonly #cache = new Map<string, Statement>();
  readonly #terms: Statement<[string, string], string>;

  constructor(db: Db) {
    this.#db = db;
    this.#terms = db.prepare('SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?').pluck() as never;
  }

  #stmt(sql: string): Statement {
    let stmt = this.#cache.get(sql);
    if (!stmt) {
      if (this.#cache.size >= 128) this.#cache.delete(this.#cache.keys().next().value as string);
      stmt = this.#db.prepare(sql);
      this.#cache.set(sql, stmt);
    }
    return stmt;
  }

  /** The MATCH text for these filters (null when `q` has no word: then the view has no search part). */
  match(filters: SessionFilters): { match: string; words: string[] } {
    const words = filters.q ? searchWords(filters.q) : [];
    const last = words.at(-1);
    return { match: searchMatch(words, last ? this.#expand(last) : [], filters), words };
  }

  /** Indexed words that start with `prefix`, as FTS tokens; null when there are too many to list. */
  #expand(prefix: string): string[] | null {
    const found = (this.#terms as unknown as Statement<[string, string, number], string>).all(
      prefix,
      `${prefix}\uffff`,
      MAX_EXPANSIONS + 1,
    );
    if (found.length > MAX_EXPANSIONS) return null;
    const tokens = new Set<string>();
    for (const term of found) for (const w of searchWords(term)) if (w.startsWith(prefix)) tokens.add(w);
    return [...tokens];
  }

  /** A page in recording order (keyset on `after`), with text matches and transcript matches merged. */
  page(filters: SessionFilters, page: { limit: number; offset: number; after?: bigint }): SearchAnswer {
    const { match, words } = this.match(filters);
    const ascending = filters.sort === 'recorded_at';
    const q = buildSearchPage(SESSION_COLUMNS, match, filters, { ...page, ascending });
    let rows = this.#stmt(q.sql).all(...q.params) as SearchRow[];
    const count = this.#stmt(buildSearchCount(match, filters, TOTAL_BOUND).sql);
    let total = (count.get(...buildSearchCount(match, filters, TOTAL_BOUND).params) as { n: number }).n;
    if (words.length > 0) {
      const extra = this.#transcriptRows(filters, words, page, ascending);
      if (extra.length > 0) {
        rows = mergeByKey(rows, extra, ascending).slice(0, page.limit);
        total += this.#transcriptOnlyCount(filters, words);
      }
    }
    return { rows, total: Math.min(total, TOTAL_BOUND), lowerBound: total > TOTAL_BOUND };
  }

  /** `sort=relevance`: the best of the newest RELEVANCE_WINDOW text matches, by bm25; paged by offset. */
  relevancePage(filters: SessionFilters, page: { limit: number; offset: number }): SearchAnswer {
    const { match } = this.match(filters);
    const cols = SESSION_COLUMNS.split(',')
      .map((c) => `s.${c.trim()}`)
      .join(', ');
    const rows = this.#stmt(
      `SELECT ${cols}, CAST(m.rowid AS TEXT) AS search_key FROM
         (SELECT rowid, rank FROM sessions_search WHERE sessions_search MATCH ? ORDER BY rowid DESC LIMIT ?) m
       JOIN sessions s ON s.seq = (m.rowid & 1073741823) ORDER BY m.rank, m.rowid DESC LIMIT ? OFFSET ?`,
    ).all(match, RELEVANCE_WINDOW, page.limit, page.offset) as SearchRow[];
    const c = buildSearchCount(match, filters, TOTAL_BOUND);
    const total = (this.#stmt(c.sql).get(...c.params) as { n: number }).n;
    return { rows, total: Math.min(total, TOTAL_BOUND), lowerBound: total > TOTAL_BOUND };
  }

  /**
   * A search sorted by something other than recording time: every match is joined and the top page kept by
   * SQLite's top-N sorter (exact; its cost grows with the number of matches).
   */
  sortedPage(
    filters: SessionFilters,
    page: { limit: number; offset: number; cursor?: { value: string | number; id: string } },
  ): SearchAnswer {
    const { match } = this.match(filters);
    const spec = SORTS[filters.sort];
    const cols = SESSION_COLUMNS.split(',')
      .map((c) => `s.${c.trim()}`)
      .join(', ');
    const expr = spec.expr.replace(/\b(duration|size|title|created_at|recorded_at)\b/g, 's.$1');
    const dir = spec.desc ? 'DESC' : 'ASC';
    const params: (string | number)[] = [match];
    let keyset = '';
    if (page.cursor) {
      keyset = ` AND (${expr}, s.id) ${spec.desc ? '<' : '>'} (?, ?)`;
      params.push(page.cursor.value, page.cursor.id);
    }
    const range = this.#rangeClauses(filters);
    params.push(...range.params, page.limit, page.cursor ? 0 : page.offset);
    const rows = this.#stmt(
      `SELECT ${cols}, CAST(f.rowid AS TEXT) AS search_key FROM sessions_search f
       JOIN sessions s ON s.seq = (f.rowid & 1073741823) WHERE sessions_search MATCH ?${keyset}${range.sql}
       ORDER BY ${expr} ${dir}, s.id ${dir} LIMIT ? OFFSET ?`,
    ).all(...params) as SearchRow[];
    const c = buildSearchCount(match, filters, TOTAL_BOUND);
    const total = (this.#stmt(c.sql).get(...c.params) as { n: number }).n;
    return { rows, total: Math.min(total, TOTAL_BOUND), lowerBound: total > TOTAL_BOUND };
  }

  #rangeClauses(filters: SessionFilters): { sql: string; params: (string | number)[] } {
    const where = buildWhere({ ...filters, q: undefined });
    const extra = where.clauses.filter((c) => c.startsWith('recorded_at'));
    const params = where.params.slice(where.params.length - extra.length);
    return { sql: extra.map((c) => ` AND s.${c}`).join(''), params };
  }

  /** Sessions whose transcript matches (not their title/client/participants), in recording order. */
  #transcriptRows(
    filters: SessionFilters,
    words: string[],
    page: { limit: number; offset: number; after?: bigint },
    ascending: boolean,
  ): SearchRow[] {
    const where = buildWhere({ ...filters, q: undefined });
    const key = searchKeySql('sessions');
    const params: (string | number | bigint)[] = [transcriptMatch(words), ...where.params];
    let keyset = '';
    if (page.after !== undefined) {
      keyset = ` AND ${key} ${ascending ? '>' : '<'} ?`;
      params.push(page.after);
    }
    params.push(page.limit + (page.after === undefined ? page.offset : 0));
    return this.#stmt(
      `SELECT ${SESSION_COLUMNS}, CAST(${key} AS TEXT) AS search_key FROM sessions
       WHERE id IN (SELECT g.session_id FROM transcript_fts JOIN transcript_segments g ON g.id = transcript_fts.rowid
                    WHERE transcript_fts MATCH ?) AND ${where.clauses.join(' AND ')}${keyset}
       ORDER BY ${key} ${ascending ? 'ASC' : 'DESC'} LIMIT ?`,
    ).all(...params) as SearchRow[];
  }

  #transcriptOnlyCount(filters: SessionFilters, words: string[]): number {
    const where = buildWhere({ ...filters, q: undefined });
    const { match } = this.match(filters);
    return (
      this.#stmt(
        `SELECT COUNT(*) AS n FROM sessions
         WHERE id IN (SELECT g.session_id FROM transcript_fts JOIN transcript_segments g ON g.id = transcript_fts.rowid
                      WHERE transcript_fts MATCH ?) AND ${where.clauses.join(' AND ')}
           AND NOT EXISTS (SELECT 1 FROM sessions_search WHERE sessions_search MATCH ? AND rowid = ${searchKeySql('sessions')})`,
      ).get(transcriptMatch(words), ...where.params, match) as { n: number }
    ).n;
  }

  /** Where each row matched: title, client, a participant, else the first matching transcript line. */
  snippets(rows: SessionRow[], q: string): Map<string, SearchSnippet> {
    const words = searchWords(q);
    const out = new Map<string, SearchSnippet>();
    if (words.length === 0) return out;
    const segment = this.#stmt(
      `SELECT g.start_s AS t, g.text AS text FROM transcript_fts JOIN transcript_segments g ON g.id = transcript_fts.rowid
       WHERE transcript_fts MATCH ? AND g.session_id = ? ORDER BY g.start_s LIMIT 1`,
    );
    for (const r of rows) {
      const found =
        findSnippet('title', r.title, words) ??
        findSnippet('client', r.client, words) ??
        findSnippet('participant', r.participants_text, words);
      if (found) {
        out.set(r.id, found);
        continue;
      }
      const line = segment.get(transcriptAnyMatch(words), r.id) as { t: number; text: string } | undefined;
      if (line) out.set(r.id, { ...(findSnippet('transcript', line.text, words) ?? plain(line.text)), t: line.t });
    }
    return out;
  }
}

function plain(text: string): SearchSnippet {
  return { field: 'transcript', text: text.slice(0, 160), highlights: [], t: null };
}

/** Every word in one transcript line, the last as a prefix (the old list's transcript rule). */
function transcriptMatch(words: string[]): string {
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' ');
}

/** Any word, for finding the line to show. */
function transcriptAnyMatch(words: string[]): string {
  return words.map((w, i) => `"${w}"${i === words.length - 1 ? '*' : ''}`).join(' OR ');
}

function mergeByKey(a: SearchRow[], b: SearchRow[], ascending: boolean): SearchRow[] {
  const seen = new Set(a.map((r) => r.id));
  const all = [...a, ...b.filter((r) => !seen.has(r.id))];
  return all.sort((x, y) => {
    const d = BigInt(x.search_key) - BigInt(y.search_key);
    const c = d === 0n ? 0 : d > 0n ? 1 : -1;
    return ascending ? c : -c;
  });
}
