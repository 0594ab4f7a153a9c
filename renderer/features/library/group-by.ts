/** The grid's "Group by": the coach's choice, remembered in this browser (or app window) as the view mode is. */
import { useCallback, useState } from 'react';
import { GROUP_BYS, type GroupBy } from './grid-groups.js';

const KEY = 'filmroom.gridGroupBy';

function stored(): GroupBy {
  try {
    const value = localStorage.getItem(KEY);
    return (GROUP_BYS as readonly string[]).includes(value ?? '') ? (value as GroupBy) : 'none';
  } catch {
    return 'none'; // storage refused (private mode): ungrouped
  }
}

export function useGroupBy(): [GroupBy, (by: GroupBy) => void] {
  const [by, setBy] = useState<GroupBy>(stored);
  const choose = useCallback((next: GroupBy) => {
    setBy(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // not remembered; the choice still holds for this visit
    }
  }, []);
  return [by, choose];
}
