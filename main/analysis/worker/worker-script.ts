/** Where the analysis worker's entry is in a source checkout (the Electron build passes its bundled file). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function sourceWorkerScript(): string | null {
  const script = fileURLToPath(new URL('./analysis-worker.ts', import.meta.url));
  return existsSync(script) ? script : null;
}
