/**
 * Rules the Electron main bundle imposes on main/ sources. electron-vite bundles main/ into one ESM file and, when
 * the code calls `require(`, prepends `const require = createRequire(import.meta.url)`; a module that declares its own
 * top-level `require` then makes the bundle a SyntaxError ("Identifier 'require' has already been declared") and the
 * app dies before its first window. Name the local something else (e.g. `requireOptional`).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../../..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => join(d.parentPath, d.name));
}

describe('main bundle constraints', () => {
  it('no module declares a top-level binding named require, __filename or __dirname', () => {
    const offenders = [...tsFiles(join(root, 'main')), ...tsFiles(join(root, 'shared'))].filter((file) =>
      /^(?:export\s+)?(?:const|let|var|function)\s+(?:require|__filename|__dirname)\b/m.test(
        readFileSync(file, 'utf8'),
      ),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});
