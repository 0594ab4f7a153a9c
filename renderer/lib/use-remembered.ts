/**
 * A choice remembered in this browser (or app window) across restarts: the library's view mode, the grid's
 * grouping. `parse` turns what storage holds (or null) into a valid value, so an old or foreign entry falls back.
 */
import { useCallback, useState } from 'react';

export function useRemembered<T extends string>(
  key: string,
  parse: (stored: string | null) => T,
): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(() => {
    try {
      return parse(localStorage.getItem(key));
    } catch {
      return parse(null); // storage refused (private mode): the default
    }
  });
  const choose = useCallback(
    (next: T) => {
      setValue(next);
      try {
        localStorage.setItem(key, next);
      } catch {
        // not remembered; the choice still holds for this visit
      }
    },
    [key],
  );
  return [value, choose];
}
