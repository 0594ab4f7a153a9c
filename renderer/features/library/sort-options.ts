/** The API's `sort` values as the UI offers them: in a menu, and as sortable column headers. */
import type { SessionSort } from '../../../shared/contract/index.js';

export const SORT_OPTIONS: ReadonlyArray<{ value: SessionSort; label: string }> = [
  { value: '-recorded_at', label: 'Newest recorded' },
  { value: 'recorded_at', label: 'Oldest recorded' },
  { value: 'title', label: 'Title A–Z' },
  { value: '-duration', label: 'Longest' },
  { value: '-size', label: 'Largest' },
  { value: '-created_at', label: 'Recently added' },
  { value: 'relevance', label: 'Best match (search)' },
  { value: '-coach_share', label: 'Coach talks most' },
  { value: 'coach_share', label: 'Coach talks least' },
];

/** Sort values a header cycles through on click; the API sorts these columns one way only, except dates. */
const COLUMN_SORTS: Readonly<Record<string, readonly SessionSort[]>> = {
  recorded: ['-recorded_at', 'recorded_at'],
  title: ['title'],
  duration: ['-duration'],
  size: ['-size'],
  coachShare: ['-coach_share', 'coach_share'],
};

export function isSortableColumn(columnId: string): boolean {
  return columnId in COLUMN_SORTS;
}

export function nextSortForColumn(columnId: string, current: SessionSort): SessionSort {
  const cycle = COLUMN_SORTS[columnId];
  if (!cycle || cycle.length === 0) return current;
  const at = cycle.indexOf(current);
  return cycle[(at + 1) % cycle.length] ?? current;
}

export function columnSortDirection(columnId: string, sort: SessionSort): 'ascending' | 'descending' | 'none' {
  if (!COLUMN_SORTS[columnId]?.includes(sort)) return 'none';
  return sort.startsWith('-') ? 'descending' : 'ascending';
}
