/** safe-path.ts: a relative path from a row or request never resolves outside its root. */
import fc from 'fast-check';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInside, resolveInside } from '../../../main/platform/safe-path.js';

const ROOT = '/data/filmroom/library';
const strictlyInside = (root: string, p: string) => {
  const rel = relative(resolve(root), p);
  return rel !== '' && rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel);
};

describe('resolveInside', () => {
  it('resolves ordinary relative paths inside the root', () => {
    expect(resolveInside(ROOT, 'ses_1/rec.mp4')).toBe(`${ROOT}/ses_1/rec.mp4`);
    expect(resolveInside(ROOT, './ses_1/../ses_2/a.mp4')).toBe(`${ROOT}/ses_2/a.mp4`);
    expect(resolveInside(ROOT, '..hidden')).toBe(`${ROOT}/..hidden`);
  });

  it('refuses escapes, the root itself, absolute paths elsewhere, sibling prefixes and NUL', () => {
    for (const rel of [
      '..',
      '../x',
      'a/../../x',
      '/etc/passwd',
      '',
      '.',
      'a/..',
      '../library2/x',
      `${ROOT}2/x`,
      'a\0b',
    ]) {
      expect(resolveInside(ROOT, rel), JSON.stringify(rel)).toBeNull();
    }
  });

  it('accepts an absolute path that is inside the root', () => {
    expect(resolveInside(ROOT, `${ROOT}/ses_1/a.mp4`)).toBe(`${ROOT}/ses_1/a.mp4`);
  });

  it('property: whatever the input, the answer is null or strictly inside the root', { timeout: 30_000 }, () => {
    const segment = fc.oneof(
      fc.constantFrom('..', '.', '', 'a', 'ses_1', '...', '..a', 'library', 'library2', '\0', ' ', '~'),
      fc.string({ maxLength: 8 }),
    );
    const relPath = fc
      .tuple(fc.boolean(), fc.array(segment, { maxLength: 8 }))
      .map(([abs, segs]) => (abs ? '/' : '') + segs.join('/'));
    fc.assert(
      fc.property(
        fc.oneof(relPath, fc.string({ maxLength: 40 })),
        fc.constantFrom(ROOT, `${ROOT}/`, '/tmp/x', '/'),
        (rel, root) => {
          const out = resolveInside(root, rel);
          if (out !== null) {
            expect(strictlyInside(root, out)).toBe(true);
            expect(out.startsWith(resolve(root) === '/' ? '/' : resolve(root) + sep)).toBe(true);
            expect(out).not.toContain('\0');
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('isInside', () => {
  it('answers whether an absolute path is strictly below the root', () => {
    expect(isInside(ROOT, `${ROOT}/ses_1/a.mp4`)).toBe(true);
    expect(isInside(ROOT, ROOT)).toBe(false);
    expect(isInside(ROOT, `${ROOT}2/a.mp4`)).toBe(false);
    expect(isInside(ROOT, '/etc/passwd')).toBe(false);
    expect(isInside(ROOT, `${ROOT}/../x`)).toBe(false);
  });

  it('property: agrees with a path.relative oracle', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('..', '.', 'a', 'b', 'library'), { maxLength: 6 }), (segs) => {
        const p = resolve(ROOT, ...segs);
        expect(isInside(ROOT, p)).toBe(strictlyInside(ROOT, p));
      }),
    );
  });
});
