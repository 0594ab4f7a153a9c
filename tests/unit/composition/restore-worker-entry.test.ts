/**
 * The restore worker is the default (issue 18); FILMROOM_RESTORE_WORKER=0 turns it off. Its entry is found beside
 * the composition root: the .ts source in a checkout (a build has restore-worker.js there instead; the kill-window
 * integration test runs the built CLI through it), and both builds name that entry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restoreWorkerFor } from '../../../main/composition/restore-worker-entry.js';

const root = join(import.meta.dirname, '..', '..', '..');

describe('restore worker switch', () => {
  it('is on unless FILMROOM_RESTORE_WORKER=0', () => {
    const script = join(root, 'main', 'composition', 'restore-worker.ts');
    expect(restoreWorkerFor('/x/library.db', undefined, {})).toEqual({ script, database: '/x/library.db' });
    expect(restoreWorkerFor('/x/library.db', '/b.node', { FILMROOM_RESTORE_WORKER: '1' })).toEqual({
      script,
      database: '/x/library.db',
      nativeBinding: '/b.node',
    });
    expect(restoreWorkerFor('/x/library.db', undefined, { FILMROOM_RESTORE_WORKER: '0' })).toBeNull();
  });

  it('is an entry of the CLI bundle and of the Electron main build, beside the file that looks for it', () => {
    const entry = /'restore-worker':\s*(?:resolve\(root,\s*)?'main\/composition\/restore-worker\.ts'/;
    expect(readFileSync(join(root, 'scripts', 'build-cli.mjs'), 'utf8')).toMatch(entry);
    expect(readFileSync(join(root, 'electron.vite.config.ts'), 'utf8')).toMatch(entry);
  });
});
