/**
 * The restore's count across a kill -9 in its narrowest window: the restore worker has committed a batch of
 * sessions on its own connection, and the job has not yet recorded that batch's progress on the work connection.
 * A test-only hook (`FILMROOM_TEST_RESTORE_PAUSE_AFTER_COMMIT`) holds the worker there after its first batch and
 * writes a file; `filmroom restore --from-bucket` is killed -9 at that moment, then run again on the same folder.
 * The resumed run must report exactly the sessions the library holds (before the count was kept with the commit it
 * reported the first batch as found, not restored: 70 of 120).
 *
 * Both runs are the BUILT CLI (`node out/cli/cli.js`, no tsx; the integration set-up builds it): the marker is
 * written by the worker thread only, so this also shows a build ships `restore-worker.js` and restores through it.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedManifests, SEED_MANIFEST_KEY } from '../../helpers/seed-manifests.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose } from '../../helpers/server.js';
import { until } from '../sync/sync-helpers.js';

const COUNT = 120;
const BUILT = resolve(import.meta.dirname, '..', '..', '..', 'out', 'cli');
let s3: S3TestServer;

/** `node out/cli/cli.js <args>`: output collected, kill -9 by its pid only. */
function builtCli(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(BUILT, 'cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FILMROOM_AUTO_ANALYZE: '0', FILMROOM_WATCH_FOLDERS: '0', ...env },
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return {
    exited,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

beforeAll(async () => {
  s3 = await startS3Server();
  await seedManifests(s3, COUNT);
}, 120_000);
afterAll(async () => {
  await s3?.stop();
});

describe('restore killed between the worker’s commit and the progress update', () => {
  it('resumes and reports exactly the sessions in the library', async () => {
    expect(existsSync(join(BUILT, 'restore-worker.js'))).toBe(true);
    const dataDir = tempDir('filmroom-restore-window-');
    const marker = join(dataDir, 'paused-after-commit');
    const env: Record<string, string> = { ...s3.env(), FILMROOM_MANIFEST_KEY: SEED_MANIFEST_KEY };
    const first = builtCli(['restore', '--from-bucket', '--data-dir', dataDir], {
      ...env,
      FILMROOM_TEST_RESTORE_PAUSE_AFTER_COMMIT: marker,
    });
    await until(() => (existsSync(marker) ? true : undefined), 120_000);
    await first.kill9();
    const committed = Number(readFileSync(marker, 'utf8'));
    expect(committed).toBeGreaterThan(0);
    expect(committed).toBeLessThan(COUNT); // killed in the middle

    const second = builtCli(['restore', '--from-bucket', '--data-dir', dataDir], env);
    const code = await second.exited;
    expect(code, second.output()).toBe(0);

    const server = await startTestServer({ dataDir, env: { ...process.env, ...env } });
    try {
      const inLibrary = (await server.api('/api/v1/sessions', { query: { limit: 1 } })).body.total as number;
      expect(inLibrary).toBe(COUNT);
      expect(second.output()).toContain(`Restored ${inLibrary} sessions from the bucket (0 skipped, 0 errors)`);
      const runs = (await server.api('/api/v1/recordings/restore')).body.items as Loose[];
      expect(runs).toHaveLength(1); // the same run, resumed
      expect(runs[0]).toMatchObject({ state: 'completed', total: COUNT, done: COUNT, restored: inLibrary, errors: [] });
    } finally {
      await server.close();
    }
  }, 300_000);
});
