/** Temporary folders a test file makes as it goes, all removed when the file's tests are done. */
import { rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tempDir } from './server.js';

export function tempDirsRemovedAfterAll(): (prefix?: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const d = tempDir(prefix);
    dirs.push(d);
    return d;
  };
}
