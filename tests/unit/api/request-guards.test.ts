/** request-guards.ts: loopback Host allow-list, same-origin check, bearer parsing. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bearerToken, isAllowedHost, isAllowedOrigin } from '../../../main/api/request-guards.js';

describe('isAllowedHost', () => {
  it.each(['127.0.0.1', '127.0.0.1:47800', 'localhost', 'localhost:1', 'LOCALHOST:8080', '[::1]', '[::1]:47800'])(
    'allows %s',
    (host) => {
      expect(isAllowedHost(host)).toBe(true);
    },
  );

  it.each([
    undefined,
    '',
    'evil.example',
    'evil.example:47800',
    'localhost.evil.example',
    '127.0.0.1.evil.example',
    'evil.example#127.0.0.1',
    '127.0.0.2',
    '0.0.0.0:47800',
    '127.0.0.1:47800 ',
    ' localhost',
    'localhost:abc',
    'localhost:',
    '127.0.0.1@evil.example',
    'localhost\r\nx: y',
    '[::1]evil',
  ])('refuses %j', (host) => {
    expect(isAllowedHost(host)).toBe(false);
  });

  it('property: anything that is not a loopback name (with an optional port) is refused', () => {
    fc.assert(
      fc.property(fc.string(), (host) => {
        const loopback = /^(127\.0\.0\.1|localhost|\[::1\])(:\d{1,5})?$/i.test(host);
        expect(isAllowedHost(host)).toBe(loopback);
      }),
    );
  });
});

describe('isAllowedOrigin', () => {
  it('allows requests without an Origin (scripts, curl)', () => {
    expect(isAllowedOrigin(undefined, '127.0.0.1:47800')).toBe(true);
  });

  it('allows the app’s own origin, case-insensitively', () => {
    expect(isAllowedOrigin('http://127.0.0.1:47800', '127.0.0.1:47800')).toBe(true);
    expect(isAllowedOrigin('http://LOCALHOST:47800', 'localhost:47800')).toBe(true);
  });

  it.each([
    ['http://evil.example', '127.0.0.1:47800'],
    ['null', '127.0.0.1:47800'],
    ['http://127.0.0.1:47801', '127.0.0.1:47800'],
    ['https://127.0.0.1:47800', '127.0.0.1:47800'],
    ['http://localhost:47800', '127.0.0.1:47800'],
    ['http://127.0.0.1:47800.evil.example', '127.0.0.1:47800'],
    ['http://127.0.0.1', '127.0.0.1:47800'],
    ['', '127.0.0.1:47800'],
    ['http://127.0.0.1:47800', undefined],
  ])('refuses Origin %j for Host %j', (origin, host) => {
    expect(isAllowedOrigin(origin, host)).toBe(false);
  });
});

describe('bearerToken', () => {
  it('extracts the token of a Bearer header', () => {
    expect(bearerToken('Bearer abc.DEF-123_x')).toBe('abc.DEF-123_x');
    expect(bearerToken('bearer   tok  ')).toBe('tok');
  });

  it.each([undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'Token abc', 'Bearer a b', 'abc', 'Bearerabc'])(
    'gives null for %j',
    (h) => {
      expect(bearerToken(h)).toBeNull();
    },
  );

  it('property: a Bearer header round-trips any token without whitespace', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\S+$/), (token) => {
        expect(bearerToken(`Bearer ${token}`)).toBe(token);
      }),
    );
  });
});
