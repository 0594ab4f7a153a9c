/**
 * Found by the soak (seed 20261208, round 176): a session moved to the trash while its URL download was being
 * filed (the bytes were in, the probe was running) left the trash by itself. The trash sets `trashed` first and then
 * cancels the session's work, but the download's handler no longer looked at its signal: it filed the recording and
 * wrote `uploaded` over `trashed`. A slow ffprobe (a wrapper that sleeps) holds the handler in that window, so the
 * test does not depend on luck. Real HTTP server, real node:http source on 127.0.0.1, real ffmpeg/ffprobe, SQLite.
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFlakyServer } from '../../helpers/flaky-http-server.js';
import { FFPROBE, makeVideo } from '../../helpers/media.js';
import { startTestServer, type Loose } from '../../helpers/server.js';
import { until } from './child-process.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('moving a session to the trash while its finished download is being filed', () => {
  it('keeps it in the trash: the download is not filed and the status is not overwritten', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmroom-trash-race-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // ffprobe that waits while a marker file exists: the handler sits between "bytes in" and "filed".
    const marker = join(dir, 'slow');
    const wrapper = join(dir, 'ffprobe');
    writeFileSync(wrapper, `#!/bin/sh\nwhile [ -e '${marker}' ]; do sleep 0.05; done\nexec '${FFPROBE}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const clip = makeVideo(dir, 'clip.mp4', 1);

    const s = await startTestServer({
      autoAnalyze: false,
      watchFolders: false,
      env: { ...process.env, FFPROBE_PATH: wrapper },
    });
    cleanups.push(() => s.close());
    const allow = await s.api('/api/v1/settings', { method: 'PATCH', json: { url_import_allow_local: true } });
    expect(allow.status, allow.text).toBe(200);
    const source = await startFlakyServer({ body: readFileSync(clip), chunkBytes: 1 << 20, tickMs: 0 });
    cleanups.push(() => source.close());

    writeFileSync(marker, '');
    const r = await s.api('/api/v1/sessions/import', { method: 'POST', json: { url: source.fileUrl } });
    expect(r.status, r.text).toBe(202);
    const id = r.body.sessions[0].id as string;
    const sessionDir = join(s.app.paths.libraryDir, id);
    // The part file was renamed into the session's folder: the bytes are in and the probe is waiting.
    await until(
      () => existsSync(sessionDir) && readdirSync(sessionDir).length > 0,
      20_000,
      'the download to be moved into the session folder',
    );

    const trashing = s.api(`/api/v1/sessions/${id}`, { method: 'DELETE', query: { trash: true } });
    await until(
      () => (s.app.db.prepare('SELECT status FROM sessions WHERE id = ?').get(id) as Loose)?.status === 'trashed',
      10_000,
      'the trash to mark the session',
    );
    rmSync(marker); // the probe answers; the handler goes on to file the download
    const trashed = await trashing;
    expect(trashed.status, trashed.text).toBe(204);
    await until(
      () => (s.app.db.prepare('SELECT state FROM imports WHERE session_id = ?').get(id) as Loose)?.state !== 'running',
      20_000,
      'the download job to end',
    );

    const row = s.app.db.prepare('SELECT status FROM sessions WHERE id = ?').get(id) as Loose;
    expect(row.status).toBe('trashed');
    const page = await s.api('/api/v1/trash');
    expect(page.status, page.text).toBe(200);
    expect((page.body.items as Loose[]).map((t) => t.id)).toContain(id);
    const files = s.app.db.prepare('SELECT name FROM session_files WHERE session_id = ?').all(id) as Loose[];
    expect(files).toEqual([]);
    expect(existsSync(sessionDir) ? readdirSync(sessionDir) : []).toEqual([]);
    // Restored from the trash, it says the import stopped (nothing points at a file that is not there).
    const back = await s.api(`/api/v1/trash/${id}/restore`, { method: 'POST' });
    expect(back.status, back.text).toBe(200);
    expect(back.body.status).toBe('failed');
  });
});
