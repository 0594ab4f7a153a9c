/** The review route's spelling, pure (unit-tested in Node): `#/sessions/<id>` is a review, anything else the library. */
export type Route = { kind: 'library' } | { kind: 'review'; id: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/sessions\/([^/?#]+)$/.exec(hash);
  return match?.[1] ? { kind: 'review', id: decodeURIComponent(match[1]) } : { kind: 'library' };
}

export function reviewHash(id: string): string {
  return `#/sessions/${encodeURIComponent(id)}`;
}
