/**
 * Offload candidates without a cross-module join (issue 22): the library answers its backed-up recordings of
 * sessions at rest page by page, and sync holds back, with its own tables, the files already offloaded or with an
 * upload not finished (queued, uploading or paused). The answer is the one the old single join gave, also when the
 * held-back files fill whole pages of the library's answer and the 500 candidates come from later pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  // A configured store (never called here: listing candidates reads the database only).
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

/** The single query candidates ran before (sessions, session_files, offloads and uploads in one join). */
const ORACLE = `SELECT f.session_id, f.size AS bytes, f.s3_key AS key
  FROM session_files f JOIN sessions s ON s.id = f.session_id
  WHERE f.kind = 'recording' AND f.managed = 1 AND f.s3_key IS NOT NULL AND f.sha256 IS NOT NULL
    AND s.listed = 1 AND s.status IN ('uploaded','ready','failed')
    AND NOT EXISTS (SELECT 1 FROM offloads o WHERE o.file_id = f.id)
    AND NOT EXISTS (SELECT 1 FROM uploads u WHERE u.file_id = f.id AND u.state IN ('queued','uploading','paused'))
    AND (@coach IS NULL OR s.coach_id = @coach) AND (@before IS NULL OR s.recorded_at < @before)
  ORDER BY s.recorded_at, s.id LIMIT 500`;

describe('offload candidates', () => {
  it('equal the old join, across pages the held-back files fill', async () => {
    const db = server.app.db;
    const session = db.prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size)
       VALUES (?, 't', ?, 'zoom', ?, ?, '2026-01-01', '2026-01-01', 10)`,
    );
    const file = db.prepare(
      `INSERT INTO session_files (session_id, kind, name, path, managed, size, sha256, s3_key, created_at)
       VALUES (?, ?, 'r.mp4', ?, ?, ?, ?, ?, '2026-01-01')`,
    );
    const offload = db.prepare(
      `INSERT INTO offloads (file_id, session_id, state, bytes, offloaded_at, updated_at)
       VALUES (?, ?, 'offloaded', 1, '2026', '2026')`,
    );
    const upload = db.prepare(
      `INSERT INTO uploads (id, session_id, file_id, bucket, s3_key, state, created_at, updated_at)
       VALUES (?, ?, ?, 'b', 'k', ?, '2026', '2026')`,
    );
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) {
        const id = `ses_c${String(i).padStart(5, '0')}`;
        const status = i % 97 === 5 ? 'processing' : 'ready';
        const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 3) * 86_400_000).toISOString();
        session.run(id, status, i % 4 === 0 ? 'coach_b' : 'default', day);
        const backedUp = i % 11 !== 3;
        const fileId = Number(
          file.run(
            id,
            'recording',
            `${id}/r.mp4`,
            i % 13 === 7 ? 0 : 1,
            100 + i,
            backedUp ? `sha${i}` : null,
            backedUp ? `k/${id}` : null,
          ).lastInsertRowid,
        );
        if (i < 2200 && i % 5 !== 0)
          offload.run(fileId, id); // the first pages mostly offloaded already
        else if (i % 7 === 1) upload.run(`up_${i}`, id, fileId, ['queued', 'uploading', 'paused', 'failed'][i % 4]);
      }
    })();
    for (const [query, coach, before] of [
      ['', null, null],
      ['?older_than_days=700', null, new Date(Date.now() - 700 * 86_400_000).toISOString()],
    ] as const) {
      const expected = db.prepare(ORACLE).all({ coach, before }) as Loose[];
      expect(expected.length).toBeGreaterThan(0);
      const res = await server.api(`/api/v1/storage/offload-candidates${query}`);
      expect(res.status, res.text).toBe(200);
      const got = (res.body.items as Loose[]).map((c) => ({ session_id: c.id, bytes: c.bytes, key: c.key }));
      expect(got).toEqual(expected);
      expect(res.body.bytes).toBe(expected.reduce((n, r) => n + (r.bytes as number), 0));
    }
    // The default answer is full (500) and reaches past the held-back first pages.
    expect((db.prepare(ORACLE).all({ coach: null, before: null }) as Loose[]).length).toBe(500);
  });
});
