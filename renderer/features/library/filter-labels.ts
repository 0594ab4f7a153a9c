/** How filters read to a coach (chips, menus). */
import type { Platform, SessionStatus } from '../../../shared/contract/index.js';
import type { LibraryFilters } from './list-query.js';

export const PLATFORM_LABELS: Record<Platform, string> = {
  zoom: 'Zoom',
  teams: 'Teams',
  meet: 'Meet',
  local: 'Local file',
  api: 'Other tool (API)',
};

export const STATUS_LABELS: Record<SessionStatus, string> = {
  pending: 'Pending',
  importing: 'Importing',
  uploaded: 'In library',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
};

export interface Chip {
  key: string;
  label: string;
  /** What removing the chip changes. */
  clear: Partial<LibraryFilters>;
}

/** One removable chip per active filter, in a stable order. */
export function filterChips(filters: LibraryFilters): Chip[] {
  const chips: Chip[] = [];
  if (filters.q.trim()) chips.push({ key: 'q', label: `Search: ${filters.q.trim()}`, clear: { q: '' } });
  if (filters.status !== 'all')
    chips.push({ key: 'status', label: `Status: ${STATUS_LABELS[filters.status]}`, clear: { status: 'all' } });
  if (filters.client) chips.push({ key: 'client', label: `Client: ${filters.client}`, clear: { client: '' } });
  if (filters.platform !== 'all')
    chips.push({
      key: 'platform',
      label: `Platform: ${PLATFORM_LABELS[filters.platform]}`,
      clear: { platform: 'all' },
    });
  if (filters.from || filters.to) {
    const label =
      filters.from && filters.to
        ? `Recorded ${filters.from} – ${filters.to}`
        : filters.from
          ? `Recorded from ${filters.from}`
          : `Recorded until ${filters.to}`;
    chips.push({ key: 'dates', label, clear: { from: '', to: '' } });
  }
  if (filters.coachShareMin !== null || filters.coachShareMax !== null) {
    const label =
      filters.coachShareMin !== null && filters.coachShareMax !== null
        ? `Coach talk ${filters.coachShareMin}–${filters.coachShareMax}%`
        : filters.coachShareMin !== null
          ? `Coach talk ≥ ${filters.coachShareMin}%`
          : `Coach talk ≤ ${filters.coachShareMax}%`;
    chips.push({ key: 'coach-share', label, clear: { coachShareMin: null, coachShareMax: null } });
  }
  for (const tag of filters.tags)
    chips.push({ key: `tag:${tag}`, label: `Tag: ${tag}`, clear: { tags: filters.tags.filter((t) => t !== tag) } });
  return chips;
}
