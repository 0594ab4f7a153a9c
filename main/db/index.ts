/** The database layer: connections (LibraryDb, WorkDb), pragmas and numbered migrations. */
export {
  openDatabase,
  openWorkConnection,
  openLibraryConnection,
  applyPragmas,
  migrate,
  DatabaseTooNewError,
  type Db,
  type LibraryDb,
  type WorkDb,
  type OpenOptions,
} from './db.js';
export { migrations, type Migration } from './migrations/index.js';
export { SESSION_CHILD_TABLES } from './session-child-tables.js';
export { StatementCache, type StatementCacheOptions } from './statement-cache.js';
export { LibraryVersion } from './library-version.js';
export { searchKeySql } from './migrations/0002-ordered-search.js';
export {
  FILL_SEARCH_TERMS,
  FILL_SESSIONS_SEARCH,
  FILL_SORTED_SEARCH,
  FILL_TITLE_RANKS,
  facetsSql,
  searchTextSql,
} from './migrations/0020-search-everything.js';
export { distinctWords, foldWords } from './search-functions.js';
export {
  SORTED_SEARCH_SORTS,
  sortLabelSql,
  sortedTable,
  type SortedSearchSort,
} from './migrations/0011-sorted-search.js';
export { TITLE_RANK_END } from './migrations/0031-title-order.js';
export { PARTICIPANT_NAMES_SQL } from './migrations/0015-participant-names.js';
