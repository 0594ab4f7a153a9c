/** Calls `fn` with the latest value once it has stopped changing for `delayMs`. */
import { useEffect, useRef } from 'react';

export function useDebouncedEffect<T>(value: T, delayMs: number, fn: (value: T) => void): void {
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const first = useRef(true);
  useEffect(() => {
    // The initial value is already applied; only changes are debounced.
    if (first.current) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => fnRef.current(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
}
