/** The grid's "Group by": the coach's choice, remembered in this browser (or app window) as the view mode is. */
import { useRemembered } from '../../lib/use-remembered.js';
import { GROUP_BYS, type GroupBy } from './grid-groups.js';

const parse = (stored: string | null): GroupBy =>
  (GROUP_BYS as readonly string[]).includes(stored ?? '') ? (stored as GroupBy) : 'none';

export function useGroupBy(): [GroupBy, (by: GroupBy) => void] {
  return useRemembered('filmroom.gridGroupBy', parse);
}
