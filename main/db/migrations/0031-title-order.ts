/**
 * 0031 — title order without cliffs on real titles (issue 21).
 *
 * Measured on a 50k library grown the way a coach's grows (`filmroom seed --realistic`): titles arriving in
 * ascending order (dated or numbered folder imports) exhausted the title ranks of 0011 after ~33 titles, and every
 * later one shared its lower neighbour's rank (3,355 titles on one rank: one bucket every title-sorted search read
 * and sorted whole); a title shared by a fifth of the library ("Zoom Meeting") was one bucket sorted by the random
 * `id` on every page. Both at their cause:
 *
 * - Ties in title order break on `seq` (the order sessions joined the library), not on `id`. Inside one title the
 *   ordered index's rowids (`rank << 30 | seq`) are then already in list order: a page streams from the index, however
 *   many sessions share the title. The B-tree title indexes are rebuilt on `(title, seq)` to give the same order.
 * - A title that finds no free rank between its neighbours is recorded in `search_title_crowded` (the rank it had to
 *   share). Before a title-sorted search reads the ordered index, `TitleRanks.respace()` gives the titles around each
 *   crowded rank fresh, evenly spaced ranks and moves their rows in `sessions_by_title` (the window grows until it
 *   has room; titles with many sessions keep their rank). So every title has a rank of its own when it is read.
 */
import type { Migration } from './migration.js';
import { SORTED_SEARCH_SORTS, type SortedSearchSort } from './0011-sorted-search.js';
import { deleteSorted, insertSorted, SEARCH_COLUMNS } from './0020-search-everything.js';

/** 2^33: one past the highest title rank (0011's label space). */
export const TITLE_RANK_END = 8589934592;

const lo = (r: string) =>
  `IFNULL((SELECT rank FROM search_title_ranks WHERE title < ${r}.title ORDER BY title DESC LIMIT 1), 0)`;
const hi = (r: string) =>
  `IFNULL((SELECT rank FROM search_title_ranks WHERE title > ${r}.title ORDER BY title ASC LIMIT 1), ${TITLE_RANK_END})`;

/**
 * A new title's rank, as in 0011 (halfway between its neighbours'); when they are adjacent it shares the lower one's
 * and that rank is recorded as crowded, for `TitleRanks.respace()`.
 */
const rankTitle = (r: string) => `INSERT OR IGNORE INTO search_title_crowded(rank)
    SELECT lo FROM (SELECT ${lo(r)} AS lo, ${hi(r)} AS hi)
    WHERE hi - lo <= 1 AND NOT EXISTS (SELECT 1 FROM search_title_ranks WHERE title = ${r}.title);
  INSERT OR IGNORE INTO search_title_ranks(title, rank)
    SELECT ${r}.title, CASE WHEN hi - lo > 1 THEN lo + (hi - lo) / 2 ELSE lo END FROM (SELECT ${lo(r)} AS lo, ${hi(r)} AS hi);`;

const each = (f: (s: SortedSearchSort, r: string) => string, r: string) =>
  SORTED_SEARCH_SORTS.map((s) => f(s, r)).join('\n  ');

const FILTER_COLUMNS = 'status, platform, coach_id, client, recorded_at';

export const migration0031: Migration = {
  version: 31,
  name: 'title-order',
  up: `
CREATE INDEX search_title_ranks_rank ON search_title_ranks(rank);
CREATE TABLE search_title_crowded (rank INTEGER PRIMARY KEY);
INSERT INTO search_title_crowded(rank) SELECT rank FROM search_title_ranks GROUP BY rank HAVING COUNT(*) > 1;

DROP TRIGGER sessions_by_sort_insert;
DROP TRIGGER sessions_by_sort_update;
CREATE TRIGGER sessions_by_sort_insert AFTER INSERT ON sessions BEGIN
  ${rankTitle('NEW')}
  ${each(insertSorted, 'NEW')}
END;
CREATE TRIGGER sessions_by_sort_update
AFTER UPDATE OF ${SEARCH_COLUMNS}, size, duration, created_at, status, platform, coach_id, origin ON sessions BEGIN
  ${each(deleteSorted, 'OLD')}
  ${rankTitle('NEW')}
  ${each(insertSorted, 'NEW')}
END;

DROP INDEX sessions_default_title;
CREATE INDEX sessions_default_title ON sessions(title) WHERE listed = 1 AND status <> 'failed';
DROP INDEX sessions_listed_title;
CREATE INDEX sessions_listed_title ON sessions(title, seq, ${FILTER_COLUMNS}) WHERE listed = 1;
`,
};
