/**
 * Search and filtered newest-first views over `sessions_search` (migration 0002): pages in recording order by
 * keyset on the search key, bounded totals, transcript hits merged in, and a snippet of where each row matched.
 */
import type { Statement } from 'better-sqlite3';
import type { SessionFilters, SearchSnippet } from '../../../shared/contract/sessions.js';
import type { Db } from '../../db/index.js';
import { searchKeySql } from '../../db/index.js';
import { buildWhere, SORTS } from './list-query.js';
import { buildSearchCount, buildSearchPage, searchMatch, searchWords } from './search-query.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';
import { findSnippet } from './snippet.js';
import { SortedSearch } from './sorted-search-repository.js';

/** Past this many matches a total is answered as "at least this many" (counting more would scan every match). */
export const TOTAL_BOUND = 10_000;
/** `sort=relevance` ranks this many newest matches (bm25 over all 75k matches of a common word costs ~600 ms). */
export const RELEVANCE_WINDOW = 500;
/** Matches counted by the first step of a bounded count (later steps double), and the time after which it stops. */
const FIRST_COUNT_CHUNK = 500;
const COUNT_BUDGET_MS = 4;
/** A dated sorted search with at most this many matches in its range sorts them all (cheaper than a walk). */
const COLLECT_MAX = 2_000;
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
  #sorted: SortedSearch | undefined;

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
    const counted = this.#total(match, filters);
    let total = counted.total;
    if (words.length > 0) {
      const extra = this.#transcriptRows(filters, words, page, ascending);
      if (extra.length > 0) {
        rows = mergeByKey(rows, extra, ascending).slice(0, page.limit);
        total += this.#transcriptOnlyCount(filters, words);
      }
    }
    return { rows, total: Math.min(total, TOTAL_BOUND), lowerBound: counted.lowerBound || total > TOTAL_BOUND };
  }

  /**
   * `sort=relevance`: the newest RELEVANCE_WINDOW text matches ranked by where they matched (title, then client,
   * then participants; whole words above prefixes), newest first among equals; paged by offset.
   */
  relevancePage(filters: SessionFilters, page: { limit: number; offset: number }): SearchAnswer {
    const { match, words } = this.match(filters);
    const window = this.#stmt(
      `SELECT ${prefixed('s')}, CAST(f.rowid AS TEXT) AS search_key FROM sessions_search f
       JOIN sessions s ON s.seq = (f.rowid & 1073741823) WHERE sessions_search MATCH ? ORDER BY f.rowid DESC LIMIT ?`,
    ).all(match, RELEVANCE_WINDOW) as SearchRow[];
    const scored = window.map((row, order) => ({ row, order, score: relevance(row, words) }));
    scored.sort((x, y) => y.score - x.score || x.order - y.order);
    const rows = scored.slice(page.offset, page.offset + page.limit).map((x) => x.row);
    return { rows, ...this.#total(match, filters) };
  }

  /**
   * A search (or a client-filtered view) sorted by something other than recording time: read in order from the
   * sort's ordered index (migration 0011), never sorting its matches. A date range is not part of those indexes,
   * so a dated view with at most COLLECT_MAX matches in its range sorts them instead (found by search-key range).
   * Transcript-only matches are not part of a sorted search.
   */
  sortedPage(
    filters: SessionFilters,
    page: { limit: number; offset: number; cursor?: { value: string | number; id: string } },
  ): SearchAnswer {
    const { match } = this.match(filters);
    const total = this.#total(match, filters);
    const dated = Boolean(filters.from || filters.to);
    if (!dated || total.lowerBound || total.total > COLLECT_MAX) {
      return { rows: (this.#sorted ??= new SortedSearch(this.#db)).page(match, filters, page), ...total };
    }
    const spec = SORTS[filters.sort];
    const dir = spec.desc ? 'DESC' : 'ASC';
    const q = buildSearchPage(SESSION_COLUMNS, match, filters, { limit: -1, offset: 0, ascending: false });
    const params: (string | number | bigint)[] = [...q.params.slice(0, -1)];
    let keyset = '';
    if (page.cursor) {
      keyset = ` WHERE (${spec.expr}, id) ${spec.desc ? '<' : '>'} (?, ?)`;
      params.push(page.cursor.value, page.cursor.id);
    }
    params.push(page.limit, page.cursor ? 0 : page.offset);
    // The matches in the range, by search-key range (no walk over other dates), sorted whole: at most COLLECT_MAX.
    const inner = q.sql.replace(/ ORDER BY f\.rowid DESC LIMIT \?$/, '');
    const rows = this.#stmt(
      `SELECT * FROM (${inner})${keyset} ORDER BY ${spec.expr} ${dir}, id ${dir} LIMIT ? OFFSET ?`,
    ).all(...params) as SearchRow[];
    return { rows, ...total };
  }

  /**
   * Exact up to TOTAL_BOUND when that is cheap, else a floor: matches are counted in chunks (newest first), and
   * counting stops at TOTAL_BOUND + 1 or once COUNT_BUDGET_MS is spent. A word ANDed with dense facets
   * (`q=leadership&platform=teams&status_filter=ready`) makes FTS5 step through most of the library's facet
   * doclists to find 10,000 matches (~40 ms at 1M); the floor keeps such a page within its budget.
   */
  #total(match: string, filters: SessionFilters): { total: number; lowerBound: boolean } {
    const deadline = performance.now() + COUNT_BUDGET_MS;
    let n = 0;
    let before: bigint | undefined;
    let step = FIRST_COUNT_CHUNK;
    for (; ; step *= 2) {
      const chunk = Math.min(step, TOTAL_BOUND + 1 - n);
      const c = buildSearchCount(match, filters, chunk, before);
      const got = this.#stmt(c.sql).get(...c.params) as { n: number; last: string | null };
      n += got.n;
      if (got.n < chunk) return { total: n, lowerBound: false };
      if (n > TOTAL_BOUND) return { total: TOTAL_BOUND, lowerBound: true };
      if (performance.now() > deadline) return { total: n, lowerBound: true };
      before = BigInt(got.last!);
    }
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

function prefixed(alias: string): string {
  return SESSION_COLUMNS.split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');
}

/** Relevance of a row: title matches weigh most, then client, then participants; a whole word beats a prefix. */
function relevance(row: SessionRow, words: string[]): number {
  const fields: [string, number][] = [
    [row.title, 4],
    [row.client, 3],
    [row.participants_text, 2],
  ];
  let score = 0;
  for (const [text, weight] of fields) {
    const tokens = searchWords(text);
    for (const w of words) {
      if (tokens.includes(w)) score += weight * 2;
      else if (tokens.some((t) => t.startsWith(w))) score += weight;
    }
  }
  return score;
}
