/** Issue 11 item 8: a library analysis that ends `ready` says so, not its last progress line ("Analyzing segment 1/1"). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer({ analysisWorker: null });
});
afterAll(async () => {
  await srv?.close();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('library analysis message', () => {
  it('a finished analysis reports completion, not a segment in progress', async () => {
    const imported = await srv.api('/api/v1/sessions/import', {
      method: 'POST',
      json: { path: makeVideo(tempDir(), 'ready-message.mp4', 2) },
    });
    expect(imported.status, imported.text).toBe(202);
    const id = imported.body.sessions[0].id as string;
    expect((await srv.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' })).status).toBe(202);
    const final: Loose = await until(async () => {
      const r = await srv.api(`/api/v1/sessions/${id}/analysis`);
      return ['ready', 'failed', 'cancelled'].includes(r.body.status) ? r.body : undefined;
    });
    expect(final.status).toBe('ready');
    expect(final.message).not.toMatch(/segment/i);
    expect(final.message).toMatch(/complete/i);
  });
});
