/**
 * Few matches of a search sorted otherwise than by time (at most COLLECT_MAX, listed while they were counted):
 * found by seq and sorted on their key alone, whole rows for the page only. Exact (key, tie) order with no ordered
 * index, so no title rank or bucket is involved (issue 21: a rare word on a library whose title ranks ran out,
 * or whose titles are mostly one title, read and sorted whole buckets).
 *
 * Measured and not kept (issue 21): walking the list's B-tree index of the key with the matches as a membership
 * test. Matches cluster along a title order ("Weekly check-in — …" near the end, "Zoom Meeting" last), so the walk
 * read most of the library before the first kept row (50k realistic library: 1.4 s for `q=weekly&sort=title`),
 * and asking `sessions_search` about each walked row costs ~0.4 ms a row (a MATCH with `rowid =`).
 */
import type { SessionFilters } from '../../../shared/contract/sessions.js';
import { StatementCache, type LibraryDb } from '../../db/index.js';
import { buildWhere, cursorTie, SORTS } from './list-query.js';
import { SESSION_COLUMNS, type SessionRow } from './session-row.js';

export type WalkedRow = SessionRow & { search_key: string };

/** Totals past this are answered as a floor, as search totals are. */
const COUNT_LIMIT = 10_000;

type Page = { limit: number; offset: number; cursor?: { value: string | number; id: string; seq?: number } };

export class SortedWalk {
  readonly #statements: StatementCache;

  constructor(db: LibraryDb) {
    this.#statements = new StatementCache(db, { size: 64 });
  }

  #stmt(sql: string) {
    return this.#statements.get(sql);
  }

  /** How many of `seqs` pass the row filters (the coach-share range, which no search facet holds). */
  count(filters: SessionFilters, seqs: readonly number[]): number {
    const where = buildWhere({ ...filters, q: undefined, tag: undefined });
    return this.#stmt(
      `SELECT COUNT(*) FROM json_each(?) AS m CROSS JOIN sessions NOT INDEXED ON sessions.seq = m.value` +
        ` WHERE ${where.clauses.join(' AND ')}`,
    )
      .pluck()
      .get(JSON.stringify(seqs), ...where.params) as number;
  }

  /**
   * A page of a search with more matches than were listed (past the count bound): the sort's list index walked in
   * order, each row checked against the search's matches (`seqIn`: a subquery SQLite runs once per statement).
   * Costs O(matches) for the subquery, so it is kept for views the listed path cannot answer.
   */
  pageWhereIn(filters: SessionFilters, seqIn: { sql: string; params: (string | number | bigint)[] }, page: Page) {
    const spec = SORTS[filters.sort];
    const where = buildWhere({ ...filters, q: undefined, tag: undefined });
    const clauses = [...where.clauses, `seq IN (${seqIn.sql})`];
    const params: (string | number | bigint)[] = [...where.params, ...seqIn.params];
    if (page.cursor) {
      clauses.push(`(${spec.expr}, ${spec.tie}) ${spec.desc ? '<' : '>'} (?, ?)`);
      params.push(page.cursor.value, cursorTie(filters.sort, page.cursor));
    }
    const dir = spec.desc ? 'DESC' : 'ASC';
    const sql =
      `SELECT ${SESSION_COLUMNS}, '0' AS search_key FROM sessions WHERE ${clauses.join(' AND ')}` +
      ` ORDER BY ${spec.expr} ${dir}, ${spec.tie} ${dir} LIMIT ? OFFSET ?`;
    const rows = this.#stmt(sql).all(...params, page.limit, page.cursor ? 0 : page.offset) as WalkedRow[];
    const counted = this.#stmt(
      `SELECT COUNT(*) FROM (SELECT 1 FROM sessions WHERE ${[...where.clauses, `seq IN (${seqIn.sql})`].join(' AND ')} LIMIT ?)`,
    )
      .pluck()
      .get(...where.params, ...seqIn.params, COUNT_LIMIT + 1) as number;
    return { rows, total: Math.min(counted, COUNT_LIMIT), lowerBound: counted > COUNT_LIMIT };
  }

  /** A page of `filters.sort` order among `seqs` (at most COLLECT_MAX of them). */
  page(filters: SessionFilters, seqs: readonly number[], page: Page): WalkedRow[] {
    const q = buildCollect(filters, seqs, page);
    const found = this.#stmt(q.sql)
      .pluck()
      .all(...q.params) as number[];
    if (found.length === 0) return [];
    const bySeq = new Map(
      (
        this.#stmt(
          `SELECT ${SESSION_COLUMNS}, '0' AS search_key FROM sessions WHERE seq IN (SELECT value FROM json_each(?))`,
        ).all(JSON.stringify(found)) as WalkedRow[]
      ).map((r) => [r.seq, r] as const),
    );
    return found.flatMap((seq) => bySeq.get(seq) ?? []);
  }
}

/** Few matches, found by seq and sorted on their key alone (whole rows for the page only). */
export function buildCollect(
  filters: SessionFilters,
  seqs: readonly number[],
  page: Page,
): { sql: string; params: (string | number)[] } {
  const spec = SORTS[filters.sort];
  const where = buildWhere({ ...filters, q: undefined, tag: undefined });
  const clauses = [...where.clauses];
  const params: (string | number)[] = [JSON.stringify(seqs), ...where.params];
  if (page.cursor) {
    clauses.push(`(${spec.expr}, sessions.${spec.tie}) ${spec.desc ? '<' : '>'} (?, ?)`);
    params.push(page.cursor.value, cursorTie(filters.sort, page.cursor));
  }
  const dir = spec.desc ? 'DESC' : 'ASC';
  params.push(page.limit, page.cursor ? 0 : page.offset);
  // CROSS JOIN keeps the list outermost and NOT INDEXED leaves only the rowid: each row found by seq, never a walk
  // of an index checked against the list (the planner chose one per list value for -size).
  return {
    sql:
      `SELECT seq FROM json_each(?) AS m CROSS JOIN sessions NOT INDEXED ON sessions.seq = m.value` +
      ` WHERE ${clauses.join(' AND ')} ORDER BY ${spec.expr} ${dir}, sessions.${spec.tie} ${dir} LIMIT ? OFFSET ?`,
    params,
  };
}
