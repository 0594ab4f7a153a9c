/**
 * Found by the soak (seed 20261207, an upload import on a full disk): a session kept a file row whose file was gone,
 * and ended `failed`. The import had committed the session and its files, then what runs after the commit (the
 * automatic analysis, queued through a status write that a full disk refused) threw, and the import's clean-up
 * removed the session's folder under the committed rows; the queued analysis then failed on the missing recording.
 * Once the rows are committed the files are the session's: nothing after the commit may remove them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let media: string;

beforeAll(async () => {
  srv = await startTestServer({ autoAnalyze: true });
  media = tempDir('filmroom-after-commit-');
  // The disk is full by the time the analysis is queued (the import's own writes just fit).
  srv.app.services.analysis.enqueue = () => {
    throw Object.assign(new Error('SqliteError: database or disk is full'), { code: 'SQLITE_FULL' });
  };
});
afterAll(async () => {
  await srv?.close();
});

async function ids(): Promise<Set<string>> {
  const r = await srv.api('/api/v1/sessions', { query: { limit: 500, exclude_failed: false } });
  return new Set((r.body.items as { id: string }[]).map((s) => s.id));
}

/** Imports, then: every file row of the new session points at a file, and the answer acknowledged the import. */
async function importAndCheck(request: () => Promise<{ status: number; text: string }>): Promise<void> {
  const before = await ids();
  const r = await request();
  const created = [...(await ids())].filter((id) => !before.has(id));
  expect(created).toHaveLength(1);
  const files = filesOf(created[0]!);
  expect(files.length).toBeGreaterThan(0);
  expect(files.filter((f) => !f.exists)).toEqual([]);
  expect(r.status, r.text).toBe(202); // the session is in the library: the import succeeded
}

function filesOf(id: string) {
  return srv.app.services.sessions
    .files(id)
    .map((f) => ({ path: f.path, exists: existsSync(join(srv.app.paths.libraryDir, f.path)) }));
}

describe('an import whose follow-up work fails after the session was committed', () => {
  it('keeps the uploaded recording its session row points at', async () => {
    const clip = makeVideo(media, 'after-commit-upload.mp4', 1);
    const form = new FormData();
    form.append('file', new Blob([readFileSync(clip)]), basename(clip));
    await importAndCheck(() => srv.api('/api/v1/sessions/import', { method: 'POST', body: form }));
  });

  it('keeps the copied recording of an import by path', async () => {
    const clip = makeVideo(media, 'after-commit-path.mp4', 2);
    await importAndCheck(() =>
      srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: clip, copy: true } }),
    );
  });
});
