/** Table or grid: the coach's choice, remembered in this browser (or app window) across restarts. */
import { useRemembered } from '../../lib/use-remembered.js';

export type ViewMode = 'table' | 'grid';

const parse = (stored: string | null): ViewMode => (stored === 'grid' ? 'grid' : 'table');

export function useViewMode(): [ViewMode, (mode: ViewMode) => void] {
  return useRemembered('filmroom.libraryView', parse);
}
