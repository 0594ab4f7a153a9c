import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import { contentTypeFor, resolveRendererFile } from '../../../main/app/renderer-files.js';

const root = resolve('/opt/filmroom/out/renderer');

describe('app:// renderer files', () => {
  it('maps our URLs into the renderer folder', () => {
    expect(resolveRendererFile(root, 'app://filmroom/')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://filmroom/index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'app://filmroom/assets/index-abc.js?v=1#x')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
    expect(resolveRendererFile(root, 'app://filmroom/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('never leaves the renderer folder', () => {
    for (const url of [
      'app://filmroom/../main/index.js',
      'app://filmroom/%2e%2e/main/index.js',
      'app://filmroom/assets/%2e%2e/%2e%2e/secret',
      'app://filmroom/..%2f..%2fetc/passwd',
      'app://filmroom/..%5c..%5cwindows',
      'app://filmroom/%00index.html',
      'app://filmroom/%E0%A4%A',
      'app://other/index.html',
      'file:///etc/passwd',
      'nonsense',
    ]) {
      const file = resolveRendererFile(root, url);
      if (file !== null) expect(file.startsWith(root + '/'), `${url} -> ${file}`).toBe(true);
    }
    expect(resolveRendererFile(root, 'app://filmroom/..%2f..%2fetc/passwd')).toBeNull();
    expect(resolveRendererFile(root, 'app://other/index.html')).toBeNull();
  });

  it('names content types', () => {
    expect(contentTypeFor('x/index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('x/a.JS')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('x/unknown.bin')).toBe('application/octet-stream');
  });
});
