/**
 * Issue 11 item 10: a file no probe can read is kept as a `failed` session with its reason, but its bytes are
 * removed at once (a file referenced in place is never touched); answers to coaches name files, never paths.
 */
import { unreadableBytes } from '../../helpers/media.js';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { uploadMultipart } from '../analysis-api/helpers.js';

let srv: TestServer;
let coach: string;

beforeAll(async () => {
  srv = await startTestServer();
  coach = srv.app.tokens.createCoachToken('c1');
});
afterAll(async () => {
  await srv?.close();
});

async function settled(id: string, token: string): Promise<Loose> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = await srv.api(`/api/v1/video/status/${id}`, { token });
    if (['completed', 'failed'].includes(r.body.status)) return r.body;
    if (Date.now() > deadline) throw new Error('analysis did not end');
    await new Promise((res) => setTimeout(res, 200));
  }
}

describe('unreadable uploads', () => {
  it('a garbage upload becomes a failed session with its reason and without its bytes', async () => {
    const r = await uploadMultipart(srv.url, '/api/v1/sessions/import', unreadableBytes(2 * 1024 * 1024), {
      token: coach,
      fileField: 'file',
      fileName: 'garbage.mp4',
    });
    expect(r.status, r.text).toBe(202);
    const id = (r.body as { sessions: { id: string; status: string }[] }).sessions[0]!.id;
    const session = (await srv.api(`/api/v1/sessions/${id}`, { token: coach })).body;
    expect(session.status).toBe('failed');
    expect(session.status_detail).toMatch(/ffprobe/);
    expect(existsSync(join(srv.dataDir, 'library', id))).toBe(false);
    expect((await srv.api(`/api/v1/sessions/${id}/media`, { token: coach })).status).toBe(404);
  });

  it('a garbage file referenced in place is left where it is', async () => {
    const path = join(tempDir(), 'in-place-garbage.mp4');
    writeFileSync(path, unreadableBytes(64 * 1024));
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path, copy: false } });
    expect(r.status, r.text).toBe(202);
    expect(r.body.sessions[0].status).toBe('failed');
    expect(existsSync(path)).toBe(true);
  });

  it("a coach's refused upload is named by its file name, not its path in the library", async () => {
    const r = await uploadMultipart(srv.url, '/api/v1/sessions/import', Buffer.from('just some notes'), {
      token: coach,
      fileField: 'file',
      fileName: 'notes.txt',
    });
    expect(r.status, r.text).toBe(422);
    expect(r.text).not.toContain(srv.dataDir);
    expect((r.body as { refused: { path: string }[] }).refused[0]!.path).toBe('notes.txt');
  });

  it('a failed /video/upload analysis tells the coach no library path', async () => {
    const r = await uploadMultipart(srv.url, '/api/v1/video/upload', unreadableBytes(256 * 1024), {
      token: coach,
      fields: { analysis_type: 'full' },
      fileName: 'broken.mp4',
    });
    expect(r.status, r.text).toBe(202);
    const id = (r.body as { sessionId: string }).sessionId;
    const status = await settled(id, coach);
    expect(status.status).toBe('failed');
    expect(JSON.stringify(status)).not.toContain(srv.dataDir);
    const results = await srv.api(`/api/v1/video/results/${id}`, { token: coach });
    expect(results.text).not.toContain(srv.dataDir);
    expect(readdirSync(join(srv.dataDir, 'library')).filter((n) => n.startsWith('upl_'))).toEqual([]);
  });
});
