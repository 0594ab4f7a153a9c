/**
 * The browser's API token. `filmroom serve` prints `http://127.0.0.1:PORT/#token=XYZ`; the fragment never reaches
 * the server or its logs. We keep it in sessionStorage (gone with the tab) and strip it from the address bar so
 * it is not bookmarked, shared or left in history.
 */
export const TOKEN_STORAGE_KEY = 'filmroom.token';

/** The slices of `location`, `sessionStorage` and `history` used (structural, so tests run without a DOM). */
export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string | null): void };
}

/** The token from `#token=…` in a fragment such as `#token=abc&x=1`, or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

export function takeToken(env: TokenEnvironment): string | null {
  const fromHash = tokenFromHash(env.location.hash);
  if (fromHash) {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}`);
    return fromHash;
  }
  return env.storage.getItem(TOKEN_STORAGE_KEY);
}
