/**
 * Where the analysis worker's entry is beside this code: the .ts source in a checkout, or the bundled .js beside
 * the built CLI (out/cli/, scripts/build-cli.mjs). The Electron build passes its own bundled file.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function sourceWorkerScript(): string | null {
  for (const name of ['./analysis-worker.ts', './analysis-worker.js']) {
    const script = fileURLToPath(new URL(name, import.meta.url));
    if (existsSync(script)) return script;
  }
  return null;
}
