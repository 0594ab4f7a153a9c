/** A tiny hash router over route-path's spelling: the review, the sidebar's places and the library. */
import { useSyncExternalStore } from 'react';
import { libraryHash, parseRoute, placeHash, reviewHash, type Place, type Route } from './route-path.js';

export { parseRoute, reviewHash, placeHash, type Route, type Place };

/** The library's last filter query, so leaving a review or a place comes back to the same view. */
let lastLibraryQuery = '';
export function rememberLibraryQuery(query: string): void {
  lastLibraryQuery = query;
}
export function currentLibraryHash(): string {
  return libraryHash(lastLibraryQuery);
}

export function openSession(id: string): void {
  window.location.hash = reviewHash(id);
}

export function openPlace(place: Place): void {
  window.location.hash = placeHash(place);
}

export function backToLibrary(): void {
  window.location.hash = currentLibraryHash();
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
