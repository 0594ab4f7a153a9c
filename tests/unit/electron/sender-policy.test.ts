import { describe, expect, it } from 'vitest';
import { isTrustedSender, isTrustedUrl, originOf, type SenderPolicy } from '../../../main/ipc/sender-policy.js';

const policy: SenderPolicy = { webContentsId: 7, origins: [{ protocol: 'app:', host: 'filmroom' }] };
const ours = { webContentsId: 7, frameUrl: 'app://filmroom/index.html', isMainFrame: true };

describe('IPC sender policy', () => {
  it('answers our window main frame on our origin', () => {
    expect(isTrustedSender(ours, policy)).toBe(true);
    expect(isTrustedSender({ ...ours, frameUrl: 'app://filmroom/deep/route?x=1#h' }, policy)).toBe(true);
  });

  it('drops another webContents, a subframe, a destroyed frame and foreign pages', () => {
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, policy)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, policy)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: null }, policy)).toBe(false);
    for (const url of [
      'https://evil.example/',
      'app://filmroom.evil/index.html',
      'app://other/index.html',
      'file:///etc/passwd',
      'http://filmroom/',
      'about:blank',
      'data:text/html,hi',
      'not a url',
    ]) {
      expect(isTrustedSender({ ...ours, frameUrl: url }, policy), url).toBe(false);
    }
  });

  it('compares dev-server origins by scheme, host and port', () => {
    const dev = [{ protocol: 'http:', host: 'localhost:5173' }];
    expect(isTrustedUrl('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('https://localhost:5173/', dev)).toBe(false);
  });

  it('reads custom-scheme origins that Node reports as "null"', () => {
    expect(new URL('app://filmroom/x').origin).toBe('null');
    expect(originOf('app://filmroom/x')).toEqual({ protocol: 'app:', host: 'filmroom' });
  });
});
