/**
 * Queries on `sessions_search` (migration 0002): an FTS5 index whose rowid follows recording order and whose
 * `facets` column holds one token per filter value. A search or a filtered newest-first view is one MATCH walked
 * by rowid, so a page costs O(limit) however many rows match. Pure: SQL text and parameters only.
 */
import type { SessionFilters } from '../../../shared/contract/sessions.js';
import { foldWords } from '../../db/index.js';
import { dateBound } from './list-query.js';

/** Bits of the search key below the recording second (see migration 0002). */
const SEQ_BITS = 30n;

/** Words of a query or a text as the FTS tokenizer sees them (lower case, accents removed). */
export const searchWords = foldWords;

const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex');
const phrase = (word: string) => `"${word.replace(/"/g, '""')}"`;

/**
 * Facet terms of the view. Dense facets (listed, not failed) are written as the exclusion of their rare complement
 * (`NOT fx`, `NOT fsfailed`): FTS5 then steps the short doclist, not one with 90% of the library (4x cheaper).
 */
export function facetTerms(filters: SessionFilters): { all: string[]; none: string[] } {
  const all: string[] = [];
  const none = ['fx'];
  if (filters.status_filter) all.push(`fs${filters.status_filter}`);
  else if (filters.exclude_failed) none.push('fsfailed');
  if (filters.platform) all.push(`fp${filters.platform}`);
  if (filters.coach_id) all.push(`fc${hex(filters.coach_id)}`);
  if (filters.client) all.push(`fn${hex(filters.client)}`);
  for (const tag of new Set(filters.tag ?? [])) all.push(`ft${hex(tag)}`);
  return { all, none };
}

/**
 * The MATCH expression: every word of `q` in the text columns, the last one also as any of `lastExpansions` (the
 * indexed words it prefixes; `null` when there are too many, then FTS5's own prefix query), and every facet.
 */
export function searchMatch(words: string[], lastExpansions: string[] | null, filters: SessionFilters): string {
  const parts: string[] = [];
  words.forEach((word, i) => {
    if (i < words.length - 1) parts.push(phrase(word));
    else if (lastExpansions === null) parts.push(`${phrase(word)}*`);
    else parts.push(`(${[word, ...lastExpansions.filter((w) => w !== word)].map(phrase).join(' OR ')})`);
  });
  const { all, none } = facetTerms(filters);
  const positive = [
    ...(parts.length > 0 ? [`{title client participants_text} : (${parts.join(' AND ')})`] : []),
    ...all.map((t) => `facets : ${t}`),
  ];
  // FTS5 needs a positive term before NOT: a view without words or equality filters starts from "listed" (fl).
  if (positive.length === 0) positive.push('facets : fl');
  return [`(${positive.join(' AND ')})`, ...none.map((t) => `facets : ${t}`)].join(' NOT ');
}

/** Search-key bounds of `from`/`to` (whole seconds, inclusive) and the exact times rechecked on the row. */
export function keyRange(filters: SessionFilters): { min?: bigint; max?: bigint; from?: string; to?: string } {
  const out: { min?: bigint; max?: bigint; from?: string; to?: string } = {};
  if (filters.from) {
    out.from = dateBound(filters.from, 'from');
    out.min = BigInt(Math.max(0, Math.floor(Date.parse(out.from) / 1000))) << SEQ_BITS;
  }
  if (filters.to) {
    out.to = dateBound(filters.to, 'to');
    out.max = ((BigInt(Math.max(0, Math.floor(Date.parse(out.to) / 1000))) + 1n) << SEQ_BITS) - 1n;
  }
  return out;
}

export interface SearchPageQuery {
  sql: string;
  params: (string | number | bigint)[];
}

/**
 * A page of `sessions_search` matches in recording order (newest first unless `ascending`), joined to their rows.
 * `after` is the search key of the previous page's last row (keyset); `start` the search key the page starts at
 * (inclusive: an `offset` page, whose first key FtsPositions found).
 */
export function buildSearchPage(
  columns: string,
  match: string,
  filters: SessionFilters,
  page: { limit: number; after?: bigint; start?: bigint; ascending: boolean },
): SearchPageQuery {
  const range = keyRange(filters);
  const bounds = rowidBounds(range, 'f.rowid');
  const clauses = ['sessions_search MATCH ?', ...bounds.clauses];
  const params: (string | number | bigint)[] = [match, ...bounds.params];
  if (page.after !== undefined) {
    clauses.push(`f.rowid ${page.ascending ? '>' : '<'} ?`);
    params.push(page.after);
  }
  if (page.start !== undefined) {
    clauses.push(`f.rowid ${page.ascending ? '>=' : '<='} ?`);
    params.push(page.start);
  }
  const rowChecks = rowRechecks(range);
  clauses.push(...rowChecks.clauses);
  params.push(...rowChecks.params);
  const cols = columns
    .split(',')
    .map((c) => `s.${c.trim()}`)
    .join(', ');
  const sql =
    `SELECT ${cols}, CAST(f.rowid AS TEXT) AS search_key FROM sessions_search f` +
    ` JOIN sessions s ON s.seq = (f.rowid & 1073741823) WHERE ${clauses.join(' AND ')}` +
    ` ORDER BY f.rowid ${page.ascending ? 'ASC' : 'DESC'} LIMIT ?`;
  params.push(page.limit);
  return { sql, params };
}

/**
 * One chunk of a bounded count: how many of the next `chunk` matches (newest first, older than `before`) exist,
 * and the search key of the last one (as text: keys exceed 2^53), where the next chunk starts.
 */
export function buildSearchCount(
  match: string,
  filters: SessionFilters,
  chunk: number,
  before?: bigint,
): SearchPageQuery {
  const inner = buildSearchChunk('rowid AS k', match, filters, chunk, before);
  return { sql: `SELECT COUNT(*) AS n, CAST(MIN(k) AS TEXT) AS last FROM (${inner.sql})`, params: inner.params };
}

/**
 * One chunk of matches as `[second, seq]` pairs (the search key split in two, each below 2^53), newest first and
 * older than `before`: which rows of a date range match, without reading them.
 */
export function buildSearchSeqs(
  match: string,
  filters: SessionFilters,
  chunk: number,
  before?: bigint,
): SearchPageQuery {
  return buildSearchChunk('rowid >> 30, rowid & 1073741823', match, filters, chunk, before);
}

function buildSearchChunk(
  columns: string,
  match: string,
  filters: SessionFilters,
  chunk: number,
  before?: bigint,
): SearchPageQuery {
  const bounds = rowidBounds(keyRange(filters));
  const clauses = ['sessions_search MATCH ?', ...bounds.clauses];
  const params: (string | number | bigint)[] = [match, ...bounds.params];
  if (before !== undefined) {
    clauses.push('rowid < ?');
    params.push(before);
  }
  params.push(chunk);
  return {
    sql: `SELECT ${columns} FROM sessions_search WHERE ${clauses.join(' AND ')} ORDER BY rowid DESC LIMIT ?`,
    params,
  };
}

/** `rowid` (or `column`) within the inclusive bounds of a date range's search keys. */
export function rowidBounds(
  bounds: { min?: bigint; max?: bigint },
  column = 'rowid',
): { clauses: string[]; params: bigint[] } {
  const clauses: string[] = [];
  const params: bigint[] = [];
  if (bounds.min !== undefined) {
    clauses.push(`${column} >= ?`);
    params.push(bounds.min);
  }
  if (bounds.max !== undefined) {
    clauses.push(`${column} <= ?`);
    params.push(bounds.max);
  }
  return { clauses, params };
}

/** Sub-second edges of `from`/`to` given as times: the key range is whole seconds, so the row is checked too. */
export function rowRechecks(range: ReturnType<typeof keyRange>, alias = 's'): { clauses: string[]; params: string[] } {
  const clauses: string[] = [];
  const params: string[] = [];
  if (range.from) {
    clauses.push(`${alias}.recorded_at >= ?`);
    params.push(range.from);
  }
  if (range.to) {
    clauses.push(`${alias}.recorded_at <= ?`);
    params.push(range.to);
  }
  return { clauses, params };
}
