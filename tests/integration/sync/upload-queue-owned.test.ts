/**
 * The upload queue without a join of the library's `sessions` (issue 22): sync pages its own `uploads` rows, newest
 * first, and the library names them and scopes them to a coach. A coach whose uploads are older than another
 * coach's 1,500 still sees them all; a state filter is applied before the limit; titles and file names are the
 * library's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  // A configured store (never called here: the queue is read from the database).
  const env = {
    ...process.env,
    AWS_S3_BUCKET: 'b',
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
    AWS_ACCESS_KEY_ID: 'k',
    AWS_SECRET_ACCESS_KEY: 's',
    FILMROOM_S3_FORCE_PATH_STYLE: 'true',
  };
  server = await startTestServer({ env, watchFolders: false });
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe('the upload queue', () => {
  it("is scoped and named by the library, page after page of another coach's uploads", async () => {
    const db = server.app.db;
    const session = db.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, client, recorded_at, created_at, updated_at, size)
       VALUES (?, ?, 'ready', 'zoom', ?, 'Ana', '2026-01-01', '2026-01-01', '2026-01-01', 10)`,
    );
    const file = db.prepare(
      `INSERT INTO session_files (session_id, kind, name, path, managed, size, created_at)
       VALUES (?, 'recording', ?, ?, 1, 10, '2026-01-01')`,
    );
    const upload = db.prepare(
      `INSERT INTO uploads (id, session_id, file_id, bucket, s3_key, state, created_at, updated_at)
       VALUES (?, ?, ?, 'b', ?, ?, ?, ?)`,
    );
    db.transaction(() => {
      session.run('ses_mine', 'Mine', 'coach_a');
      session.run('ses_theirs', 'Theirs', 'coach_b');
      const mine = Number(file.run('ses_mine', 'mine.mp4', 'ses_mine/mine.mp4').lastInsertRowid);
      const theirs = Number(file.run('ses_theirs', 'theirs.mp4', 'ses_theirs/theirs.mp4').lastInsertRowid);
      for (let i = 0; i < 10; i++) {
        const at = `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z`;
        upload.run(`up_a${i}`, 'ses_mine', mine, `k/a${i}`, i % 2 ? 'paused' : 'synced', at, at);
      }
      for (let i = 0; i < 1500; i++) {
        const at = new Date(Date.UTC(2026, 1, 1) + i * 1000).toISOString();
        upload.run(`up_b${i}`, 'ses_theirs', theirs, `k/b${i}`, 'synced', at, at);
      }
    })();
    const coach = server.app.tokens.createCoachToken('coach_a');
    const list = async (token?: string, state?: string) =>
      ((r) => (expect(r.status, r.text).toBe(200), r.body.items as Loose[]))(
        await server.api('/api/v1/uploads', { token, query: { state } }),
      );

    const mine = await list(coach);
    expect(mine.map((u) => u.upload_id)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0].map((i) => `up_a${i}`));
    expect(mine[0]).toMatchObject({ session_id: 'ses_mine', title: 'Mine', file: 'mine.mp4', state: 'paused' });
    expect((await list(coach, 'paused')).map((u) => u.upload_id)).toEqual([
      'up_a9',
      'up_a7',
      'up_a5',
      'up_a3',
      'up_a1',
    ]);
    const all = await list();
    expect(all).toHaveLength(1000);
    expect(all[0]).toMatchObject({ upload_id: 'up_b1499', title: 'Theirs', file: 'theirs.mp4' });
    expect((await list(undefined, 'paused')).map((u) => u.upload_id)).toHaveLength(5);
  });
});
