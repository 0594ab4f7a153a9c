/**
 * Review round 2, item 1: deleting a session while its URL download runs used to leave the download's
 * `.incoming/*.part` and its import row stuck `running`, and the orphan cleanup never listed that part file, even
 * three days old. Real HTTP server, a slow real node:http source on 127.0.0.1, real SQLite.
 */
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFlakyServer } from '../../helpers/flaky-http-server.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';
import { until } from './child-process.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function server(): Promise<TestServer> {
  const s = await startTestServer({ autoAnalyze: false, watchFolders: false });
  cleanups.push(() => s.close());
  const r = await s.api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: true } });
  expect(r.status, r.text).toBe(200);
  return s;
}

const incoming = (s: TestServer) => {
  try {
    return readdirSync(s.app.paths.incomingDir);
  } catch {
    return [];
  }
};
const importRows = (s: TestServer) =>
  s.app.db.prepare('SELECT id, state, part_path, session_id FROM imports').all() as Loose[];

describe('deleting a session while its URL download runs', () => {
  it('stops the download, removes its .part and leaves no import row running', async () => {
    const s = await server();
    // 8 MB sent 16 KiB every 20 ms: the download is mid-way for many seconds.
    const source = await startFlakyServer({ body: Buffer.alloc(8 * 1024 * 1024, 7), chunkBytes: 16_384, tickMs: 20 });
    cleanups.push(() => source.close());
    const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: source.fileUrl } });
    expect(r.status, r.text).toBe(202);
    const id = r.body.sessions[0].id as string;
    await until(
      () => incoming(s).some((n) => n.endsWith('.part') && statSync(join(s.app.paths.incomingDir, n)).size > 0),
      20_000,
      'the download to start writing its .part',
    );
    expect(importRows(s).map((row) => row.state)).toEqual(['running']);

    const del = await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
    expect(del.status, del.text).toBe(204);
    expect(incoming(s).filter((n) => n.endsWith('.part'))).toEqual([]);
    expect(importRows(s).map((row) => row.state)).toEqual(['cancelled']);
    // Nothing writes it again afterwards (the handler had stopped when the delete answered).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(incoming(s).filter((n) => n.endsWith('.part'))).toEqual([]);
  });

  it('the orphan cleanup lists a stale .part whose import row was left running with no live job (3 days old)', async () => {
    const s = await server();
    // What an earlier version left behind: the session is gone, its import row still says `running`.
    const part = 'imp_stuck000000000000000.part';
    const now = new Date().toISOString();
    s.app.db
      .prepare(
        `INSERT INTO imports (id, source, kind, state, part_path, options, session_id, created_at, updated_at)
         VALUES ('imp_stuck000000000000000', 'https://example.invalid/a.mp4', 'url', 'running', ?, '{}',
                 'ses_gone0000000000000000', ?, ?)`,
      )
      .run(part, now, now);
    const file = join(s.app.paths.incomingDir, part);
    mkdirSync(s.app.paths.incomingDir, { recursive: true });
    writeFileSync(file, Buffer.alloc(4096, 1));
    const threeDaysAgo = (Date.now() - 3 * 86_400_000) / 1000;
    utimesSync(file, threeDaysAgo, threeDaysAgo);

    const dry = await s.api('/api/admin/cleanup/orphaned-files', { method: 'POST', query: { dry_run: true } });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.orphaned_files_deleted).toContain(join('.incoming', part));
    const run = await s.api('/api/admin/cleanup/orphaned-files', { method: 'POST', query: { dry_run: false } });
    expect(run.status, run.text).toBe(200);
    expect(existsSync(file)).toBe(false);
  });

  it('a live download’s part file is never listed, however old its bytes', async () => {
    const s = await server();
    const source = await startFlakyServer({ body: Buffer.alloc(8 * 1024 * 1024, 9), chunkBytes: 16_384, tickMs: 20 });
    cleanups.push(() => source.close());
    const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: source.fileUrl } });
    expect(r.status, r.text).toBe(202);
    await until(() => incoming(s).some((n) => n.endsWith('.part')), 20_000, 'the .part to appear');
    const name = incoming(s).find((n) => n.endsWith('.part'))!;
    const old = (Date.now() - 3 * 86_400_000) / 1000;
    utimesSync(join(s.app.paths.incomingDir, name), old, old);
    const dry = await s.api('/api/admin/cleanup/orphaned-files', { method: 'POST', query: { dry_run: true } });
    expect(dry.status, dry.text).toBe(200);
    expect(dry.body.orphaned_files_deleted).not.toContain(join('.incoming', name));
    await s.api(`/api/v1/sessions/${r.body.sessions[0].id}`, { method: 'DELETE' });
  });
});

describe('moving a session to the trash while its URL download runs', () => {
  it('stops the download and removes its .part; a restore brings it back failed with the reason', async () => {
    const s = await server();
    const source = await startFlakyServer({ body: Buffer.alloc(8 * 1024 * 1024, 5), chunkBytes: 16_384, tickMs: 20 });
    cleanups.push(() => source.close());
    const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: source.fileUrl } });
    const id = r.body.sessions[0].id as string;
    await until(() => incoming(s).some((n) => n.endsWith('.part')), 20_000, 'the .part to appear');
    const trash = await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE', query: { trash: true } });
    expect(trash.status, trash.text).toBe(204);
    expect(incoming(s).filter((n) => n.endsWith('.part'))).toEqual([]);
    expect(importRows(s).map((row) => row.state)).toEqual(['cancelled']);
    const back = await s.api(`/api/v1/trash/${id}/restore`, { method: 'POST' });
    expect(back.status, back.text).toBe(200);
    expect(back.body.status).toBe('failed');
    expect(back.body.status_detail).toMatch(/trash/);
  });
});
