import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, pageSource } from '../../../main/app/app-origin.js';
import { externalLinkToOpen } from '../../../main/app/navigation-policy.js';
import { isTrustedUrl } from '../../../main/ipc/sender-policy.js';

describe('page source', () => {
  it('serves the built renderer through app://filmroom', () => {
    const source = pageSource({}, false);
    expect(source.entryUrl).toBe(APP_ENTRY_URL);
    expect(isTrustedUrl(source.entryUrl, source.origins)).toBe(true);
    expect(source.devServerUrl).toBeUndefined();
  });

  it('uses the dev server only when not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' };
    expect(pageSource(env, false)).toMatchObject({
      entryUrl: 'http://localhost:5173',
      devServerUrl: 'http://localhost:5173',
    });
    expect(pageSource(env, true).entryUrl).toBe(APP_ENTRY_URL);
    expect(pageSource({ ELECTRON_RENDERER_URL: 'file:///tmp/evil.html' }, false).entryUrl).toBe(APP_ENTRY_URL);
  });
});

describe('links leaving the app', () => {
  it('opens only web and mail links externally', () => {
    expect(externalLinkToOpen('https://filmroom.app/help')).toBe('https://filmroom.app/help');
    expect(externalLinkToOpen('mailto:coach@example.com')).toBe('mailto:coach@example.com');
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-msdt:/id',
      'app://filmroom/x',
      '',
    ]) {
      expect(externalLinkToOpen(url), url).toBeNull();
    }
  });
});
