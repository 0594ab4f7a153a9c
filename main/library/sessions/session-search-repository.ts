/**
 * Search and filtered newest-first views over `sessions_search` (migration 0002): pages in recording order by
 * keyset on the search key, bounded totals, and a snippet of where each row matched (title, client, participants,
 * tags and transcript words are all in the index: migration 0020).
 */
import type { Statement } from 'better-sqlite3';
import type { SessionFilters, SearchSnippet } from '../../../shared/contract/sessions.js';
import type { LibraryDb } from '../../db/index.js';
import { LibraryVersion, StatementCache } from '../../db/index.js';
import { FTS_ANCHOR_STEP, FtsPositions } from './fts-positions-store.js';
import { VersionedCache } from './versioned-cache.js';
import {
  buildSearchCount,
  buildSearchPage,
  buildSearchSeqs,
  facetTerms,
  keyRange,
  rowidBounds,
  searchMatch,
  searchWords,
} from './search-query.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';
import { findSnippet } from './snippet.js';
import { SortedSearch } from './sorted-search-repository.js';
import { SortedWalk } from './sorted-walk-repository.js';

/** Past this many matches a total is answered as "at least this many" (counting more would scan every match). */
export const TOTAL_BOUND = 10_000;
/** `sort=relevance` ranks this many newest matches (bm25 over all 75k matches of a common word costs ~600 ms). */
export const RELEVANCE_WINDOW = 500;
/** The bound of a search combined with two or more facet filters (see totalBound). */
export const SMALL_TOTAL_BOUND = 2_000;
/** Rows a dated sorted search rechecks before it lists its range's matches instead (the range is sparse). */
const DENSE_WALK_READS = 1_000;
/** A dated sorted search with at most this many matches in its range sorts them all (cheaper than a walk). */
const COLLECT_MAX = 2_000;
/** More indexed words than this under a typed prefix: FTS5's own prefix query instead of an OR of the words. */
const MAX_EXPANSIONS = 64;

export type SearchRow = SessionRow & { search_key: string };

/** A bounded count of a view's matches; with `seqs`, which rows they are (all of them, newest first). */
interface Scan {
  total: number;
  lowerBound: boolean;
  seqs?: number[];
}

export interface SearchAnswer {
  rows: SearchRow[];
  total: number;
  lowerBound: boolean;
}

export class SessionSearch {
  readonly #cache: StatementCache;
  readonly #terms: Statement<[string, string], string>;
  readonly #positions: FtsPositions;
  readonly #scans: VersionedCache<Scan>;
  readonly #sorted: SortedSearch;
  readonly #walk: SortedWalk;

  constructor(db: LibraryDb) {
    this.#cache = new StatementCache(db, { size: 128 });
    const version = new LibraryVersion(db);
    this.#positions = new FtsPositions(db, version);
    // A coach paging or scrolling through a search asks for the same total with every page: counted once.
    this.#scans = new VersionedCache(version, 64);
    this.#sorted = new SortedSearch(db, this.#positions);
    this.#walk = new SortedWalk(db);
    this.#terms = db.prepare('SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?').pluck() as never;
  }

  #stmt(sql: string): Statement {
    return this.#cache.get(sql);
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
    const { match } = this.match(filters);
    const ascending = filters.sort === 'recorded_at';
    let start: bigint | undefined;
    if (page.after === undefined && page.offset > 0) {
      const range = keyRange(filters);
      const walk = { table: 'sessions_search', match, desc: !ascending, min: range.min, max: range.max };
      start = this.#positions.rowidAt(walk, page.offset);
    }
    const q = buildSearchPage(SESSION_COLUMNS, match, filters, { ...page, start, ascending });
    const rows =
      page.after === undefined && page.offset > 0 && start === undefined
        ? []
        : (this.#stmt(q.sql).all(...q.params) as SearchRow[]);
    // A page found at or past the bound proves the bound: nothing to count.
    const bound = totalBound(filters);
    if (rows.length > 0 && page.after === undefined && page.offset >= bound)
      return { rows, total: bound, lowerBound: true };
    return { rows, ...this.#total(match, filters) };
  }

  /**
   * `sort=relevance`: the newest RELEVANCE_WINDOW matches ranked by where they matched (title, then client, then
   * participants; whole words above prefixes), newest first among equals, then every older match newest first:
   * the same sessions as any other sort, paged by offset.
   */
  relevancePage(filters: SessionFilters, page: { limit: number; offset: number }): SearchAnswer {
    const { match, words } = this.match(filters);
    const total = this.#total(match, filters);
    const rows: SearchRow[] = [];
    if (page.offset < RELEVANCE_WINDOW) {
      // The view's newest matches, within its date range (the window once ignored from/to).
      const q = buildSearchPage(SESSION_COLUMNS, match, filters, { limit: RELEVANCE_WINDOW, ascending: false });
      const window = this.#stmt(q.sql).all(...q.params) as SearchRow[];
      const scored = window.map((row, order) => ({ row, order, score: relevance(row, words) }));
      scored.sort((x, y) => y.score - x.score || x.order - y.order);
      rows.push(...scored.slice(page.offset, page.offset + page.limit).map((x) => x.row));
    }
    const rest = page.limit - rows.length;
    if (rest > 0) {
      // Past the window, relevance order is recording order: the same rows `-recorded_at` has at that offset.
      const offset = Math.max(page.offset, RELEVANCE_WINDOW);
      const older = this.page({ ...filters, sort: '-recorded_at' }, { limit: rest, offset });
      rows.push(...older.rows);
    }
    return { rows, ...total };
  }

  /**
   * A search (or a client-filtered view) sorted by something other than recording time: read in order from the
   * sort's ordered index (migration 0011), never sorting its matches. A date range is not part of those indexes:
   * a dense range fills the page within DENSE_WALK_READS rechecked rows; for a sparser one the range's matches are
   * listed from `sessions_search` (a rowid range) while they are counted; at most
   * COLLECT_MAX of them are sorted whole, more are the walk's membership test (no row read for a match outside
   * the range). Past TOTAL_BOUND matches in the range (a dense range) the walk rechecks each row's date instead.
   */
  sortedPage(
    filters: SessionFilters,
    page: { limit: number; offset: number; cursor?: { value: string | number; id: string; seq?: number } },
  ): SearchAnswer {
    const { match } = this.match(filters);
    const dated = Boolean(filters.from || filters.to);
    if (!dated) {
      // Counted (exact up to the view's bound whatever the machine's load); few matches are listed and sorted whole.
      const scan = this.#total(match, filters, COLLECT_MAX);
      const total = { total: scan.total, lowerBound: scan.lowerBound };
      if (scan.seqs && scan.seqs.length <= COLLECT_MAX)
        return { rows: this.#walk.page(filters, scan.seqs, page), ...total };
      return { rows: this.#sorted.page(match, filters, page) ?? [], ...total };
    }
    // A dense range fills the page after a few rechecked rows: try that first (unless its matches are listed
    // already), and count as any search does.
    if (!this.#scans.peek(scanKey(match, filters, TOTAL_BOUND))) {
      const dense = this.#sorted.page(match, filters, page, { maxReads: DENSE_WALK_READS });
      if (dense) return { rows: dense, ...this.#total(match, filters) };
    }
    const scan = this.#total(match, filters, TOTAL_BOUND);
    const total = { total: scan.total, lowerBound: scan.lowerBound };
    if (!scan.seqs) return { rows: this.#sorted.page(match, filters, page) ?? [], ...total };
    if (scan.seqs.length > COLLECT_MAX) {
      return { rows: this.#sorted.page(match, filters, page, { members: new Set(scan.seqs) }) ?? [], ...total };
    }
    return { rows: this.#walk.page(filters, scan.seqs, page), ...total };
  }

  /**
   * A search (or a tag, client or date view) sorted or filtered by the coach's share of talk time (migration 0026):
   * no search index orders or holds that share, so the view's matches are listed (exact up to TOTAL_BOUND) and
   * found by seq, checked against the range and sorted on the sort key; past the bound the sort's list index is
   * walked with the matches as a subquery. Relevance is newest first here.
   */
  collectedPage(
    filters: SessionFilters,
    page: { limit: number; offset: number; cursor?: { value: string | number; id: string; seq?: number } },
  ): SearchAnswer {
    const { match } = this.match(filters);
    const scan = this.#total(match, filters, TOTAL_BOUND);
    if (scan.seqs) {
      return {
        rows: this.#walk.page(filters, scan.seqs, page),
        total: this.#walk.count(filters, scan.seqs),
        lowerBound: false,
      };
    }
    const bounds = rowidBounds(keyRange(filters));
    const seqIn = {
      sql: `SELECT rowid & 1073741823 FROM sessions_search WHERE ${['sessions_search MATCH ?', ...bounds.clauses].join(' AND ')}`,
      params: [match, ...bounds.params],
    };
    return this.#walk.pageWhereIn(filters, seqIn, page);
  }

  /**
   * A view's total, and which rows match when there are at most `listUpTo` of them (their seqs, newest first). Kept
   * until the library changes, so paging or scrolling a view counts once.
   */
  #total(match: string, filters: SessionFilters, listUpTo = 0): Scan {
    return this.#scans.get(scanKey(match, filters, listUpTo), () => this.#scan(match, filters, listUpTo));
  }

  /**
   * Counts the matches in C, newest first, in chunks that end on FtsPositions' anchors (every STEP-th match, which a
   * deep page then needs not step to), up to the view's bound (`totalBound`): exact below it, else the bound as a
   * floor. No time budget: the same view has the same total on a quiet or a busy machine. Seqs are read into
   * JavaScript only for a view with at most `listUpTo` matches (10,000 pairs cost ~20 ms to hand over; counting
   * them ~1.5 ms at 50k).
   */
  #scan(match: string, filters: SessionFilters, listUpTo: number): Scan {
    const range = keyRange(filters);
    const walk = { table: 'sessions_search', match, desc: true, min: range.min, max: range.max };
    const bound = totalBound(filters);
    let n = 0;
    let before: bigint | undefined;
    for (;;) {
      const chunk = Math.min(FTS_ANCHOR_STEP - (n % FTS_ANCHOR_STEP), bound + 1 - n);
      const c = buildSearchCount(match, filters, chunk, before);
      const row = this.#stmt(c.sql).get(...c.params) as { n: number; last: string | null };
      n += row.n;
      if (row.n < chunk) break;
      if (n > bound) return { total: bound, lowerBound: true };
      const last = BigInt(row.last!);
      if (n % FTS_ANCHOR_STEP === 0) this.#positions.remember(walk, n / FTS_ANCHOR_STEP, last);
      before = last;
    }
    if (n === 0 || n > listUpTo)
      return { total: n, lowerBound: false, ...(listUpTo > 0 && n === 0 ? { seqs: [] } : {}) };
    const q = buildSearchSeqs(match, filters, n + 1);
    const seqs = (
      this.#stmt(q.sql)
        .raw()
        .all(...q.params) as [number, number][]
    ).map(([, seq]) => seq);
    return { total: n, lowerBound: false, seqs };
  }

  /** Where each row matched: title, client, a participant, a tag, else the first matching transcript line. */
  snippets(rows: SessionRow[], q: string): Map<string, SearchSnippet> {
    const words = searchWords(q);
    const out = new Map<string, SearchSnippet>();
    if (words.length === 0) return out;
    // A session's lines read in order and checked here: a MATCH joined per session probed transcript_fts once per
    // line (~50 ms for a page of transcript matches on a 50k library). The lines of every row not matched elsewhere
    // are read in one statement (a title-sorted `q=meeting` page is 50 transcript matches).
    const rest: SessionRow[] = [];
    for (const r of rows) {
      const found =
        findSnippet('title', r.title, words) ??
        findSnippet('client', r.client, words) ??
        findSnippet('participant', r.participants_text, words) ??
        findSnippet('tag', tagsText(r.tags), words);
      if (found) out.set(r.id, found);
      else rest.push(r);
    }
    if (rest.length === 0) return out;
    const lines = this.#stmt(
      `SELECT session_id, start_s, text FROM transcript_segments
       WHERE session_id IN (SELECT value FROM json_each(?)) ORDER BY session_id, start_s, id`,
    ).raw(true);
    for (const [id, t, text] of lines.iterate(JSON.stringify(rest.map((r) => r.id))) as IterableIterator<
      [string, number, string]
    >) {
      if (out.has(id)) continue;
      const hit = findSnippet('transcript', text, words);
      if (hit) out.set(id, { ...hit, t });
    }
    return out;
  }
}

/**
 * How far a view's matches are counted: TOTAL_BOUND, or SMALL_TOTAL_BOUND for words combined with two or more
 * filters the index holds as facets (status, platform, coach, client, tags), where FTS5 steps through most of those
 * filters' doclists to find 10,000 matches (~40 ms at 1M). Fixed by the view's shape, never by time.
 */
export function totalBound(filters: SessionFilters): number {
  const words = Boolean(filters.q && /[\p{L}\p{N}_]/u.test(filters.q));
  return words && facetTerms(filters).all.length >= 2 ? SMALL_TOTAL_BOUND : TOTAL_BOUND;
}

function scanKey(match: string, filters: SessionFilters, listUpTo: number): string {
  return JSON.stringify([match, filters.from, filters.to, listUpTo]);
}

/** A row's tags (a JSON array) as one line of text. */
function tagsText(json: string): string {
  try {
    const tags: unknown = JSON.parse(json);
    return Array.isArray(tags) ? tags.filter((t) => typeof t === 'string').join(', ') : '';
  } catch {
    return '';
  }
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
