/**
 * "Restore my library from S3" survives a kill -9: `filmroom restore --from-bucket` is killed in the middle of a
 * restore of 1,500 seeded manifests (each with a transcript and an analysis); run again on the same data folder it
 * resumes the same run and ends with every session restored once, searchable, with its analysis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedManifests, SEED_MANIFEST_KEY } from '../../helpers/seed-manifests.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose } from '../../helpers/server.js';
import { spawnFilmroom } from '../import-api/child-process.js';
import { until } from '../sync/sync-helpers.js';

const COUNT = 1500;
let s3: S3TestServer;

beforeAll(async () => {
  s3 = await startS3Server();
  await seedManifests(s3, COUNT);
}, 240_000);
afterAll(async () => {
  await s3?.stop();
});

describe('restore across a kill -9', () => {
  it('is resumed by the next run and restores every session exactly once', async () => {
    const dataDir = tempDir('filmroom-restore-kill-');
    const env = { ...s3.env(), FILMROOM_MANIFEST_KEY: SEED_MANIFEST_KEY };
    const first = spawnFilmroom(['restore', '--from-bucket', '--data-dir', dataDir], env);
    await until(() => {
      const m = [...first.output().matchAll(/restoring (\d+)\/(\d+)/g)].at(-1);
      return m && Number(m[1]) > 0 ? true : undefined;
    }, 120_000);
    await first.kill9();
    const progressed = [...first.output().matchAll(/restoring (\d+)\/(\d+)/g)].at(-1)!;
    expect(Number(progressed[1])).toBeLessThan(COUNT); // killed in the middle, not after the end

    const second = spawnFilmroom(['restore', '--from-bucket', '--data-dir', dataDir], env);
    const { code } = await second.exited;
    expect(code, second.output()).toBe(0);
    expect(second.output()).toMatch(/Restored \d+ sessions from the bucket \(\d+ skipped, 0 errors\)/);

    const server = await startTestServer({ dataDir, env: { ...process.env, ...env } });
    try {
      expect((await server.api('/api/v1/sessions', { query: { limit: 1 } })).body.total).toBe(COUNT);
      const runs = (await server.api('/api/v1/recordings/restore')).body.items as Loose[];
      expect(runs).toHaveLength(1); // the same run, resumed
      expect(runs[0]).toMatchObject({ state: 'completed', total: COUNT, done: COUNT, restored: COUNT, errors: [] });
      const found = await server.api('/api/v1/sessions', { query: { q: 'zanzibar', limit: 500 } });
      expect(found.body.items.length).toBeGreaterThan(0);
      const one = await server.api('/api/v1/sessions/ses_seed00000042/analysis');
      expect(one.body).toMatchObject({ status: 'ready', data: { speakers: [{ name: 'Coach Kim', share: 0.5 }] } });
    } finally {
      await server.close();
    }
  }, 400_000);
});
