/**
 * Start-up recovery walks every session folder only after a run that did not stop cleanly (issue 22: the walk was
 * what a start on a large library waited on). After a clean stop it looks at `.incoming/` alone and leaves every
 * session folder alone; after a kill (the run still marked in use) it walks them all, as before. A run whose
 * recovery never ran leaves the walk to the next.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFilmroom } from '../../../main/composition/index.js';
import { newId } from '../../../main/platform/ids.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { RunState } from '../../../main/platform/run-state.js';
import { asIfKilled } from '../../helpers/server.js';
import { tempDirsRemovedAfterAll } from '../../helpers/temp-dirs.js';

const dir = tempDirsRemovedAfterAll();

const start = (dataDir: string) =>
  startFilmroom({ dataDir, logger: silentLogger, autoAnalyze: false, watchFolders: false });

describe('start-up recovery after a clean stop', () => {
  it('walks no session folder after a clean stop; after a kill it walks them all', async () => {
    const dataDir = dir('filmroom-clean-stop-');
    const lib = join(dataDir, 'library');
    const settled = newId('ses_');
    const failed = newId('ses_');
    const first = await start(dataDir);
    const now = new Date().toISOString();
    const session = (id: string, status: 'ready' | 'failed') => ({
      id,
      title: id,
      status,
      platform: 'zoom' as const,
      coach_id: 'default',
      client: 'Ana Lima',
      recorded_at: now,
      created_at: now,
      size: 4,
    });
    mkdirSync(join(lib, settled), { recursive: true });
    writeFileSync(join(lib, settled, 'recording.mp4'), 'good');
    first.services.sessions.insert(
      session(settled, 'ready'),
      [],
      [{ kind: 'recording', name: 'recording.mp4', path: `${settled}/recording.mp4`, managed: true, size: 4 }],
    );
    first.services.sessions.insert(session(failed, 'failed'));
    await first.close();
    expect(readFileSync(join(dataDir, 'run-state'), 'utf8').trim()).toBe('stopped cleanly');

    // Planted after the clean stop: what only a walk finds (a kill's leftovers), and `.incoming/` junk.
    const part = join(lib, settled, 'second.mp4.part');
    writeFileSync(part, 'half');
    const orphan = join(lib, newId('ses_'));
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'recording.mp4.part'), 'half a recording');
    mkdirSync(join(lib, failed));
    writeFileSync(join(lib, failed, 'moved-in.mp4'), 'bytes of a failed import');
    mkdirSync(join(lib, '.incoming'), { recursive: true });
    writeFileSync(join(lib, '.incoming', 'upl_x.part'), 'half an upload');

    const second = await start(dataDir);
    expect(readFileSync(join(dataDir, 'run-state'), 'utf8')).toMatch(/^in use by/);
    await second.close();
    expect(existsSync(join(lib, '.incoming', 'upl_x.part'))).toBe(false);
    expect(existsSync(part), 'no walk after a clean stop').toBe(true);
    expect(existsSync(orphan), 'no walk after a clean stop').toBe(true);
    expect(existsSync(join(lib, failed)), 'no walk after a clean stop').toBe(true);

    asIfKilled(dataDir);
    const third = await start(dataDir);
    await third.close();
    expect(existsSync(part), 'walked after a kill').toBe(false);
    expect(existsSync(orphan), 'walked after a kill').toBe(false);
    expect(existsSync(join(lib, failed)), "walked after a kill: the failed import's bytes").toBe(false);
    expect(existsSync(join(lib, settled, 'recording.mp4'))).toBe(true);
  });

  it('a one-shot command (not the owner) leaves the owner a walk, also when the owner runs beside it', async () => {
    const dataDir = dir('filmroom-one-shot-');
    const owner = await startFilmroom({ dataDir, logger: silentLogger, autoAnalyze: false, watchFolders: false });
    const oneShot = await startFilmroom({ dataDir, logger: silentLogger, recover: false, autoAnalyze: false });
    await oneShot.close();
    await owner.close();
    expect(readFileSync(join(dataDir, 'run-state'), 'utf8')).toMatch(/^in use by/);
    const again = await start(dataDir);
    await again.close();
    expect(readFileSync(join(dataDir, 'run-state'), 'utf8').trim()).toBe('stopped cleanly');
    const lone = await startFilmroom({ dataDir, logger: silentLogger, recover: false, autoAnalyze: false });
    await lone.close();
    expect(new RunState(dataDir).begin().previousStoppedCleanly).toBe(false);
  });

  it('a run that never recovered leaves the walk to the next start; a library without the mark is walked', () => {
    const dataDir = dir('filmroom-run-state-');
    const fresh = new RunState(dataDir);
    expect(fresh.begin().previousStoppedCleanly).toBe(false); // no mark: a version before it may have crashed
    fresh.end(); // stopped before its recovery ran (a port in use)
    expect(readFileSync(join(dataDir, 'run-state'), 'utf8')).toMatch(/^in use by/);
    const next = new RunState(dataDir);
    expect(next.begin().previousStoppedCleanly).toBe(false);
    next.recovered();
    next.end();
    const after = new RunState(dataDir);
    expect(after.begin().previousStoppedCleanly).toBe(true);
    after.end(); // the previous run was clean: nothing to recover, so this one may say so too
    expect(readFileSync(join(dataDir, 'run-state'), 'utf8').trim()).toBe('stopped cleanly');
  });
});
