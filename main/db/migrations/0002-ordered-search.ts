/**
 * 0002 — every list view of a 1M-session library served in recording order without sorting its matches.
 *
 * `sessions_search` is a contentless FTS5 index whose rowid is the session's *search key*: recording second in the
 * high bits, `seq` in the low 30 bits (see SEARCH_KEY_SQL). So FTS rowid order is recording order, and
 * "newest matches first" is FTS5 walking its doclists backwards (`ORDER BY rowid DESC`), a date range is a rowid
 * range, and a keyset cursor is a rowid bound. Besides the searchable text it indexes `facets`, one token per
 * filterable value of the row (listed, not failed, status, platform, coach, client): a filter becomes one more
 * doclist intersected by FTS5 with skips, instead of a join that checks every match.
 *
 * The `sessions_listed_*` indexes carry the filter columns after each sort key, so a sorted view with filters
 * checks rows inside the index (no table lookups) while it walks the index in order.
 */
import type { Migration } from './migration.js';

/** The search key of a row aliased `r` (also used by the repository's queries; keep the two in step). */
export const searchKeySql = (r: string): string =>
  `((MAX(0, MIN(4294967295, IFNULL(CAST(unixepoch(${r}.recorded_at) AS INTEGER), 0))) << 30) | (${r}.seq & 1073741823))`;

/** Facet tokens of a row aliased `r`: values are hex-encoded so any coach or client string is one token. */
export const facetsSql = (r: string): string =>
  `(CASE WHEN ${r}.listed = 1 THEN 'fl' || CASE WHEN ${r}.status <> 'failed' THEN ' fok' ELSE '' END ELSE 'fx' END` +
  ` || ' fs' || ${r}.status || ' fp' || ${r}.platform || ' fc' || lower(hex(${r}.coach_id))` +
  ` || ' fn' || lower(hex(${r}.client)))`;

const insertRow = (r: string) =>
  `INSERT INTO sessions_search(rowid, title, client, participants_text, facets)
   VALUES (${searchKeySql(r)}, ${r}.title, ${r}.client, ${r}.participants_text, ${facetsSql(r)});`;

/**
 * Words as typed (lower-cased, split on spaces): only candidates for expanding the last word of a query, whose
 * prefix FTS5 would otherwise answer by merging whole doclists (~20 ms at 1M). Never pruned: a stale word expands
 * to a term that matches nothing.
 */
const wordsOf = (text: string) =>
  `SELECT value FROM json_each('[' || replace(json_quote(lower(${text})), ' ', '","') || ']') WHERE value <> ''`;
const addTerms = (r: string) =>
  `INSERT OR IGNORE INTO search_terms(term) ${wordsOf(`${r}.title || ' ' || ${r}.client || ' ' || ${r}.participants_text`)};`;

/** Fills `search_terms` from `sessions` (the migration's backfill and the seeder's bulk load). */
export const FILL_SEARCH_TERMS = `INSERT OR IGNORE INTO search_terms(term)
  SELECT DISTINCT w.value FROM (SELECT DISTINCT title || ' ' || client || ' ' || participants_text AS text FROM sessions) t,
  json_each('[' || replace(json_quote(lower(t.text)), ' ', '","') || ']') w WHERE w.value <> '';`;

/** Fills `sessions_search` from `sessions` (the migration's backfill and the seeder's bulk load). */
export const FILL_SESSIONS_SEARCH = `INSERT INTO sessions_search(rowid, title, client, participants_text, facets)
  SELECT ${searchKeySql('s')}, s.title, s.client, s.participants_text, ${facetsSql('s')} FROM sessions s ORDER BY 1;`;

const FILTER_COLUMNS = 'status, platform, coach_id, client, recorded_at';

export const migration0002: Migration = {
  version: 2,
  name: 'ordered-search',
  up: `
CREATE VIRTUAL TABLE sessions_search USING fts5(
  title, client, participants_text, facets,
  content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER sessions_search_insert AFTER INSERT ON sessions BEGIN
  ${insertRow('NEW')}
  ${addTerms('NEW')}
END;
CREATE TRIGGER sessions_search_delete AFTER DELETE ON sessions BEGIN
  DELETE FROM sessions_search WHERE rowid = ${searchKeySql('OLD')};
END;
CREATE TRIGGER sessions_search_update
AFTER UPDATE OF title, client, participants_text, recorded_at, status, platform, coach_id, origin ON sessions BEGIN
  DELETE FROM sessions_search WHERE rowid = ${searchKeySql('OLD')};
  ${insertRow('NEW')}
  ${addTerms('NEW')}
END;
${FILL_SESSIONS_SEARCH}
${FILL_SEARCH_TERMS}

CREATE INDEX sessions_listed_created  ON sessions(created_at, id, ${FILTER_COLUMNS}) WHERE listed = 1;
CREATE INDEX sessions_listed_title    ON sessions(title, id, ${FILTER_COLUMNS}) WHERE listed = 1;
CREATE INDEX sessions_listed_duration ON sessions(IFNULL(duration, -1), id, ${FILTER_COLUMNS}) WHERE listed = 1;
CREATE INDEX sessions_listed_size     ON sessions(size, id, ${FILTER_COLUMNS}) WHERE listed = 1;
`,
};
