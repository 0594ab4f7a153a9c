/**
 * The library's filters spelled as a URL query (`client=Acme&platform=zoom&from=2026-01-01&tag=intro&tag=goals`),
 * pure: a filtered view is bookmarkable, restored on reload, and can be handed to another local tool. Only what
 * differs from the defaults is written; anything unknown or malformed is ignored when read.
 */
import { PLATFORMS, SESSION_SORTS, SESSION_STATUSES } from '../../../shared/contract/index.js';
import { DEFAULT_FILTERS, type LibraryFilters } from './list-query.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function filtersToQuery(filters: LibraryFilters): string {
  const params = new URLSearchParams();
  if (filters.q.trim()) params.set('q', filters.q.trim());
  if (filters.status !== 'all') params.set('status', filters.status);
  if (!filters.hideFailed) params.set('failed', 'shown');
  if (filters.sort !== DEFAULT_FILTERS.sort) params.set('sort', filters.sort);
  if (filters.client) params.set('client', filters.client);
  if (filters.platform !== 'all') params.set('platform', filters.platform);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  for (const tag of filters.tags) params.append('tag', tag);
  if (filters.coachShareMin !== null || filters.coachShareMax !== null)
    params.set('coach_share', `${filters.coachShareMin ?? ''}-${filters.coachShareMax ?? ''}`);
  return params.toString();
}

export function filtersFromQuery(query: string): LibraryFilters {
  const params = new URLSearchParams(query);
  const pick = <T extends string>(key: string, allowed: readonly T[]): T | undefined =>
    allowed.find((v) => v === params.get(key));
  const day = (key: string) => {
    const v = params.get(key) ?? '';
    return DAY.test(v) ? v : '';
  };
  const tags = [
    ...new Set(
      params
        .getAll('tag')
        .map((t) => t.trim())
        .filter((t) => t && t.length <= 50),
    ),
  ];
  return {
    q: (params.get('q') ?? '').slice(0, 200),
    status: pick('status', SESSION_STATUSES) ?? 'all',
    hideFailed: params.get('failed') !== 'shown',
    sort: pick('sort', SESSION_SORTS) ?? DEFAULT_FILTERS.sort,
    client: (params.get('client') ?? '').trim().slice(0, 200),
    platform: pick('platform', PLATFORMS) ?? 'all',
    from: day('from'),
    to: day('to'),
    tags: tags.slice(0, 20),
    ...shareRange(params.get('coach_share')),
  };
}

/** `coach_share=40-60` (whole percent; either end may be left open: `40-`, `-60`). */
function shareRange(text: string | null): Pick<LibraryFilters, 'coachShareMin' | 'coachShareMax'> {
  const m = /^(\d{1,3})?-(\d{1,3})?$/.exec(text ?? '');
  const open = { coachShareMin: null, coachShareMax: null };
  if (!m || (m[1] === undefined && m[2] === undefined)) return open;
  const min = m[1] === undefined ? null : Number(m[1]);
  const max = m[2] === undefined ? null : Number(m[2]);
  if ((min !== null && min > 100) || (max !== null && max > 100) || (min !== null && max !== null && min > max))
    return open;
  return { coachShareMin: min, coachShareMax: max };
}

export function sameFilters(a: LibraryFilters, b: LibraryFilters): boolean {
  return filtersToQuery(a) === filtersToQuery(b);
}
