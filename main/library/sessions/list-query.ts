/**
 * Turns list filters into SQL that an index serves in order, so a page costs O(limit) at any depth:
 * - the WHERE repeats each partial index's predicate term for term (SQLite only uses a partial index when the
 *   query's WHERE contains its terms), and
 * - deep pages use keyset cursors `(sort_value, tie) < (?, ?)` on the same index instead of OFFSET (the tie is `id`,
 *   or `seq` for title order: migration 0031).
 * Pure: no database here, so the SQL is unit-tested and shown in the benchmark's query plans.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SessionFilters, SessionSort } from '../../../shared/contract/sessions.js';
import { badRequest } from '../../../shared/contract/errors.js';

interface SortSpec {
  /** SQL expression of the sort key; identical to the indexed expression. */
  expr: string;
  desc: boolean;
  /**
   * What breaks ties: `id`, or `seq` for title order (migration 0031: inside one title the ordered search index is
   * in seq order, so a title shared by many sessions streams instead of being sorted whole).
   */
  tie: 'id' | 'seq';
}

export const SORTS: Record<SessionSort, SortSpec> = {
  '-recorded_at': { expr: 'recorded_at', desc: true, tie: 'id' },
  recorded_at: { expr: 'recorded_at', desc: false, tie: 'id' },
  title: { expr: 'title', desc: false, tie: 'seq' },
  '-duration': { expr: 'IFNULL(duration, -1)', desc: true, tie: 'id' },
  '-size': { expr: 'size', desc: true, tie: 'id' },
  '-created_at': { expr: 'created_at', desc: true, tie: 'id' },
  // Without `q` there is nothing to rank: newest first.
  relevance: { expr: 'recorded_at', desc: true, tie: 'id' },
  // No share yet (not analysed, no speech) sorts as -1: last when the highest shares come first.
  '-coach_share': { expr: 'IFNULL(coach_share, -1)', desc: true, tie: 'id' },
  coach_share: { expr: 'IFNULL(coach_share, -1)', desc: false, tie: 'id' },
};

/**
 * Non-recorded sorts of a filtered view walk `sessions_listed_*` (migration 0002): the filter columns ride in the
 * index after the sort key, so rows are checked without table lookups while the index is read in order.
 */
export const LISTED_SORT_INDEX: Partial<Record<SessionSort, string>> = {
  title: 'sessions_listed_title',
  '-duration': 'sessions_listed_duration',
  '-size': 'sessions_listed_size',
  '-created_at': 'sessions_listed_created',
  '-coach_share': 'sessions_listed_coach_share',
  coach_share: 'sessions_listed_coach_share',
};

/** True when the view sorts or filters by the coach's share of talk time (migration 0026). */
export function usesCoachShare(filters: SessionFilters): boolean {
  return (
    filters.sort === '-coach_share' ||
    filters.sort === 'coach_share' ||
    filters.coach_share_min !== undefined ||
    filters.coach_share_max !== undefined
  );
}

/** Longest cursor value kept (a title is at most 300 characters; an ISO time or a search key far less). */
const MAX_CURSOR_VALUE = 400;
/** Deepest offset a cursor may carry: no library holds more sessions than this. */
const MAX_CURSOR_OFFSET = 1_000_000_000;

export interface Cursor {
  sort: SessionSort;
  value: string | number;
  id: string;
  /** How many rows come before the next page (so answers can report `offset`). */
  offset: number;
  /** The last row's seq: the tie of title order (SortSpec.tie). */
  seq?: number;
}

/** The tie value a keyset bound compares with: the cursor's seq or id, as the sort breaks ties. */
export function cursorTie(sort: SessionSort, cursor: { id: string; seq?: number }): string | number {
  return SORTS[sort].tie === 'seq' ? (cursor.seq ?? 0) : cursor.id;
}

/**
 * Cursors are made by this server only: the payload is signed with a key drawn when the process starts (HMAC-SHA256,
 * 128 bits kept), so a cursor the server did not make, or one edited by hand, is a 400, never a query. A restart
 * draws a new key: a cursor from before it is a 400 and the client starts its walk again from the first page.
 */
const CURSOR_KEY = randomBytes(32);
const SIGNATURE_BYTES = 16;

function sign(payload: string): Buffer {
  return createHmac('sha256', CURSOR_KEY).update(payload).digest().subarray(0, SIGNATURE_BYTES);
}

export function encodeCursor(cursor: Cursor): string {
  const fields = [
    cursor.sort,
    cursor.value,
    cursor.id,
    cursor.offset,
    ...(cursor.seq === undefined ? [] : [cursor.seq]),
  ];
  const payload = Buffer.from(JSON.stringify(fields)).toString('base64url');
  return `${payload}.${sign(payload).toString('base64url')}`;
}

export function decodeCursor(text: string, sort: SessionSort): Cursor {
  const [payload, signature, ...rest] = text.split('.');
  const given = Buffer.from(signature ?? '', 'base64url');
  if (
    !payload ||
    rest.length > 0 ||
    given.length !== SIGNATURE_BYTES ||
    given.toString('base64url') !== signature ||
    !timingSafeEqual(given, sign(payload))
  ) {
    throw badRequest('cursor', 'not a cursor from next_cursor (cursors are signed; one from before a restart is void)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('cursor', 'not a cursor from next_cursor');
  }
  if (
    !Array.isArray(parsed) ||
    (parsed.length !== 4 && parsed.length !== 5) ||
    typeof parsed[0] !== 'string' ||
    !(typeof parsed[1] === 'string' || typeof parsed[1] === 'number') ||
    typeof parsed[2] !== 'string' ||
    typeof parsed[3] !== 'number'
  ) {
    throw badRequest('cursor', 'not a cursor from next_cursor');
  }
  if (parsed[0] !== sort) throw badRequest('cursor', `this cursor belongs to sort '${parsed[0]}', not '${sort}'`);
  // A cursor the server did not make must not steer the query (negative, fractional or huge offsets, odd keys).
  const [, value, id, offset, seq] = parsed as [string, string | number, string, number, unknown];
  const validValue = typeof value === 'string' ? value.length <= MAX_CURSOR_VALUE : Number.isFinite(value);
  if (!validValue || !/^ses_[0-9a-z]{1,60}$/.test(id) || !Number.isSafeInteger(offset) || offset < 1) {
    throw badRequest('cursor', 'not a cursor from next_cursor');
  }
  if (offset > MAX_CURSOR_OFFSET) throw badRequest('cursor', 'not a cursor from next_cursor');
  if (seq !== undefined && !(Number.isSafeInteger(seq) && (seq as number) >= 0)) {
    throw badRequest('cursor', 'not a cursor from next_cursor');
  }
  if (SORTS[sort].tie === 'seq' && seq === undefined) throw badRequest('cursor', 'not a cursor from next_cursor');
  return { sort, value, id, offset, ...(seq === undefined ? {} : { seq: seq as number }) };
}

export interface Where {
  clauses: string[];
  params: (string | number)[];
  /** True when every filter is one the per-(status, platform, coach) counters can total without a scan. */
  countable: boolean;
}

/** Bounds for `from`/`to`: a bare date covers its whole day. */
export function dateBound(value: string, edge: 'from' | 'to'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return edge === 'from' ? `${value}T00:00:00.000Z` : `${value}T23:59:59.999Z`;
  return new Date(value).toISOString();
}

export function buildWhere(filters: SessionFilters): Where {
  const clauses = ['listed = 1'];
  const params: (string | number)[] = [];
  let countable = true;
  if (filters.status_filter) {
    clauses.push('status = ?');
    params.push(filters.status_filter);
  } else if (filters.exclude_failed) {
    clauses.push("status <> 'failed'");
  }
  if (filters.platform) {
    clauses.push('platform = ?');
    params.push(filters.platform);
  }
  if (filters.coach_id) {
    clauses.push('coach_id = ?');
    params.push(filters.coach_id);
  }
  if (filters.client) {
    clauses.push('client = ?');
    params.push(filters.client);
    countable = false;
  }
  if (filters.from) {
    clauses.push('recorded_at >= ?');
    params.push(dateBound(filters.from, 'from'));
    countable = false;
  }
  if (filters.to) {
    clauses.push('recorded_at <= ?');
    params.push(dateBound(filters.to, 'to'));
    countable = false;
  }
  if (filters.coach_share_min !== undefined || filters.coach_share_max !== undefined) {
    const min = filters.coach_share_min ?? 0;
    const max = filters.coach_share_max ?? 1;
    if (min > max) throw badRequest('coach_share_min', `is above coach_share_max (${min} > ${max})`);
    // The indexed expression, so the range is read from sessions_listed_coach_share; no share (-1) is outside it.
    clauses.push('IFNULL(coach_share, -1) BETWEEN ? AND ?');
    params.push(min, max);
    countable = false;
  }
  // Tags and `q` are answered by the search indexes (list-pages: usesSearchIndex); kept here for completeness.
  for (const tag of new Set(filters.tag ?? [])) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(tags) WHERE value = ?)');
    params.push(tag);
    countable = false;
  }
  if (filters.q && /[\p{L}\p{N}_]/u.test(filters.q)) throw new Error('a search is answered by sessions_search');
  return { clauses, params, countable };
}

export interface PageQuery {
  sql: string;
  params: (string | number)[];
}

export function buildPageQuery(
  columns: string,
  filters: SessionFilters,
  page: { limit: number; offset: number; cursor?: Cursor; walk?: boolean; skip?: number },
): PageQuery {
  const where = buildWhere(filters);
  const spec = SORTS[filters.sort];
  const clauses = [...where.clauses];
  const params = [...where.params];
  if (page.cursor) {
    clauses.push(`(${spec.expr}, ${spec.tie}) ${spec.desc ? '<' : '>'} (?, ?)`);
    params.push(page.cursor.value, cursorTie(filters.sort, page.cursor));
  }
  const dir = spec.desc ? 'DESC' : 'ASC';
  const filtered = Boolean(
    filters.status_filter || filters.platform || filters.coach_id || filters.client || filters.from || filters.to,
  );
  // `walk`: read without LIMIT (the caller stops early), so the planner must be told to read the index in order.
  const index = (filtered || page.walk) && !filters.q ? LISTED_SORT_INDEX[filters.sort] : undefined;
  let sql = `SELECT ${columns} FROM sessions${index ? ` INDEXED BY ${index}` : ''} WHERE ${clauses.join(' AND ')} ORDER BY ${spec.expr} ${dir}, ${spec.tie} ${dir} LIMIT ?`;
  params.push(page.limit);
  const skip = page.cursor ? (page.skip ?? 0) : page.offset;
  if (skip > 0) {
    sql += ' OFFSET ?';
    params.push(skip);
  }
  return { sql, params };
}

/** The sort key of a row as the cursor stores it (the same expression the ORDER BY uses). */
export function sortValue(
  sort: SessionSort,
  row: {
    recorded_at: string;
    title: string;
    duration: number | null;
    size: number;
    created_at: string;
    coach_share?: number | null;
  },
): string | number {
  switch (sort) {
    case '-recorded_at':
    case 'recorded_at':
    case 'relevance':
      return row.recorded_at;
    case 'title':
      return row.title;
    case '-duration':
      return row.duration ?? -1;
    case '-size':
      return row.size;
    case '-created_at':
      return row.created_at;
    case '-coach_share':
    case 'coach_share':
      return row.coach_share ?? -1;
  }
}
