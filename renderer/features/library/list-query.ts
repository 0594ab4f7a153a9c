/**
 * The library view's filters and how they map onto `sessions.list` input. The UI keeps its own friendly shape
 * (a checkbox, a dropdown with "All", a search box) and this is the single place it becomes API parameters.
 */
import type { OperationInput, Platform, Session, SessionSort, SessionStatus } from '../../../shared/contract/index.js';
import type { contract } from '../../../shared/contract/index.js';

export type ListInput = OperationInput<typeof contract.sessions.list>;

export interface LibraryFilters {
  hideFailed: boolean;
  status: SessionStatus | 'all';
  q: string;
  sort: SessionSort;
  /** Exact client name; '' for any. */
  client: string;
  platform: Platform | 'all';
  /** Recorded between these days (`2026-01-31`, inclusive); '' for open. */
  from: string;
  to: string;
  /** Sessions carrying every one of these tags. */
  tags: readonly string[];
  /** The coach's share of talk time, in whole percent (0–100), inclusive; null for open. */
  coachShareMin: number | null;
  coachShareMax: number | null;
}

export const DEFAULT_FILTERS: LibraryFilters = {
  hideFailed: true,
  status: 'all',
  q: '',
  sort: '-recorded_at',
  client: '',
  platform: 'all',
  from: '',
  to: '',
  tags: [],
  coachShareMin: null,
  coachShareMax: null,
};

export const PAGE_SIZE = 200;
/**
 * The first page of a view is smaller: it only has to fill a screen (27 rows at 1080 px), and the server answers a
 * search page of 50 in a fraction of the time of 200 (the snippets are made per row), so the first rows paint sooner
 * after the keystroke pause (issue 12). Scrolling near the end then loads full pages.
 */
export const FIRST_PAGE_SIZE = 50;

export function toListInput(filters: LibraryFilters, cursor?: string | null): ListInput {
  const q = filters.q.trim();
  // Ends typed the wrong way round mean the same range.
  const [low, high] =
    filters.coachShareMin !== null && filters.coachShareMax !== null && filters.coachShareMin > filters.coachShareMax
      ? [filters.coachShareMax, filters.coachShareMin]
      : [filters.coachShareMin, filters.coachShareMax];
  return {
    limit: cursor ? PAGE_SIZE : FIRST_PAGE_SIZE,
    sort: filters.sort,
    exclude_failed: filters.hideFailed,
    ...(filters.status === 'all' ? {} : { status_filter: filters.status }),
    ...(q ? { q } : {}),
    ...(filters.client ? { client: filters.client } : {}),
    ...(filters.platform === 'all' ? {} : { platform: filters.platform }),
    ...(filters.from ? { from: filters.from } : {}),
    // `to` is a day: the whole day counts (the API compares instants).
    ...(filters.to ? { to: `${filters.to}T23:59:59.999Z` } : {}),
    ...(filters.tags.length > 0 ? { tag: [...filters.tags] } : {}),
    ...(low !== null ? { coach_share_min: low / 100 } : {}),
    ...(high !== null ? { coach_share_max: high / 100 } : {}),
    ...(cursor ? { cursor } : {}),
  };
}

/**
 * Whether a session pushed by an event belongs in the current view. Full-text search runs on the server (it
 * covers transcripts), so with a query we only keep sessions already shown.
 */
export function matchesFilters(session: Session, filters: LibraryFilters): boolean {
  if (session.status === 'expired') return false;
  if (filters.client && session.client !== filters.client) return false;
  if (filters.platform !== 'all' && session.platform !== filters.platform) return false;
  const day = session.recorded_at.slice(0, 10);
  if ((filters.from && day < filters.from) || (filters.to && day > filters.to)) return false;
  if (!filters.tags.every((t) => (session.tags ?? []).includes(t))) return false;
  if (filters.coachShareMin !== null || filters.coachShareMax !== null) {
    const share = session.coach_share;
    if (share === null || share === undefined) return false;
    if (share * 100 < (filters.coachShareMin ?? 0) - 1e-9 || share * 100 > (filters.coachShareMax ?? 100) + 1e-9)
      return false;
  }
  if (filters.status !== 'all') return session.status === filters.status;
  return !(filters.hideFailed && session.status === 'failed');
}

/** Compare two sessions the way the server orders them for a sort value (ties by id, as the keyset does). */
export function compareSessions(a: Session, b: Session, sort: SessionSort): number {
  const byKey = compareKey(a, b, sort);
  return byKey !== 0 ? byKey : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function compareKey(a: Session, b: Session, sort: SessionSort): number {
  switch (sort) {
    case '-recorded_at':
    case 'relevance': // a live update cannot be ranked client-side; newest first is the server's tie order too
      return cmp(b.recorded_at, a.recorded_at);
    case 'recorded_at':
      return cmp(a.recorded_at, b.recorded_at);
    case 'title':
      return a.title.localeCompare(b.title);
    case '-duration':
      return (b.duration ?? -1) - (a.duration ?? -1);
    case '-size':
      return b.size - a.size;
    case '-created_at':
      return cmp(b.created_at, a.created_at);
    case '-coach_share':
      return (b.coach_share ?? -1) - (a.coach_share ?? -1);
    case 'coach_share':
      return (a.coach_share ?? -1) - (b.coach_share ?? -1);
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Where a new session goes among the loaded rows, or -1 when it sorts after them and more pages exist (the page
 * that holds it will bring it when scrolled to).
 */
export function insertionIndex(
  rows: readonly Session[],
  session: Session,
  sort: SessionSort,
  hasMore: boolean,
): number {
  const index = rows.findIndex((row) => compareSessions(session, row, sort) < 0);
  if (index !== -1) return index;
  return hasMore ? -1 : rows.length;
}
