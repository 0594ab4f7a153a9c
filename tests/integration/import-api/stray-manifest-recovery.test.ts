/**
 * Found by the soak (seed 424242, round 618): a kill between a backup's write of `<session>/session.json` and the
 * commit of its file row left the manifest in the library with no row pointing at it, for as long as no new backup
 * of that session came. Start-up recovery removes such a manifest (the next backup writes it again) and keeps
 * every file a row points at. Real server, real SQLite files, real ffmpeg media; restarted on the same data folder.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { asIfKilled, startTestServer, type Loose } from '../../helpers/server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('start-up recovery after a kill mid-backup', () => {
  it('removes a session.json no file row points at, and keeps the recording', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'filmroom-stray-manifest-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const dataDir = join(dir, 'data');
    const clip = makeVideo(dir, 'clip.mp4', 1);
    const first = await startTestServer({ dataDir, watchFolders: false });
    cleanups.push(() => first.stop());
    const r = await first.api('/api/v1/sessions/import', { method: 'POST', json: { path: clip, copy: true } });
    expect(r.status, r.text).toBe(202);
    const id = r.body.sessions[0].id as string;
    const files = first.app.db.prepare('SELECT path FROM session_files WHERE session_id = ?').all(id) as Loose[];
    expect(files).toHaveLength(1);
    await first.stop();
    asIfKilled(dataDir); // the kill came before the stop could mark the run stopped cleanly

    const libraryDir = join(dataDir, 'library');
    const stray = join(libraryDir, id, 'session.json');
    writeFileSync(stray, '{"version":1}');
    const second = await startTestServer({ dataDir, watchFolders: false });
    cleanups.push(() => second.stop());
    expect(existsSync(stray), 'the unregistered manifest is removed').toBe(false);
    expect(existsSync(join(libraryDir, files[0]!.path as string)), 'the recording stays').toBe(true);
  });
});
