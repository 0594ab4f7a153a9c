/**
 * The app's places as hash routes, pure (unit-tested in Node): `#/sessions/<id>` is a review, `#/trash`,
 * `#/uploads`, `#/storage`, `#/settings` are places of the sidebar, anything else the library (whose filters ride
 * in the hash's query, `#/?client=Acme&tag=intro`, so a filtered view can be bookmarked).
 */
export const PLACES = ['trash', 'uploads', 'storage', 'settings'] as const;
export type Place = (typeof PLACES)[number];

export type Route = { kind: 'library' } | { kind: 'review'; id: string } | { kind: Place };

export function parseRoute(hash: string): Route {
  const match = /^#\/sessions\/([^/?#]+)$/.exec(hash);
  if (match?.[1]) return { kind: 'review', id: decodeURIComponent(match[1]) };
  const place = /^#\/([a-z]+)\/?(\?.*)?$/.exec(hash)?.[1];
  return PLACES.find((p) => p === place) ? { kind: place as Place } : { kind: 'library' };
}

export function reviewHash(id: string): string {
  return `#/sessions/${encodeURIComponent(id)}`;
}

export function placeHash(place: Place): string {
  return `#/${place}`;
}

/** The library's hash with its filter query (`''` for none). */
export function libraryHash(query: string): string {
  return query ? `#/?${query}` : '#/';
}

/** The query part of a library hash (`#/?a=b` → `a=b`); `''` for another route. */
export function libraryQuery(hash: string): string {
  if (parseRoute(hash).kind !== 'library') return '';
  const at = hash.indexOf('?');
  return at === -1 ? '' : hash.slice(at + 1);
}
