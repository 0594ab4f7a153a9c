import { describe, expect, it } from 'vitest';
import { apiProxyTarget, forwardedRequestHeaders } from '../../../main/app/api-proxy.js';

const api = 'http://127.0.0.1:47800';

describe('app:// → local API proxy', () => {
  it('forwards reads under /api/ with their query', () => {
    expect(apiProxyTarget('app://filmroom/api/v1/sessions/s1/media?exp=1&sig=x', 'GET', api)).toBe(
      'http://127.0.0.1:47800/api/v1/sessions/s1/media?exp=1&sig=x',
    );
    expect(apiProxyTarget('app://filmroom/api/v1/health', 'HEAD', api)).toBe('http://127.0.0.1:47800/api/v1/health');
  });

  it('leaves pages, writes, other hosts and a stopped API alone', () => {
    expect(apiProxyTarget('app://filmroom/index.html', 'GET', api)).toBeNull();
    expect(apiProxyTarget('app://filmroom/apix/v1', 'GET', api)).toBeNull();
    expect(apiProxyTarget('app://filmroom/api/v1/sessions/s1', 'DELETE', api)).toBeNull();
    expect(apiProxyTarget('app://filmroom/api/v1/sessions/import', 'POST', api)).toBeNull();
    expect(apiProxyTarget('app://other/api/v1/health', 'GET', api)).toBeNull();
    expect(apiProxyTarget('app://filmroom/api/v1/health', 'GET', null)).toBeNull();
  });

  it('never leaves the API origin', () => {
    for (const url of [
      'app://filmroom/api/..//evil.example/x',
      'app://filmroom/api/%2F%2Fevil.example/x',
      'app://filmroom//evil.example/api/',
    ]) {
      const target = apiProxyTarget(url, 'GET', api);
      if (target !== null) expect(new URL(target).origin, url).toBe(api);
    }
  });

  it('forwards only the headers a player needs', () => {
    const headers = new Headers({
      range: 'bytes=0-99',
      cookie: 'a=b',
      origin: 'app://filmroom',
      authorization: 'Bearer x',
    });
    expect(forwardedRequestHeaders(headers)).toEqual({ range: 'bytes=0-99' });
  });
});
