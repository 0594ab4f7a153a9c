#!/usr/bin/env node
// The `filmroom` command. Runs the built CLI (out/cli/cli.js: `npm run build:cli`, which `npm install` / `npm ci`
// run through `prepare`). While that build is missing or older than a source in main/ or shared/ (a checkout being
// edited) or than package-lock.json, it runs the sources through tsx (a devDependency) instead, so a stale build is
// never what runs.
import { readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

module.enableCompileCache?.(); // Node ≥ 22.1: V8 keeps the compiled bundle between runs (a no-op on Node 20)

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'out', 'cli', 'cli.js');

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** True when some .ts file under these folders was changed after `than` (folders missing: nothing newer). */
function sourcesNewerThan(than, folders) {
  for (const folder of folders) {
    let names;
    try {
      names = readdirSync(join(root, folder), { recursive: true });
    } catch {
      continue;
    }
    for (const name of names) {
      if (name.endsWith('.ts') && (mtimeOf(join(root, folder, name)) ?? 0) > than) return true;
    }
  }
  return false;
}

const builtAt = mtimeOf(built);
// The bundle holds the pure-JavaScript packages too: a changed package-lock.json (packages added or updated) also
// makes it stale.
const fresh =
  builtAt !== null &&
  (mtimeOf(join(root, 'package-lock.json')) ?? 0) <= builtAt &&
  !sourcesNewerThan(builtAt, ['main', 'shared']);
if (fresh) {
  await import('../out/cli/cli.js');
} else {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    register = null;
  }
  if (register) {
    register();
    await import('../main/cli.ts');
  } else if (builtAt !== null) {
    await import('../out/cli/cli.js'); // older than the sources, but nothing else can run them
  } else {
    console.error('filmroom: the CLI is not built. Run `npm run build:cli` (or `npm install`) in ' + root);
    process.exitCode = 1;
  }
}
