/**
 * Review round 2, item 5: an admin's folder import of `/` walked the machine and took TypeScript `.ts` files for
 * video. System roots, a home root and Filmroom's own data folder are refused (400, plain words, nothing created);
 * files are recognised by content: a `.ts` without MPEG-TS sync bytes is refused, a real MPEG-TS is imported.
 * Real HTTP server, real ffmpeg files, real SQLite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { looksLikeTransportStream } from '../../../main/library/importers/media-content.js';
import { refusedImportFolder } from '../../../main/library/import/import-source-policy.js';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let media: string;

beforeAll(async () => {
  srv = await startTestServer();
  media = tempDir('filmroom-folder-safety-');
});
afterAll(async () => {
  await srv?.close();
});

const sessionCount = async () =>
  (await srv.api('/api/v1/sessions', { query: { limit: 1, exclude_failed: false } })).body.total as number;

describe('a path import of a system folder or of Filmroom’s own data', () => {
  it('is refused with 400 in plain words before anything is walked or created', async () => {
    const before = await sessionCount();
    for (const path of ['/', '/usr', '/etc', '/etc/ssl', homedir(), srv.dataDir, join(srv.dataDir, 'library')]) {
      const started = Date.now();
      const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path } });
      expect(r.status, `${path}: ${r.text}`).toBe(400);
      expect(r.body).toMatchObject({ code: 400, field: 'path' });
      expect(r.body.error, path).toMatch(/system folder|home folder|data folder/);
      expect(Date.now() - started, `${path} answered without a walk`).toBeLessThan(5_000);
      const preview = await srv.api('/api/v1/sessions/import/preview', { method: 'POST', json: { path } });
      expect(preview.status, path).toBe(400);
    }
    expect(await sessionCount()).toBe(before);
  });

  it('judges Windows roots and system folders too (pure policy)', () => {
    const opts = { dataDir: 'D:\\Filmroom', platform: 'win32' as const, home: 'C:\\Users\\anna' };
    expect(refusedImportFolder('C:\\', opts)).toMatch(/drive/);
    expect(refusedImportFolder('C:\\Windows', opts)).toMatch(/system/);
    expect(refusedImportFolder('C:\\Users', opts)).toMatch(/system/);
    expect(refusedImportFolder('C:\\Users\\anna', opts)).toMatch(/home/);
    expect(refusedImportFolder('C:\\Users\\anna\\Documents\\Zoom', opts)).toBeNull();
    const posixOpts = { dataDir: '/home/anna/.filmroom', platform: 'linux' as const, home: '/home/anna' };
    expect(refusedImportFolder('/home/anna/Documents/Zoom', posixOpts)).toBeNull();
    expect(refusedImportFolder('/home/anna/.filmroom/library/ses_1', posixOpts)).toMatch(/data folder/);
  });
});

describe('files recognised by content', () => {
  it('a TypeScript .ts is refused with the reason; a real MPEG-TS and an MP4 are imported', async () => {
    const folder = join(media, 'mixed');
    mkdirSync(folder);
    makeVideo(folder, 'Session one.mp4');
    const mpegts = makeVideo(media, 'broadcast.mp4');
    // A real transport stream, remuxed by ffmpeg.
    const { execFileSync } = await import('node:child_process');
    const { FFMPEG } = await import('../../helpers/media.js');
    execFileSync(FFMPEG, [
      '-loglevel',
      'error',
      '-y',
      '-i',
      mpegts,
      '-c',
      'copy',
      '-f',
      'mpegts',
      join(folder, 'Broadcast.ts'),
    ]);
    writeFileSync(join(folder, 'index.ts'), "export const answer: number = 42;\nconsole.log('hello');\n".repeat(20));
    writeFileSync(join(folder, 'tiny.ts'), 'x');
    const before = await sessionCount();
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder } });
    expect(r.status, r.text).toBe(202);
    expect(r.body.sessions).toHaveLength(2);
    const refused = new Map(r.body.refused.map((x: { path: string; reason: string }) => [x.path, x.reason]));
    expect(refused.get(join(folder, 'index.ts'))).toMatch(/MPEG-TS/);
    expect(refused.get(join(folder, 'tiny.ts'))).toMatch(/MPEG-TS/);
    expect(await sessionCount()).toBe(before + 2);
  });

  it('knows a transport stream by its sync bytes (188- and 192-byte packets)', () => {
    const ts = new Uint8Array(188 * 4);
    for (let i = 0; i < 4; i += 1) ts[i * 188] = 0x47;
    expect(looksLikeTransportStream(ts)).toBe(true);
    const m2ts = new Uint8Array(192 * 4 + 4);
    for (let i = 0; i < 4; i += 1) m2ts[4 + i * 192] = 0x47;
    expect(looksLikeTransportStream(m2ts)).toBe(true);
    expect(looksLikeTransportStream(new TextEncoder().encode('import x from "y";\n'.repeat(50)))).toBe(false);
    expect(looksLikeTransportStream(new Uint8Array(0))).toBe(false);
  });
});
