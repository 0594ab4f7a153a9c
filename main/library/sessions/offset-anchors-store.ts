/**
 * Deep `offset` pages by keyset seeks: for each view (filters and sort) the sort key of every STEP-th row is
 * remembered, so `offset=400000` seeks to the nearest anchor and steps over fewer than STEP rows instead of
 * 400,000. Anchors are found by stepping once, then kept until the library changes (any commit on any connection:
 * `PRAGMA data_version` for other connections, `total_changes()` for this one).
 */
import type { Statement } from 'better-sqlite3';
import type { SessionFilters } from '../../../shared/contract/sessions.js';
import { LibraryVersion, StatementCache, type LibraryDb } from '../../db/index.js';
import { VersionedCache } from './versioned-cache.js';
import { buildPageQuery, SORTS, type Cursor } from './list-query.js';

export const ANCHOR_STEP = 10_000;
const MAX_VIEWS = 32;

interface Anchor {
  value: string | number;
  id: string;
  seq: number;
}

export class OffsetAnchors {
  readonly #views: VersionedCache<Anchor[]>;
  readonly #stmts: StatementCache;

  constructor(db: LibraryDb) {
    this.#stmts = new StatementCache(db, { size: 64 });
    this.#views = new VersionedCache(new LibraryVersion(db), MAX_VIEWS);
  }

  /** Where a page at `offset` starts: after the cursor of the nearest anchor, skipping `skip` more rows. */
  seek(filters: SessionFilters, offset: number): { cursor: Cursor; skip: number } | null {
    const k = Math.floor(offset / ANCHOR_STEP);
    if (k === 0) return null;
    const anchor = this.#anchor(filters, k);
    if (!anchor) return null; // the view has fewer rows than the offset: the plain query answers an empty page
    return {
      cursor: { sort: filters.sort, value: anchor.value, id: anchor.id, offset, seq: anchor.seq },
      skip: offset - k * ANCHOR_STEP,
    };
  }

  /** The k-th anchor: the sort key of row number k * STEP - 1 (0-based), found by stepping from the last one known. */
  #anchor(filters: SessionFilters, k: number): Anchor | undefined {
    const key = JSON.stringify([
      filters.status_filter,
      filters.exclude_failed,
      filters.platform,
      filters.coach_id,
      filters.client,
      filters.from,
      filters.to,
      filters.coach_share_min,
      filters.coach_share_max,
      filters.sort,
    ]);
    const anchors = this.#views.get(key, () => []);
    const columns = `${SORTS[filters.sort].expr} AS value, id, seq`;
    while (anchors.length < k) {
      const last = anchors.at(-1);
      const cursor = last
        ? { sort: filters.sort, value: last.value, id: last.id, offset: 1, seq: last.seq }
        : undefined;
      const q = buildPageQuery(columns, filters, { limit: 1, offset: ANCHOR_STEP - 1, cursor, skip: ANCHOR_STEP - 1 });
      const row = this.#stmt(q.sql).get(...q.params) as Anchor | undefined;
      if (!row) return undefined;
      anchors.push({ value: row.value, id: row.id, seq: row.seq });
    }
    return anchors[k - 1];
  }

  #stmt(sql: string): Statement {
    return this.#stmts.get(sql);
  }
}
