/**
 * Deep `offset` pages of a search by keyset seeks (issue 12): "the rowid of match number n" in an FTS walk
 * (`sessions_search` newest or oldest first, or a sort's ordered index), found from the nearest remembered anchor
 * (the rowid of every STEP-th match) instead of stepping over all n matches. Anchors are found by stepping once, then
 * kept per view until the library changes, like the list's OffsetAnchors: a coach who pages back and forth through
 * a search, or a tool that reads it page by page with `offset`, pays the steps once.
 */
import { StatementCache, type LibraryDb, type LibraryVersion } from '../../db/index.js';
import { rowidBounds } from './search-query.js';
import { VersionedCache } from './versioned-cache.js';

export const FTS_ANCHOR_STEP = 2_000;
const MAX_VIEWS = 64;

export interface FtsWalk {
  /** The FTS5 table walked. */
  table: string;
  match: string;
  desc: boolean;
  /** Inclusive rowid bounds of the walk (a date range on `sessions_search`). */
  min?: bigint;
  max?: bigint;
}

export class FtsPositions {
  readonly #views: VersionedCache<{ anchors: bigint[]; complete: boolean }>;
  readonly #stmts: StatementCache;

  constructor(db: LibraryDb, version: LibraryVersion) {
    this.#stmts = new StatementCache(db, { size: 64, configure: (s) => s.safeIntegers().pluck() });
    this.#views = new VersionedCache(version, MAX_VIEWS);
  }

  /** The rowid of match number `n` (0-based) of the walk, or undefined when it has no more than `n` matches. */
  rowidAt(walk: FtsWalk, n: number): bigint | undefined {
    const k = Math.floor(n / FTS_ANCHOR_STEP);
    if (k === 0) return this.#step(walk, undefined, n);
    const anchor = this.#anchor(walk, k);
    // Anchor k is match number k * STEP - 1: step the remaining matches after it.
    return anchor === undefined ? undefined : this.#step(walk, anchor, n - k * FTS_ANCHOR_STEP);
  }

  /**
   * Tells the walk's anchor k (the rowid of match number k * STEP - 1) found elsewhere: a bounded count that walks
   * the same matches in the same order ends its chunks on anchors, so a deep page after it steps no match twice.
   */
  remember(walk: FtsWalk, k: number, rowid: bigint): void {
    const view = this.#view(walk);
    if (view.anchors.length === k - 1) view.anchors.push(rowid);
  }

  #view(walk: FtsWalk): { anchors: bigint[]; complete: boolean } {
    const key = JSON.stringify([walk.table, walk.match, walk.desc, String(walk.min), String(walk.max)]);
    return this.#views.get(key, () => ({ anchors: [], complete: false }));
  }

  /** Anchor k, found by stepping from the last one known. */
  #anchor(walk: FtsWalk, k: number): bigint | undefined {
    const view = this.#view(walk);
    while (view.anchors.length < k) {
      if (view.complete) return undefined;
      const next = this.#step(walk, view.anchors.at(-1), FTS_ANCHOR_STEP - 1);
      if (next === undefined) {
        view.complete = true;
        return undefined;
      }
      view.anchors.push(next);
    }
    return view.anchors[k - 1];
  }

  /** The rowid `skip` matches after `from` (from the walk's start without it), in walk order. */
  #step(walk: FtsWalk, from: bigint | undefined, skip: number): bigint | undefined {
    const bounds = rowidBounds(walk);
    const clauses = [`${walk.table} MATCH ?`, ...bounds.clauses];
    const params: (string | bigint | number)[] = [walk.match, ...bounds.params];
    if (from !== undefined) {
      clauses.push(`rowid ${walk.desc ? '<' : '>'} ?`);
      params.push(from);
    }
    params.push(skip);
    const sql =
      `SELECT rowid FROM ${walk.table} WHERE ${clauses.join(' AND ')}` +
      ` ORDER BY rowid ${walk.desc ? 'DESC' : 'ASC'} LIMIT 1 OFFSET ?`;
    return this.#stmts.get(sql).get(...params) as bigint | undefined;
  }
}
