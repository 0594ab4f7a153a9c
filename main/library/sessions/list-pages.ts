/**
 * Which structure answers a list page: `sessions_search` for searches and for newest-first views with filters
 * the per-column indexes cannot serve in order (combined filters, client, dates); the per-sort ordered indexes
 * (migration 0011) for searches and client views sorted otherwise; else the list indexes.
 * Either way a page is read in order from an index and deeper pages continue by keyset.
 */
import type { SessionFilters, SearchSnippet } from '../../../shared/contract/sessions.js';
import { decodeCursor, encodeCursor, sortValue, usesCoachShare, type Cursor } from './list-query.js';
import type { SessionRow } from './session-row.js';
import type { SessionsRepository } from './sessions-repository.js';
import type { SearchAnswer } from './session-search-repository.js';

export interface ListedPage {
  rows: SessionRow[];
  total: number;
  lowerBound: boolean;
  offset: number;
  nextCursor: string | null;
  snippets: Map<string, SearchSnippet>;
}

/** True when the view goes through `sessions_search` in recording order. */
export function usesSearchIndex(filters: SessionFilters): boolean {
  if (filters.q && filters.q.trim() !== '') return true;
  // Tags are facets of the search indexes only (migration 0020).
  if (filters.tag && filters.tag.length > 0) return true;
  // A client's sessions, or a date range, sorted otherwise than by time: that sort's ordered index with the client
  // facet and the range's matches as its filter (a walk of the sort's B-tree index would step over ~240 other
  // clients' rows per row it keeps, or every row of other days: 20-30 ms for one day at 1M).
  if (filters.sort !== '-recorded_at' && filters.sort !== 'recorded_at' && filters.sort !== 'relevance')
    return Boolean(filters.client || filters.from || filters.to);
  const single = [filters.status_filter, filters.platform, filters.coach_id].filter(Boolean).length;
  return Boolean(filters.client || filters.from || filters.to) || single > 1;
}

export function listPage(
  repo: SessionsRepository,
  filters: SessionFilters,
  args: { limit: number; offset: number; cursor?: string },
): ListedPage {
  const cursor = args.cursor ? decodeCursor(args.cursor, filters.sort) : undefined;
  const offset = cursor ? cursor.offset : args.offset;
  if (!usesSearchIndex(filters)) {
    const rows = repo.page(filters, { limit: args.limit, offset, cursor });
    const total = repo.count(filters);
    const more = rows.length === args.limit && offset + rows.length < total;
    return {
      rows,
      total,
      lowerBound: false,
      offset,
      nextCursor: next(filters, rows, offset, more),
      snippets: new Map(),
    };
  }
  const hasWords = Boolean(filters.q && /[\p{L}\p{N}_]/u.test(filters.q));
  if (usesCoachShare(filters)) {
    // Read by seq and sorted on the row's key (no search index holds the share): cursors carry that key.
    const keyset = cursor ? { value: cursor.value, id: cursor.id, seq: cursor.seq } : undefined;
    const answer = repo.search.collectedPage(filters, { limit: args.limit, offset, cursor: keyset });
    const more = answer.rows.length === args.limit && (answer.lowerBound || offset + answer.rows.length < answer.total);
    return {
      rows: answer.rows,
      total: answer.total,
      lowerBound: answer.lowerBound,
      offset,
      nextCursor: next(filters, answer.rows, offset, more),
      snippets: hasWords ? repo.search.snippets(answer.rows, filters.q!) : new Map<string, SearchSnippet>(),
    };
  }
  let answer: SearchAnswer;
  if (filters.sort === 'relevance' && hasWords) {
    answer = repo.search.relevancePage(filters, { limit: args.limit, offset });
  } else if (['-recorded_at', 'recorded_at', 'relevance'].includes(filters.sort)) {
    answer = repo.search.page(filters, { limit: args.limit, offset, after: searchKeyOf(cursor) });
  } else {
    const keyset = cursor ? { value: cursor.value, id: cursor.id, seq: cursor.seq } : undefined;
    answer = repo.search.sortedPage(filters, { limit: args.limit, offset, cursor: keyset });
  }
  const { rows } = answer;
  const more = rows.length === args.limit && (answer.lowerBound || offset + rows.length < answer.total);
  const last = rows.at(-1);
  let nextCursor: string | null = null;
  if (last && more) {
    const ordered = filters.sort !== 'relevance' || !hasWords;
    const recorded = ['-recorded_at', 'recorded_at', 'relevance'].includes(filters.sort);
    nextCursor = encodeCursor({
      sort: filters.sort,
      // Recording-ordered views continue after the last row's search key; relevance pages by offset.
      value: !ordered ? 0 : recorded ? last.search_key : sortValue(filters.sort, last),
      id: last.id,
      offset: offset + rows.length,
      seq: last.seq,
    });
  }
  const snippets = hasWords ? repo.search.snippets(rows, filters.q!) : new Map<string, SearchSnippet>();
  return { rows, total: answer.total, lowerBound: answer.lowerBound, offset, nextCursor, snippets };
}

/** The search key a recording-ordered search cursor carries (relevance cursors carry 0: offset paging). */
function searchKeyOf(cursor: Cursor | undefined): bigint | undefined {
  if (!cursor || cursor.value === 0) return undefined;
  if (typeof cursor.value !== 'string' || !/^\d{1,19}$/.test(cursor.value)) return undefined;
  return BigInt(cursor.value);
}

function next(filters: SessionFilters, rows: SessionRow[], offset: number, more: boolean): string | null {
  const last = rows.at(-1);
  if (!last || !more) return null;
  return encodeCursor({
    sort: filters.sort,
    value: sortValue(filters.sort, last),
    id: last.id,
    offset: offset + rows.length,
    seq: last.seq,
  });
}
