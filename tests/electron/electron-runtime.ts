/**
 * Finds what the Electron test needs, without importing `electron` (which would try to download the binary):
 * the Electron executable and an Electron-ABI build of better-sqlite3. Each lookup returns either the path or the
 * reason it is missing, and that reason is what the skipped test reports.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

export type Found = { ok: true; path: string } | { ok: false; reason: string };

export function electronExecutableName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

export function electronVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules/electron/package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): Found {
  const name = electronExecutableName();
  const checked: string[] = [];
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const candidate = join(env.ELECTRON_OVERRIDE_DIST_PATH, name);
    if (existsSync(candidate)) return { ok: true, path: candidate };
    checked.push(`ELECTRON_OVERRIDE_DIST_PATH → ${candidate} (missing)`);
  } else {
    checked.push('ELECTRON_OVERRIDE_DIST_PATH (unset)');
  }
  const local = join(repoRoot, 'node_modules/electron/dist', name);
  if (existsSync(local)) return { ok: true, path: local };
  checked.push(`${local} (missing: electron@${electronVersion()} was installed without its binary)`);
  return { ok: false, reason: `no Electron binary; checked ${checked.join(', ')}` };
}

/** Same place scripts/start-desktop.mjs builds it (`node scripts/start-desktop.mjs --prepare-only`). */
export function findSqliteBinding(env: NodeJS.ProcessEnv = process.env): Found {
  if (env.FILMROOM_SQLITE_BINDING) {
    return existsSync(env.FILMROOM_SQLITE_BINDING)
      ? { ok: true, path: env.FILMROOM_SQLITE_BINDING }
      : { ok: false, reason: `FILMROOM_SQLITE_BINDING → ${env.FILMROOM_SQLITE_BINDING} (missing)` };
  }
  const cached = join(
    repoRoot,
    '.cache/electron-native',
    `electron-${electronVersion()}-${process.platform}-${process.arch}`,
    'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
  );
  if (existsSync(cached)) return { ok: true, path: cached };
  return {
    ok: false,
    reason: `no Electron build of better-sqlite3 (FILMROOM_SQLITE_BINDING unset, ${cached} missing); run \`node scripts/start-desktop.mjs --prepare-only\``,
  };
}

/** Linux needs a display server for a window; CI without one should run the test under `xvfb-run`. */
export function findDisplay(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Found {
  if (platform !== 'linux' || env.DISPLAY || env.WAYLAND_DISPLAY)
    return { ok: true, path: env.DISPLAY ?? env.WAYLAND_DISPLAY ?? '' };
  return { ok: false, reason: 'no display (DISPLAY/WAYLAND_DISPLAY unset); run under `xvfb-run -a`' };
}

/** Chromium refuses to start as root with its OS sandbox on; CI containers often run as root. */
export function chromiumSandboxArgs(): string[] {
  return process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [];
}
