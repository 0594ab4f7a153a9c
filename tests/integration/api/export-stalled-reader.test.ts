/**
 * Issue 11 item 1: a CSV export whose client stops reading must not hold the library connection. With the export
 * of a 50k library open and unread, edits, deletes, imports and a token made by another process all work, and
 * reads see them. Item 9: cursors the server did not make answer 400. Deep offsets match stepping.
 */
import Database from 'better-sqlite3';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenStore } from '../../../main/api/token-store.js';
import type { LibraryDb } from '../../../main/db/index.js';
import { seedLibrary } from '../../../main/library/seed/seed-library.js';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
const N = 50_000;

beforeAll(async () => {
  srv = await startTestServer();
  seedLibrary(srv.app.db, { sessions: N, seed: 11, now: new Date() });
}, 180_000);
afterAll(async () => {
  await srv?.close();
});

/** Opens the export and stops reading once the first bytes arrived (the socket buffers then fill up). */
function openStalledExport(): Promise<{ req: ClientRequest; res: IncomingMessage; received: number }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: srv.port,
        path: '/api/v1/sessions/export.csv?exclude_failed=false',
        headers: { authorization: `Bearer ${srv.admin}` },
      },
      (res) => {
        res.once('data', (chunk: Buffer) => {
          res.pause();
          resolve({ req, res, received: chunk.length });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('a stalled CSV export', () => {
  it('leaves PATCH, DELETE, import, token creation and fresh reads working while it is held open', async () => {
    const stalled = await openStalledExport();
    try {
      expect(stalled.res.statusCode).toBe(200);
      // Let the server fill the socket buffers and park the stream on backpressure.
      await new Promise((r) => setTimeout(r, 1500));
      expect(stalled.res.readableEnded).toBe(false);

      const page = await srv.api('/api/v1/sessions', { query: { limit: 3 } });
      expect(page.status).toBe(200);
      const [first, second] = page.body.items as { id: string }[];

      const patched = await srv.api(`/api/v1/sessions/${first!.id}`, {
        method: 'PATCH',
        json: { title: 'Edited while an export is stalled' },
      });
      expect(patched.status, patched.text).toBe(200);

      const removed = await srv.api(`/api/v1/sessions/${second!.id}`, { method: 'DELETE' });
      expect(removed.status, removed.text).toBe(204);

      const media = makeVideo(tempDir('filmroom-stall-media-'));
      const imported = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: media } });
      expect(imported.status, imported.text).toBe(202);

      // A token written by another process (the CLI) must be visible: no read transaction is pinned open.
      const other = new Database(join(srv.dataDir, 'library.db')) as LibraryDb; // a second process's connection
      let coachToken: string;
      try {
        coachToken = new TokenStore(other, () => new Date().toISOString()).createCoachToken('coach-ana');
      } finally {
        other.close();
      }
      const asCoach = await srv.api('/api/v1/sessions', { token: coachToken, query: { limit: 1 } });
      expect(asCoach.status, asCoach.text).toBe(200);

      const seen = await srv.api(`/api/v1/sessions/${first!.id}`);
      expect(seen.body.title).toBe('Edited while an export is stalled');
      expect((await srv.api(`/api/v1/sessions/${second!.id}`)).status).toBe(404);
    } finally {
      stalled.req.destroy();
    }
  }, 180_000);

  it('still delivers every row to a reader that resumes', async () => {
    const res = await srv.api('/api/v1/sessions/export.csv', { query: { exclude_failed: false } });
    expect(res.status).toBe(200);
    const lines = res.text.split('\r\n').filter((l) => l.startsWith('ses_'));
    const total = (await srv.api('/api/v1/sessions', { query: { exclude_failed: false, limit: 1 } })).body.total;
    expect(lines.length).toBe(total);
    expect(new Set(lines.map((l) => l.split(',')[0])).size).toBe(total);
  }, 180_000);
});

describe('deep offsets (keyset seeks from remembered anchors)', () => {
  const expected = (offset: number, order: string) =>
    srv.app.db
      .prepare(`SELECT id FROM sessions WHERE listed = 1 AND status <> 'failed' ORDER BY ${order} LIMIT 5 OFFSET ?`)
      .pluck()
      .all(offset) as string[];

  it('answer the same rows as stepping over them, also after the library changed', async () => {
    for (const [sort, order] of [
      ['-recorded_at', 'recorded_at DESC, id DESC'],
      ['title', 'title ASC, id ASC'],
    ] as const) {
      for (const offset of [10_000, 20_005, 39_999]) {
        const page = await srv.api('/api/v1/sessions', { query: { sort, offset, limit: 5 } });
        expect(
          page.body.items.map((s: { id: string }) => s.id),
          `${sort} ${offset}`,
        ).toEqual(expected(offset, order));
      }
    }
    // Remove a row near the top: every deeper page shifts by one, so remembered anchors must not be reused.
    const top = (await srv.api('/api/v1/sessions', { query: { limit: 1 } })).body.items[0].id as string;
    expect((await srv.api(`/api/v1/sessions/${top}`, { method: 'DELETE' })).status).toBe(204);
    const after = await srv.api('/api/v1/sessions', { query: { offset: 20_005, limit: 5 } });
    expect(after.body.items.map((s: { id: string }) => s.id)).toEqual(expected(20_005, 'recorded_at DESC, id DESC'));
  });
});

describe('forged cursors', () => {
  const forge = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

  it('answer 400 on field cursor for offsets -100, 0.5, 1e300 and for garbage', async () => {
    const good = (await srv.api('/api/v1/sessions', { query: { limit: 2 } })).body.next_cursor as string;
    const [sort, value, id] = JSON.parse(Buffer.from(good.split('.')[0]!, 'base64url').toString('utf8')) as unknown[];
    for (const cursor of [
      forge([sort, value, id, -100]),
      forge([sort, value, id, 0.5]),
      forge([sort, value, id, 1e300]),
      'garbage',
      forge(['-recorded_at', { x: 1 }, id, 2]),
    ]) {
      const r = await srv.api('/api/v1/sessions', { query: { cursor } });
      expect(r.status, cursor).toBe(400);
      expect(r.body).toMatchObject({ code: 400, field: 'cursor' });
    }
    expect((await srv.api('/api/v1/sessions', { query: { cursor: good } })).status).toBe(200);
  });
});
