/**
 * `dependencies` hold what main needs at run time and nothing else (electron-builder ships them in node_modules;
 * the renderer's libraries are bundled into out/renderer and stay devDependencies), and the `filmroom` command runs
 * a built bundle, not TypeScript through tsx.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  scripts: Record<string, string>;
};

/** Packages named by main/, shared/ and preload/ sources: imports, and createRequire look-ups in quotes. */
function packagesUsedAtRunTime(): Set<string> {
  const used = new Set<string>();
  for (const folder of ['main', 'shared', 'preload']) {
    for (const name of readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' })) {
      if (!name.endsWith('.ts')) continue;
      const text = readFileSync(join(root, folder, name), 'utf8');
      for (const [, spec] of text.matchAll(/(?:from |import\(|require(?:Optional)?\(|resolve\()'([^'.][^']*)'/g)) {
        if (spec!.startsWith('node:') || spec!.startsWith('type ')) continue;
        const parts = spec!.split('/');
        used.add(spec!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
      }
    }
  }
  return used;
}

describe('the package', () => {
  const runtime = { ...pkg.dependencies, ...pkg.optionalDependencies };
  const used = packagesUsedAtRunTime();

  it('lists as dependencies only packages main uses', () => {
    expect(Object.keys(runtime).filter((name) => !used.has(name))).toEqual([]);
  });

  it('lists every package main uses as a dependency', () => {
    // Electron is the runtime itself; tsx only runs a .ts analysis worker in a source checkout (worker-channel.ts).
    const besides = new Set(['electron', 'tsx']);
    expect([...used].filter((name) => !besides.has(name) && !(name in runtime))).toEqual([]);
  });

  it('keeps the renderer libraries and TypeScript tooling out of the runtime dependencies', () => {
    for (const name of ['react', 'react-dom', 'zustand', '@tanstack/react-table', 'wavesurfer.js', 'tsx', 'esbuild'])
      expect(runtime).not.toHaveProperty(name);
  });

  it('builds the CLI on install, and bin/filmroom.js loads tsx only as a fallback', () => {
    expect(pkg.scripts.prepare).toContain('scripts/build-cli.mjs');
    const bin = readFileSync(join(root, 'bin', 'filmroom.js'), 'utf8');
    expect(bin).not.toMatch(/^import .*tsx/m);
    expect(bin).toContain("import('../out/cli/cli.js')");
  });
});
