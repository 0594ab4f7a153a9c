/**
 * Keeps the library's filters and the URL in step: a filter change rewrites the library's hash (no new history
 * entry per keystroke), and a library URL opened or navigated to (Back, a bookmark, another tool's link) applies
 * its filters.
 */
import { useEffect } from 'react';
import type { LibraryStore } from '../../stores/library-store.js';
import { filtersFromQuery, filtersToQuery, sameFilters } from '../library/filters-url.js';
import { libraryHash, libraryQuery, parseRoute } from '../review/route-path.js';
import { rememberLibraryQuery } from '../review/route.js';

export function useFiltersInUrl(library: LibraryStore): void {
  useEffect(() => {
    rememberLibraryQuery(filtersToQuery(library.getState().filters));
    const unsubscribe = library.subscribe((state, previous) => {
      if (state.filters === previous.filters) return;
      const query = filtersToQuery(state.filters);
      rememberLibraryQuery(query);
      if (parseRoute(window.location.hash).kind !== 'library') return;
      const next = libraryHash(query);
      if (window.location.hash !== next) window.history.replaceState(window.history.state, '', next);
    });
    const onHash = () => {
      const hash = window.location.hash;
      if (parseRoute(hash).kind !== 'library') return;
      const wanted = filtersFromQuery(libraryQuery(hash));
      if (!sameFilters(wanted, library.getState().filters)) library.getState().setFilters(wanted);
    };
    window.addEventListener('hashchange', onHash);
    return () => {
      unsubscribe();
      window.removeEventListener('hashchange', onHash);
    };
  }, [library]);
}
