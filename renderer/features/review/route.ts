/** A tiny hash route: `#/sessions/<id>` shows the review view, anything else the library. */
import { useSyncExternalStore } from 'react';
import { parseRoute, reviewHash, type Route } from './route-path.js';

export { parseRoute, reviewHash, type Route };

export function openSession(id: string): void {
  window.location.hash = reviewHash(id);
}

export function backToLibrary(): void {
  window.location.hash = '';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
