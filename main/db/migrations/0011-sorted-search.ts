/**
 * 0011 — a search sorted by title, size, duration or creation time answers its first page without sorting its
 * matches (issue 12: `q=leadership&sort=title` sorted 75k matches, ~200 ms at 1M).
 *
 * One contentless FTS5 index per sort (`sessions_by_<sort>`), with the columns and facet tokens of
 * `sessions_search` (0002), so the same MATCH text works on each; only the rowid differs: `label << 30 | seq`,
 * where `label` is non-decreasing in the sort key. Walking an index in rowid order therefore yields matches in
 * sort order *bucket by bucket* (rows sharing a label come in `seq` order); the reader sorts each bucket exactly
 * by (key, id), so a label only has to be monotone, never exact or unique.
 *
 * - size: the byte count itself below 2^32, then in 64 KiB steps (33 bits in all).
 * - duration: whole seconds + 1 (no duration, sorted as -1, is 0).
 * - created_at: the Unix second.
 * - title: a rank from `search_title_ranks`, given to each new title halfway between its neighbours' ranks and
 *   never changed (so the delete trigger finds the row again); when no gap is left the new title shares its
 *   lower neighbour's rank, which only makes that bucket larger.
 *
 * detail=column: no positions (smaller), but column filters still work, so the MATCH text is the same.
 */
import type { Migration } from './migration.js';
import { facetsSql } from './0002-ordered-search.js';

/** The sorts with an ordered index (the recording-time sorts use `sessions_search` itself). */
export const SORTED_SEARCH_SORTS = ['title', 'size', 'duration', 'created'] as const;
export type SortedSearchSort = (typeof SORTED_SEARCH_SORTS)[number];

const MAX_LABEL = 8589934591; // 2^33 - 1: label << 30 stays below 2^63

/** The label of a row aliased `r` for each sort; the same text is used with `r` = '@v' for a cursor's value. */
export const sortLabelSql: Record<SortedSearchSort, (value: string) => string> = {
  size: (v) => `(CASE WHEN ${v} < 4294967296 THEN MAX(0, ${v}) ELSE MIN(${MAX_LABEL}, 4294967296 + (${v} >> 16)) END)`,
  duration: (v) => `MAX(0, MIN(${MAX_LABEL}, CAST(IFNULL(${v}, -1) + 1 AS INTEGER)))`,
  created: (v) => `MAX(0, MIN(4294967295, IFNULL(CAST(unixepoch(${v}) AS INTEGER), 0)))`,
  title: (v) => `IFNULL((SELECT rank FROM search_title_ranks WHERE title <= ${v} ORDER BY title DESC LIMIT 1), 0)`,
};

/** The sort key column each label is made of. */
const KEY_COLUMN: Record<SortedSearchSort, string> = {
  size: 'size',
  duration: 'duration',
  created: 'created_at',
  title: 'title',
};

export const sortedTable = (sort: SortedSearchSort): string => `sessions_by_${sort}`;

/** The rowid of row `r` in the ordered index of `sort`. */
export const sortedRowidSql = (sort: SortedSearchSort, r: string): string =>
  `((${sortLabelSql[sort](`${r}.${KEY_COLUMN[sort]}`)} << 30) | (${r}.seq & 1073741823))`;

/**
 * A new title's rank: halfway between the ranks of the titles just below and above it (0 and 2^33 at the ends);
 * its lower neighbour's rank when they are adjacent. A title already ranked keeps its rank (INSERT OR IGNORE).
 */
const rankTitle = (r: string) => `INSERT OR IGNORE INTO search_title_ranks(title, rank)
  SELECT ${r}.title, CASE WHEN hi - lo > 1 THEN lo + (hi - lo) / 2 ELSE lo END FROM (SELECT
    IFNULL((SELECT rank FROM search_title_ranks WHERE title < ${r}.title ORDER BY title DESC LIMIT 1), 0) AS lo,
    IFNULL((SELECT rank FROM search_title_ranks WHERE title > ${r}.title ORDER BY title ASC LIMIT 1), ${MAX_LABEL + 1}) AS hi);`;

const insertInto = (sort: SortedSearchSort, r: string) =>
  `INSERT INTO ${sortedTable(sort)}(rowid, title, client, participants_text, facets)
   VALUES (${sortedRowidSql(sort, r)}, ${r}.title, ${r}.client, ${r}.participants_text, ${facetsSql(r)});`;

const deleteFrom = (sort: SortedSearchSort, r: string) =>
  `DELETE FROM ${sortedTable(sort)} WHERE rowid = ${sortedRowidSql(sort, r)};`;

/**
 * Ranks every distinct title evenly over the label space, afresh (the migration's backfill and the seeder's bulk
 * load, which then refills every ordered index: no row keeps a label from the old ranks).
 */
export const FILL_TITLE_RANKS = `DELETE FROM search_title_ranks;
  INSERT INTO search_title_ranks(title, rank)
  SELECT title, (ROW_NUMBER() OVER (ORDER BY title)) * (${MAX_LABEL} / ((SELECT COUNT(DISTINCT title) FROM sessions) + 1))
  FROM (SELECT DISTINCT title FROM sessions);`;

/** Empties and refills every ordered index from `sessions` (after FILL_TITLE_RANKS). */
export const FILL_SORTED_SEARCH = SORTED_SEARCH_SORTS.map(
  (sort) => `INSERT INTO ${sortedTable(sort)}(${sortedTable(sort)}) VALUES ('delete-all');
  INSERT INTO ${sortedTable(sort)}(rowid, title, client, participants_text, facets)
  SELECT ${sortedRowidSql(sort, 's')}, s.title, s.client, s.participants_text, ${facetsSql('s')} FROM sessions s ORDER BY 1;`,
).join('\n');

const createTables = SORTED_SEARCH_SORTS.map(
  (sort) => `CREATE VIRTUAL TABLE ${sortedTable(sort)} USING fts5(
  title, client, participants_text, facets,
  content = '', contentless_delete = 1, detail = column, tokenize = 'unicode61 remove_diacritics 2'
);`,
).join('\n');

export const migration0011: Migration = {
  version: 11,
  name: 'sorted-search',
  up: `
CREATE TABLE search_title_ranks (title TEXT PRIMARY KEY, rank INTEGER NOT NULL) WITHOUT ROWID;
${createTables}
CREATE TRIGGER sessions_by_sort_insert AFTER INSERT ON sessions BEGIN
  ${rankTitle('NEW')}
  ${SORTED_SEARCH_SORTS.map((s) => insertInto(s, 'NEW')).join('\n  ')}
END;
CREATE TRIGGER sessions_by_sort_delete AFTER DELETE ON sessions BEGIN
  ${SORTED_SEARCH_SORTS.map((s) => deleteFrom(s, 'OLD')).join('\n  ')}
END;
CREATE TRIGGER sessions_by_sort_update
AFTER UPDATE OF title, client, participants_text, size, duration, created_at, status, platform, coach_id, origin
ON sessions BEGIN
  ${SORTED_SEARCH_SORTS.map((s) => deleteFrom(s, 'OLD')).join('\n  ')}
  ${rankTitle('NEW')}
  ${SORTED_SEARCH_SORTS.map((s) => insertInto(s, 'NEW')).join('\n  ')}
END;
${FILL_TITLE_RANKS}
${FILL_SORTED_SEARCH}
`,
};
