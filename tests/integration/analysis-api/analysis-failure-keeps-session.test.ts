/**
 * A failed analysis leaves the recording a recording: the session stays `uploaded` with `analysis_status: failed`
 * and the reason, and "delete failed sessions" (bulk delete `status_filter=failed`, the cleanup's failed-sessions
 * step) does not take it. Before, a failed analysis made the whole session `failed`, and the 1000-kill soak saw a
 * good recording whose analysis failed on a full disk deleted by the next "clean up failed sessions".
 */
import { readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { waitUntil } from './helpers.js';

let server: TestServer;
const media = tempDir('filmroom-analysis-fails-');

beforeAll(async () => {
  server = await startTestServer({ watchFolders: false, autoAnalyze: false });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(media, { recursive: true, force: true });
});

describe('an analysis that fails', () => {
  it('keeps the session uploaded, says why, and is not a failed session to clean up', async () => {
    const imported = await server.api('/api/v1/sessions/import', { method: 'POST', json: { path: makeVideo(media) } });
    expect(imported.status, imported.text).toBe(202);
    const id = imported.body.sessions[0].id as string;
    await waitUntil(
      async () => {
        const s = (await server.api(`/api/v1/sessions/${id}`)).body as Loose;
        return s.status === 'uploaded' ? s : undefined;
      },
      { what: 'import' },
    );
    // The recording's bytes go bad after the import (a disk error): the decoder gives up.
    const folder = join(server.app.paths.libraryDir, id);
    const recording = join(
      folder,
      readdirSync(folder).find((f) => f.endsWith('.mp4'))!,
    );
    writeFileSync(recording, Buffer.alloc(statSync(recording).size, 0x5a));

    expect((await server.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' })).status).toBe(202);
    const after = await waitUntil(
      async () => {
        const s = (await server.api(`/api/v1/sessions/${id}`)).body as Loose;
        return s.analysis_status === 'failed' ? s : undefined;
      },
      { what: 'the analysis to fail' },
    );
    expect(after.status).toBe('uploaded');
    expect(after.status_detail).toMatch(/^Analysis failed: /);
    const analysis = (await server.api(`/api/v1/sessions/${id}/analysis`)).body as Loose;
    expect(analysis.status).toBe('failed');

    const failedOnly = await server.api('/api/v1/sessions', { query: { status_filter: 'failed' } });
    expect((failedOnly.body.items as Loose[]).map((s) => s.id)).not.toContain(id);
    const dry = await server.api('/api/v1/sessions/bulk?status_filter=failed&dry_run=true', { method: 'DELETE' });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.deleted_count).toBe(0);
  });
});
