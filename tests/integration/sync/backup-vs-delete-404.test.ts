/**
 * Regression for 00da875 (found by the merged short soak, seed 20261207 round 12): "Back up" of a session whose
 * delete began while its `session.json` was being written answered 500 — the delete removed the session's folder
 * under the manifest's rename (ENOENT). It is a session that is gone: 404 `{ error, code }`. The race is made
 * deterministic by running "the delete" (row marked deleting, folder removed) just before that rename.
 */
import { rmSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';
import { importVideo } from '../restore/restore-helpers.js';

const hook = vi.hoisted(() => ({ beforeManifestRename: null as null | (() => void) }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const rename: typeof real.rename = async (from, to) => {
    const run = hook.beforeManifestRename;
    if (run && String(to).endsWith('session.json')) {
      hook.beforeManifestRename = null;
      run();
    }
    return real.rename(from, to);
  };
  return { ...real, rename, default: { ...real, rename } };
});

let s3: S3TestServer;
let server: TestServer;
const dir = tempDir('filmroom-backup-delete-');

beforeAll(async () => {
  s3 = await startS3Server();
  server = await startTestServer({ env: { ...process.env, ...s3.env() } });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('back up a session deleted while its manifest is written', () => {
  it('answers 404 with { error, code }, not 500', async () => {
    const id = await importVideo(server, dir, 'Deleted under the backup');
    const folder = join(server.app.paths.libraryDir, id);
    hook.beforeManifestRename = () => {
      // What a delete that began meanwhile does first: the row says deleting, then its folder goes.
      server.app.services.sessions.update(id, { status: 'deleting' }, new Date().toISOString());
      rmSync(folder, { recursive: true, force: true });
    };
    const answer = await server.api(`/api/v1/sessions/${id}/sync`, { method: 'POST' });
    expect(hook.beforeManifestRename).toBeNull(); // the race did happen, at the rename
    expect(answer.status, answer.text).toBe(404);
    expect(answer.body.error).toMatch(/not found/i);
    expect(answer.body).toHaveProperty('code');
  }, 120_000);
});
