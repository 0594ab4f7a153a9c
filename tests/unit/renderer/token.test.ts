import { describe, expect, it, vi } from 'vitest';
import {
  forgetToken,
  saveToken,
  takeToken,
  TOKEN_STORAGE_KEY,
  tokenFromHash,
  tokenFromInput,
} from '../../../renderer/api/token.js';

function env(hash: string, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [[TOKEN_STORAGE_KEY, stored]] : []);
  return {
    location: { hash, pathname: '/', search: '?x=1' },
    storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    history: { state: null, replaceState: vi.fn() },
    store,
  };
}

describe('token', () => {
  it('reads #token= and ignores other fragments', () => {
    expect(tokenFromHash('#token=abc')).toBe('abc');
    expect(tokenFromHash('#a=1&token=x-y_z')).toBe('x-y_z');
    expect(tokenFromHash('#section')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('keeps the token from the URL in sessionStorage and removes it from the address bar', () => {
    const e = env('#token=abc');
    expect(takeToken(e)).toBe('abc');
    expect(e.store.get(TOKEN_STORAGE_KEY)).toBe('abc');
    expect(e.history.replaceState).toHaveBeenCalledWith(null, '', '/?x=1');
  });

  it('falls back to the stored token on reload', () => {
    const e = env('', 'old');
    expect(takeToken(e)).toBe('old');
    expect(e.history.replaceState).not.toHaveBeenCalled();
  });
});

describe('sign-in tokens', () => {
  it('takes the token from a pasted link or a bare token, and nothing else', () => {
    expect(tokenFromInput('http://127.0.0.1:47800/#token=abc123')).toBe('abc123');
    expect(tokenFromInput('  abc123  ')).toBe('abc123');
    expect(tokenFromInput('http://127.0.0.1:47800/')).toBeNull();
    expect(tokenFromInput('two words')).toBeNull();
    expect(tokenFromInput('')).toBeNull();
  });

  it('"stay signed in" keeps the token for new tabs; forgetting drops it everywhere', () => {
    const tab = env('');
    const kept = new Map<string, string>();
    const persistent = {
      getItem: (k: string) => kept.get(k) ?? null,
      setItem: (k: string, v: string) => void kept.set(k, v),
      removeItem: (k: string) => void kept.delete(k),
    };
    saveToken({ ...tab, persistent }, 'tok', true);
    const newTab = env('');
    expect(takeToken({ ...newTab, persistent })).toBe('tok');
    forgetToken({ ...newTab, persistent });
    expect(takeToken({ ...env(''), persistent })).toBeNull();
    saveToken({ ...env(''), persistent }, 'once', false);
    expect(kept.has(TOKEN_STORAGE_KEY)).toBe(false);
  });
});
