/**
 * The browser's API token. `filmroom serve` (and `filmroom open`) print `http://127.0.0.1:PORT/#token=XYZ`; the
 * fragment never reaches the server or its logs. We keep it in sessionStorage (gone with the tab) — or, when the
 * coach ticks "Stay signed in" on the sign-in screen, in localStorage so bookmarks and new tabs open signed in —
 * and strip it from the address bar so it is not bookmarked, shared or left in history.
 */
export const TOKEN_STORAGE_KEY = 'filmroom.token';

interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem?(key: string): void;
}

/** The slices of `location`, `sessionStorage` and `history` used (structural, so tests run without a DOM). */
export interface TokenEnvironment {
  location: { hash: string; pathname: string; search: string };
  storage: KeyValueStorage;
  /** localStorage: the "Stay signed in" token, read when the tab has none. */
  persistent?: KeyValueStorage;
  history: { state: unknown; replaceState(data: unknown, unused: string, url?: string | null): void };
}

/** The token from `#token=…` in a fragment such as `#token=abc&x=1`, or null. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.trim() !== '' ? token.trim() : null;
}

/** What a coach pastes on the sign-in screen: the whole printed link, or the token alone. */
export function tokenFromInput(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const hash = trimmed.indexOf('#');
  if (hash >= 0) return tokenFromHash(trimmed.slice(hash));
  return /^[\w.~+/=-]+$/.test(trimmed) ? trimmed : null;
}

export function takeToken(env: TokenEnvironment): string | null {
  const fromHash = tokenFromHash(env.location.hash);
  if (fromHash) {
    env.storage.setItem(TOKEN_STORAGE_KEY, fromHash);
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}`);
    return fromHash;
  }
  return env.storage.getItem(TOKEN_STORAGE_KEY) ?? env.persistent?.getItem(TOKEN_STORAGE_KEY) ?? null;
}

export function saveToken(env: TokenEnvironment, token: string, remember: boolean): void {
  env.storage.setItem(TOKEN_STORAGE_KEY, token);
  if (remember) env.persistent?.setItem(TOKEN_STORAGE_KEY, token);
  else env.persistent?.removeItem?.(TOKEN_STORAGE_KEY);
}

/** A token the server refused is dropped everywhere: the sign-in screen asks for a new one. */
export function forgetToken(env: TokenEnvironment): void {
  env.storage.removeItem?.(TOKEN_STORAGE_KEY);
  env.persistent?.removeItem?.(TOKEN_STORAGE_KEY);
}
