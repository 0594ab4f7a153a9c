#!/usr/bin/env node
/**
 * `npm start`: the desktop app from a fresh clone.
 *
 * 1. Makes sure Electron's binary exists (ELECTRON_OVERRIDE_DIST_PATH, else node_modules/electron/dist, else runs
 *    electron's own installer to download it).
 * 2. Makes sure an Electron-ABI build of better-sqlite3 exists in .cache/electron-native/ — node_modules keeps the
 *    Node build that the CLI and the tests use, so the two runtimes never fight over one .node file. The copy is
 *    rebuilt with @electron/rebuild (a prebuilt download when one exists, else node-gyp against Electron's headers).
 * 3. Runs `electron-vite preview` (build, then start) with FILMROOM_SQLITE_BINDING pointing main at that addon.
 *
 * `--prepare-only` does 1 and 2 and prints the binding path (CI and the Playwright Electron test use it).
 * Anything that cannot be fetched ends with a message saying what was needed and how to provide it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeModules = join(root, 'node_modules');
const prepareOnly = process.argv.includes('--prepare-only');
const passThrough = process.argv.slice(2).filter((a) => a !== '--prepare-only');

function fail(lines) {
  console.error(
    ['', 'Filmroom cannot start the desktop app:', ...lines.map((l) => (l ? `  ${l}` : '')), ''].join('\n'),
  );
  process.exit(1);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function electronExecutableName() {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** Returns the Electron executable, downloading it with electron's installer when it is missing. */
function ensureElectronBinary() {
  const electronDir = join(nodeModules, 'electron');
  if (!existsSync(join(electronDir, 'package.json')))
    fail(['node_modules/electron is missing. Run `npm install` first.']);
  const name = electronExecutableName();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const exe = join(override, name);
    if (!existsSync(exe)) fail([`ELECTRON_OVERRIDE_DIST_PATH is set but ${exe} does not exist.`]);
    return exe;
  }
  const local = join(electronDir, 'dist', name);
  if (existsSync(local) && existsSync(join(electronDir, 'path.txt'))) return local;

  console.log('Electron binary not found; downloading it (once)…');
  // The installer's own output is a raw stack trace ("fetch failed") when offline: keep it out of the way and
  // say what happened in our words instead.
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: electronDir,
    encoding: 'utf8',
  });
  if (result.status !== 0 || !existsSync(local)) {
    fail([
      `Electron ${readJson(join(electronDir, 'package.json')).version} is installed without its binary, and downloading it failed.`,
      'It is fetched from github.com/electron/electron/releases (or ELECTRON_MIRROR). Check the network/proxy, then run `npm start` again,',
      `or set ELECTRON_OVERRIDE_DIST_PATH to a folder containing an Electron build (the folder with '${name}').`,
      '',
      'Meanwhile the same app runs in your browser: `npx filmroom serve`, then open the link it prints.',
    ]);
  }
  return local;
}

/** NODE_MODULE_VERSION of the installed Electron (node_modules/electron/abi_version), when the package records it. */
function electronAbi() {
  const file = join(nodeModules, 'electron', 'abi_version');
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
}

/** Where the Electron-ABI copy of better-sqlite3 lives; one folder per Electron version, platform and arch. */
export function electronNativeDir(electronVersion) {
  return join(root, '.cache', 'electron-native', `electron-${electronVersion}-${process.platform}-${process.arch}`);
}

export function bindingPathIn(dir) {
  return join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
}

async function ensureNativeBinding(electronVersion) {
  const fromEnv = process.env.FILMROOM_SQLITE_BINDING;
  if (fromEnv) {
    if (!existsSync(fromEnv)) fail([`FILMROOM_SQLITE_BINDING is set but ${fromEnv} does not exist.`]);
    return fromEnv;
  }
  const sqliteVersion = readJson(join(nodeModules, 'better-sqlite3', 'package.json')).version;
  const dir = electronNativeDir(electronVersion);
  const binding = bindingPathIn(dir);
  const stampFile = join(dir, 'filmroom-stamp.json');
  const stamp = {
    electron: electronVersion,
    betterSqlite3: sqliteVersion,
    platform: process.platform,
    arch: process.arch,
  };
  if (existsSync(binding) && existsSync(stampFile) && JSON.stringify(readJson(stampFile)) === JSON.stringify(stamp))
    return binding;

  console.log(
    `Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once) in ${relative(root, dir)}…`,
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  // A tiny project whose only dependency is the copied addon, so @electron/rebuild touches nothing in node_modules.
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify(
      { name: 'filmroom-electron-native', private: true, dependencies: { 'better-sqlite3': sqliteVersion } },
      null,
      2,
    ),
  );
  const source = join(nodeModules, 'better-sqlite3');
  cpSync(source, join(dir, 'node_modules', 'better-sqlite3'), {
    recursive: true,
    // The Node build must not be mistaken for the Electron one.
    filter: (path) => !relative(source, path).split(sep).includes('build'),
  });

  let rebuild;
  try {
    ({ rebuild } = await import('@electron/rebuild'));
  } catch (error) {
    fail(['@electron/rebuild is not installed (it comes with electron-builder). Run `npm install`.', String(error)]);
  }
  // npm passes its `nodedir` setting as npm_config_nodedir; node-gyp would then compile against the system Node's
  // headers and produce a Node-ABI addon that Electron refuses to load. The Electron build needs Electron's headers.
  for (const key of Object.keys(process.env)) {
    if (key.toLowerCase() === 'npm_config_nodedir') delete process.env[key];
  }
  try {
    await rebuild({
      buildPath: dir,
      electronVersion,
      arch: process.arch,
      onlyModules: ['better-sqlite3'],
      force: true,
      mode: 'sequential',
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    fail([
      `Could not build better-sqlite3 for Electron ${electronVersion}: ${error instanceof Error ? error.message : String(error)}`,
      'This needs either a prebuilt binary from github.com/WiseLibs/better-sqlite3/releases, or Electron headers from',
      'https://electronjs.org/headers plus a C++ toolchain (python3, make, a C++ compiler) to compile it.',
      'Check the network/proxy and run `npm start` again, or set FILMROOM_SQLITE_BINDING to an Electron build of better_sqlite3.node.',
    ]);
  }
  if (!existsSync(binding)) {
    rmSync(dir, { recursive: true, force: true });
    fail([`@electron/rebuild finished but ${binding} was not produced.`]);
  }
  const abi = electronAbi();
  if (abi && !readFileSync(binding).includes(`node_register_module_v${abi}`)) {
    rmSync(dir, { recursive: true, force: true });
    fail([
      `The addon built in ${relative(root, dir)} is not for Electron's ABI ${abi} (it was compiled against other headers).`,
      'Unset npm_config_nodedir / NODEDIR and run `npm start` again.',
    ]);
  }
  writeFileSync(stampFile, JSON.stringify(stamp));
  return binding;
}

async function main() {
  const electronVersion = readJson(join(nodeModules, 'electron', 'package.json')).version;
  const electronExe = ensureElectronBinary();
  const binding = await ensureNativeBinding(electronVersion);
  if (prepareOnly) {
    console.log(`Electron: ${electronExe}`);
    console.log(`FILMROOM_SQLITE_BINDING=${binding}`);
    return;
  }
  const previewArgs = ['preview', ...passThrough];
  // Chromium will not start as root with its OS sandbox (containers, some CI); say so rather than fail obscurely.
  if (process.platform === 'linux' && process.getuid?.() === 0 && !previewArgs.includes('--noSandbox')) {
    console.warn('Running as root: starting Electron with --no-sandbox (the OS-level Chromium sandbox is off).');
    previewArgs.push('--noSandbox');
  }
  const child = spawn(
    process.execPath,
    [join(nodeModules, 'electron-vite', 'bin', 'electron-vite.js'), ...previewArgs],
    {
      cwd: root,
      stdio: 'inherit',
      // electron-vite reads ELECTRON_EXEC_PATH; main reads FILMROOM_SQLITE_BINDING.
      env: { ...process.env, ELECTRON_EXEC_PATH: electronExe, FILMROOM_SQLITE_BINDING: binding },
    },
  );
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
