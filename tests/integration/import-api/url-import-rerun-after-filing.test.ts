/**
 * Found by the soak (seed 20261207, round 22; CI's short soak): a URL download killed after it filed its recording
 * (session row and file row committed) but before its import row said `done` ran again at the restart. The re-run
 * downloaded the bytes once more, found the session no longer `importing`, took that for a trash race and removed
 * "its" file — the very recording the first run had filed. The row pointed at nothing, the automatic analysis then
 * failed, and a coach saw a failed session whose recording was gone.
 *
 * The kill's leftovers are made exactly (the import row and its job put back to `running`, as the crash leaves them)
 * and the server restarted on the same data folder. Real HTTP server, real node:http source, real ffprobe, SQLite.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFlakyServer } from '../../helpers/flaky-http-server.js';
import { makeVideo, sha256File } from '../../helpers/media.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';
import { until } from './child-process.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const importState = (s: TestServer, id: string) =>
  (s.app.db.prepare('SELECT state FROM imports WHERE session_id = ?').get(id) as Loose | undefined)?.state;

/** A URL download filed by a first server on its own data folder, which is then stopped: what a kill interrupts. */
async function filedDownload() {
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-url-rerun-'));
  const dataDir = join(dir, 'data');
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const clip = makeVideo(dir, 'clip.mp4', 1);
  const source = await startFlakyServer({ body: readFileSync(clip), chunkBytes: 1 << 20, tickMs: 0 });
  cleanups.push(() => source.close());

  const first = await startTestServer({ dataDir, watchFolders: false });
  cleanups.push(() => first.stop());
  const allow = await first.api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: true } });
  expect(allow.status, allow.text).toBe(200);
  const r = await first.api('/api/v1/sessions/import', { method: 'POST', json: { url: source.fileUrl } });
  expect(r.status, r.text).toBe(202);
  const id = r.body.sessions[0].id as string;
  await until(() => importState(first, id) === 'done', 20_000, 'the download to be filed');
  const filed = first.app.db.prepare('SELECT path, size FROM session_files WHERE session_id = ?').get(id) as Loose;
  expect(filed, 'the first run filed a recording').toBeTruthy();
  const recording = join(first.app.paths.libraryDir, filed.path as string);
  await first.stop();
  return { id, dataDir, clip, source, recording, size: filed.size as number };
}

describe('a URL download that runs again after it filed its recording (killed before it said done)', () => {
  it('keeps the filed recording: the re-run ends without downloading or removing anything', async () => {
    const { id, dataDir, clip, source, recording, size } = await filedDownload();
    const requestsBefore = source.requests.length;

    // What a kill between the filing commit and the import's `done` leaves: both put back to `running`.
    const db = new Database(join(dataDir, 'library.db'));
    db.prepare(`UPDATE imports SET state = 'running' WHERE session_id = ?`).run(id);
    const jobs = db
      .prepare(`UPDATE jobs SET state = 'running', finished_at = NULL WHERE session_id = ? AND type = 'url-import'`)
      .run(id);
    db.close();
    expect(jobs.changes).toBe(1);

    const second = await startTestServer({ dataDir, watchFolders: false });
    cleanups.push(() => second.stop());
    await until(
      () =>
        (second.app.db.prepare(`SELECT state FROM jobs WHERE session_id = ? AND type = 'url-import'`).get(id) as Loose)
          .state !== 'running' && importState(second, id) !== 'running',
      20_000,
      'the re-run to end',
    );
    const session = await second.api(`/api/v1/sessions/${id}`);
    expect(session.status, session.text).toBe(200);
    expect(session.body.status).toBe('uploaded');
    expect(existsSync(recording), `${recording} must still be there`).toBe(true);
    expect(statSync(recording).size).toBe(size);
    expect(sha256File(recording)).toBe(sha256File(clip));
    expect(importState(second, id)).toBe('done');
    expect(source.requests.length, 'nothing downloaded again').toBe(requestsBefore);
    const media = await second.api(`/api/v1/sessions/${id}/media`, { headers: { range: 'bytes=0-99' } });
    expect(media.status).toBe(206);
  });

  it('a re-run for a session that stopped importing before its filing removes the bytes it had moved in', async () => {
    const { id, dataDir, recording: bytes } = await filedDownload();

    // The download was moved into the session's folder, not yet filed, when the session stopped importing (the
    // download failed for good, or went to the trash) and the process was killed before it cleaned up.
    const db = new Database(join(dataDir, 'library.db'));
    db.prepare('DELETE FROM session_files WHERE session_id = ?').run(id);
    db.prepare(`UPDATE sessions SET status = 'failed', status_detail = 'Download failed: gone' WHERE id = ?`).run(id);
    db.prepare(`UPDATE imports SET state = 'running' WHERE session_id = ?`).run(id);
    db.prepare(
      `UPDATE jobs SET state = 'running', finished_at = NULL WHERE session_id = ? AND type = 'url-import'`,
    ).run(id);
    db.close();
    expect(existsSync(bytes)).toBe(true);

    const second = await startTestServer({ dataDir, watchFolders: false });
    cleanups.push(() => second.stop());
    await until(() => importState(second, id) !== 'running', 20_000, 'the re-run to end');
    expect(importState(second, id)).toBe('cancelled');
    expect(existsSync(bytes), 'the unfiled download is removed').toBe(false);
    const session = await second.api(`/api/v1/sessions/${id}`);
    expect(session.body.status).toBe('failed');
  });
});
