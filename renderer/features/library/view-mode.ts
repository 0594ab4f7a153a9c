/** Table or grid: the coach's choice, remembered in this browser (or app window) across restarts. */
import { useCallback, useState } from 'react';

export type ViewMode = 'table' | 'grid';
const KEY = 'filmroom.libraryView';

function stored(): ViewMode {
  try {
    return localStorage.getItem(KEY) === 'grid' ? 'grid' : 'table';
  } catch {
    return 'table'; // storage refused (private mode): the default view
  }
}

export function useViewMode(): [ViewMode, (mode: ViewMode) => void] {
  const [mode, setMode] = useState<ViewMode>(stored);
  const choose = useCallback((next: ViewMode) => {
    setMode(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // not remembered; the choice still holds for this visit
    }
  }, []);
  return [mode, choose];
}
