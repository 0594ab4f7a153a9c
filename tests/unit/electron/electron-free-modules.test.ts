/**
 * The modules the unit tests load must never import `electron`: under plain Node that import tries to download the
 * Electron binary. Only the shell files listed in ELECTRON_SHELL may.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../../..');
const ELECTRON_SHELL = new Set([
  'main/index.ts',
  'main/app/app-menu.ts',
  'main/app/app-protocol.ts',
  'main/app/main-window.ts',
  'main/app/recordings-dialog.ts',
  'main/app/session-hardening.ts',
  'main/app/single-instance.ts',
  'main/app/utility-process-launcher.ts',
  'main/ipc/register-ipc.ts',
  'preload/index.ts',
]);

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => relative(root, join(d.parentPath, d.name)).split('\\').join('/'));
}

const importsElectron = (source: string) =>
  /\bfrom\s+['"]electron(\/[^'"]*)?['"]|require\(\s*['"]electron['"]\s*\)/.test(source);
const importsElectronAtRuntime = (source: string) =>
  /^\s*import\s+(?!type\b)[^;]*?from\s+['"]electron(\/[^'"]*)?['"]/m.test(source) ||
  /require\(\s*['"]electron['"]\s*\)/.test(source);

describe('electron boundary', () => {
  const files = [...tsFiles(join(root, 'main')), ...tsFiles(join(root, 'preload')), ...tsFiles(join(root, 'shared'))];

  it('only the shell imports electron at runtime', () => {
    const offenders = files.filter(
      (f) => !ELECTRON_SHELL.has(f) && importsElectronAtRuntime(readFileSync(join(root, f), 'utf8')),
    );
    expect(offenders).toEqual([]);
  });

  it('shared/ and the renderer-facing api types do not mention electron at all', () => {
    const strict = files.filter((f) => f.startsWith('shared/') || f === 'preload/main-world-api.ts');
    expect(strict.filter((f) => importsElectron(readFileSync(join(root, f), 'utf8')))).toEqual([]);
  });
});
