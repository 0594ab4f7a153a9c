/**
 * The row-delete worker (issue 21: a bulk delete's rows off the API's thread) is the default;
 * FILMROOM_DELETE_WORKER=0 turns it off. Its entry is found beside the composition root (the .ts source in a
 * checkout, row-delete-worker.js in a build), and both builds name that entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowDeleteWorkerFor } from '../../../main/composition/row-delete-worker-entry.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('row-delete worker switch', () => {
  it('is on unless FILMROOM_DELETE_WORKER=0', () => {
    const script = join(root, 'main', 'composition', 'row-delete-worker.ts');
    expect(rowDeleteWorkerFor('/x/library.db', undefined, {})).toEqual({ script, database: '/x/library.db' });
    expect(rowDeleteWorkerFor('/x/library.db', '/b.node', { FILMROOM_DELETE_WORKER: '1' })).toEqual({
      script,
      database: '/x/library.db',
      nativeBinding: '/b.node',
    });
    expect(rowDeleteWorkerFor('/x/library.db', undefined, { FILMROOM_DELETE_WORKER: '0' })).toBeNull();
  });

  it('is an entry of the CLI bundle and of the Electron main build, beside the file that looks for it', () => {
    const entry = /'row-delete-worker':\s*(?:resolve\(root,\s*)?'main\/composition\/row-delete-worker\.ts'/;
    expect(readFileSync(join(root, 'scripts', 'build-cli.mjs'), 'utf8')).toMatch(entry);
    expect(readFileSync(join(root, 'electron.vite.config.ts'), 'utf8')).toMatch(entry);
  });
});
