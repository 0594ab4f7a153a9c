/**
 * 0020 — one search, whatever the sort (issue 21): tags and transcripts are searched by every index, tags are
 * filterable, and the prefix vocabulary is folded like the tokenizer folds.
 *
 * Before, a transcript-only match was merged into recording-order pages from `transcript_fts` and missed by every
 * other sort (the ordered indexes of 0011 held title, client and participants only); tags were not indexed at all.
 * Now each FTS table (`sessions_search` and `sessions_by_*`) indexes, in its `participants_text` column, the
 * participants, the tags and the session's transcript words, so the same MATCH finds the same sessions in every
 * index. `sessions.transcript_words` holds a transcript's distinct words, folded (written by the transcripts
 * repository with the segments), so a session's search text is a few KB however long its recording.
 *
 * Tags are also facet tokens (`ft` + hex of the tag): `tag=a&tag=b` is two more doclists intersected by FTS5.
 * `search_terms` is refilled with folded words (`search_words()`, registered on every connection: see
 * search-functions.ts): "Mül", "Mul" and "Mull" expand to "muller", as the tokenizer indexed "Müller".
 * `sessions_fts` (0001) answered nothing any more (every `q` goes through `sessions_search`): dropped, with its three
 * triggers.
 */
import type { Migration } from './migration.js';
import { searchKeySql } from './0002-ordered-search.js';
import { SORTED_SEARCH_SORTS, sortedRowidSql, sortedTable, type SortedSearchSort } from './0011-sorted-search.js';

const MAX_LABEL = 8589934591;

/** The tags of row `r` as words (`tags` is a JSON array of strings). */
const tagsTextSql = (r: string) => `IFNULL((SELECT group_concat(value, ' ') FROM json_each(${r}.tags)), '')`;

/** What the FTS `participants_text` column indexes for row `r`: participants, tags, transcript words. */
export const searchTextSql = (r: string): string =>
  `(${r}.participants_text || ' ' || ${tagsTextSql(r)} || ' ' || ${r}.transcript_words)`;

/** Facet tokens of row `r` (0002's, plus one `ft<hex>` per tag). */
export const facetsSql = (r: string): string =>
  `(CASE WHEN ${r}.listed = 1 THEN 'fl' || CASE WHEN ${r}.status <> 'failed' THEN ' fok' ELSE '' END ELSE 'fx' END` +
  ` || ' fs' || ${r}.status || ' fp' || ${r}.platform || ' fc' || lower(hex(${r}.coach_id))` +
  ` || ' fn' || lower(hex(${r}.client))` +
  ` || IFNULL((SELECT group_concat(' ft' || lower(hex(value)), '') FROM json_each(${r}.tags)), ''))`;

const columns = 'title, client, participants_text, facets';
const values = (r: string) => `${r}.title, ${r}.client, ${searchTextSql(r)}, ${facetsSql(r)}`;

const insertSearch = (r: string) =>
  `INSERT INTO sessions_search(rowid, ${columns}) VALUES (${searchKeySql(r)}, ${values(r)});`;
export const insertSorted = (sort: SortedSearchSort, r: string) =>
  `INSERT INTO ${sortedTable(sort)}(rowid, ${columns}) VALUES (${sortedRowidSql(sort, r)}, ${values(r)});`;
export const deleteSorted = (sort: SortedSearchSort, r: string) =>
  `DELETE FROM ${sortedTable(sort)} WHERE rowid = ${sortedRowidSql(sort, r)};`;

/** Every word a search may expand a typed prefix to, folded. */
const addTerms = (r: string) =>
  `INSERT OR IGNORE INTO search_terms(term) SELECT value FROM json_each(search_words(${r}.title || ' ' || ${r}.client || ' ' || ${searchTextSql(r)}));`;

/** Fills `search_terms` from `sessions` (this migration and the seeder's bulk load). */
export const FILL_SEARCH_TERMS = `DELETE FROM search_terms;
  INSERT OR IGNORE INTO search_terms(term)
  SELECT DISTINCT w.value FROM (SELECT DISTINCT s.title || ' ' || s.client || ' ' || ${searchTextSql('s')} AS text FROM sessions s) t,
  json_each(search_words(t.text)) w;`;

/** Empties and refills `sessions_search` from `sessions` (the seeder's bulk load). */
export const FILL_SESSIONS_SEARCH = `INSERT INTO sessions_search(sessions_search) VALUES ('delete-all');
  INSERT INTO sessions_search(rowid, ${columns}) SELECT ${searchKeySql('s')}, ${values('s')} FROM sessions s ORDER BY 1;`;

/** Ranks every distinct title evenly over the label space, afresh (before FILL_SORTED_SEARCH). */
export const FILL_TITLE_RANKS = `DELETE FROM search_title_ranks;
  INSERT INTO search_title_ranks(title, rank)
  SELECT title, (ROW_NUMBER() OVER (ORDER BY title)) * (${MAX_LABEL} / ((SELECT COUNT(DISTINCT title) FROM sessions) + 1))
  FROM (SELECT DISTINCT title FROM sessions);`;

/** Empties and refills every ordered index from `sessions`. */
export const FILL_SORTED_SEARCH = SORTED_SEARCH_SORTS.map(
  (sort) => `INSERT INTO ${sortedTable(sort)}(${sortedTable(sort)}) VALUES ('delete-all');
  INSERT INTO ${sortedTable(sort)}(rowid, ${columns}) SELECT ${sortedRowidSql(sort, 's')}, ${values('s')} FROM sessions s ORDER BY 1;`,
).join('\n');

const rankTitle = (r: string) => `INSERT OR IGNORE INTO search_title_ranks(title, rank)
  SELECT ${r}.title, CASE WHEN hi - lo > 1 THEN lo + (hi - lo) / 2 ELSE lo END FROM (SELECT
    IFNULL((SELECT rank FROM search_title_ranks WHERE title < ${r}.title ORDER BY title DESC LIMIT 1), 0) AS lo,
    IFNULL((SELECT rank FROM search_title_ranks WHERE title > ${r}.title ORDER BY title ASC LIMIT 1), ${MAX_LABEL + 1}) AS hi);`;

const SEARCHED = "s.tags <> '[]' OR s.transcript_words <> ''";

/** Rows whose indexed text or facets this migration changes (tags or a transcript) are indexed again. */
const reindex = [
  `DELETE FROM sessions_search WHERE rowid IN (SELECT ${searchKeySql('s')} FROM sessions s WHERE ${SEARCHED});`,
  `INSERT INTO sessions_search(rowid, ${columns}) SELECT ${searchKeySql('s')}, ${values('s')} FROM sessions s WHERE ${SEARCHED};`,
  ...SORTED_SEARCH_SORTS.flatMap((sort) => [
    `DELETE FROM ${sortedTable(sort)} WHERE rowid IN (SELECT ${sortedRowidSql(sort, 's')} FROM sessions s WHERE ${SEARCHED});`,
    `INSERT INTO ${sortedTable(sort)}(rowid, ${columns}) SELECT ${sortedRowidSql(sort, 's')}, ${values('s')} FROM sessions s WHERE ${SEARCHED};`,
  ]),
].join('\n');

export const SEARCH_COLUMNS = 'title, client, participants_text, tags, transcript_words';

export const migration0020: Migration = {
  version: 20,
  name: 'search-everything',
  up: `
ALTER TABLE sessions ADD COLUMN transcript_words TEXT NOT NULL DEFAULT '';
UPDATE sessions SET transcript_words =
  (SELECT distinct_words(group_concat(g.text, ' ')) FROM transcript_segments g WHERE g.session_id = sessions.id)
  WHERE id IN (SELECT session_id FROM transcript_segments);

DROP TRIGGER sessions_fts_insert;
DROP TRIGGER sessions_fts_delete;
DROP TRIGGER sessions_fts_update;
DROP TABLE sessions_fts;

DROP TRIGGER sessions_search_insert;
DROP TRIGGER sessions_search_update;
DROP TRIGGER sessions_by_sort_insert;
DROP TRIGGER sessions_by_sort_update;
CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN
  ${insertSearch('NEW')}
  ${addTerms('NEW')}
END;
CREATE TRIGGER sessions_search_update
AFTER UPDATE OF ${SEARCH_COLUMNS}, recorded_at, status, platform, coach_id, origin ON sessions BEGIN
  DELETE FROM sessions_search WHERE rowid = ${searchKeySql('OLD')};
  ${insertSearch('NEW')}
END;
CREATE TRIGGER search_terms_update AFTER UPDATE OF ${SEARCH_COLUMNS} ON sessions BEGIN
  ${addTerms('NEW')}
END;
CREATE TRIGGER sessions_by_sort_insert AFTER INSERT ON sessions BEGIN
  ${rankTitle('NEW')}
  ${SORTED_SEARCH_SORTS.map((s) => insertSorted(s, 'NEW')).join('\n  ')}
END;
CREATE TRIGGER sessions_by_sort_update
AFTER UPDATE OF ${SEARCH_COLUMNS}, size, duration, created_at, status, platform, coach_id, origin ON sessions BEGIN
  ${SORTED_SEARCH_SORTS.map((s) => deleteSorted(s, 'OLD')).join('\n  ')}
  ${rankTitle('NEW')}
  ${SORTED_SEARCH_SORTS.map((s) => insertSorted(s, 'NEW')).join('\n  ')}
END;
${reindex}
${FILL_SEARCH_TERMS}
`,
};
