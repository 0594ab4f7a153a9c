/**
 * Issue 13: a loose recording's session date is the container's `creation_time` (ffprobe) when it states a
 * plausible one, else the file's modification time as before — for uploads (whose modification time is the upload)
 * and imports by path, in the preview too. Files made by the real ffmpeg with `-metadata creation_time=…`.
 */
import { readFileSync, utimesSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let media: string;

beforeAll(async () => {
  srv = await startTestServer();
  media = tempDir('filmroom-creation-time-');
});
afterAll(async () => {
  await srv?.close();
});

const STATED = '2025-05-06T07:08:09Z';
const MTIME = new Date('2024-02-03T04:05:06Z');

async function recordedAt(id: string): Promise<string> {
  return (await srv.api(`/api/v1/sessions/${id}`)).body.recorded_at as string;
}

async function upload(path: string) {
  const form = new FormData();
  form.append('file', new Blob([readFileSync(path)]), basename(path));
  const r = await srv.api('/api/v1/sessions/import', { method: 'POST', body: form });
  expect(r.status, r.text).toBe(202);
  return r.body.sessions[0].id as string;
}

async function importPath(path: string) {
  const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path } });
  expect(r.status, r.text).toBe(202);
  return r.body.sessions[0].id as string;
}

describe('the session date of a loose recording', () => {
  it('an upload takes creation_time, not the upload time', async () => {
    const id = await upload(makeVideo(media, 'stated-upload.mp4', 1, { creationTime: STATED }));
    expect(await recordedAt(id)).toBe('2025-05-06T07:08:09.000Z');
  });

  it('an import by path takes creation_time over the modification time, and the preview says so first', async () => {
    const file = makeVideo(media, 'stated-path.mp4', 1, { creationTime: STATED });
    utimesSync(file, MTIME, MTIME);
    const preview = await srv.api('/api/v1/sessions/import/preview', { method: 'POST', json: { path: file } });
    expect(preview.body.meetings[0].recorded_at).toBe('2025-05-06T07:08:09.000Z');
    expect(await recordedAt(await importPath(file))).toBe('2025-05-06T07:08:09.000Z');
  });

  it('without the tag, the modification time is the date (as before)', async () => {
    const file = makeVideo(media, 'unstated.mp4');
    utimesSync(file, MTIME, MTIME);
    expect(await recordedAt(await importPath(file))).toBe('2024-02-03T04:05:06.000Z');
  });

  it('an implausible tag (an encoder epoch, or years ahead) is not believed: the modification time is', async () => {
    const epoch = makeVideo(media, 'epoch.mp4', 1, { creationTime: '1970-01-01T00:00:00Z' });
    const ahead = makeVideo(media, 'ahead.mp4', 1, { creationTime: '2039-01-01T00:00:00Z' });
    for (const f of [epoch, ahead]) utimesSync(f, MTIME, MTIME);
    expect(await recordedAt(await importPath(epoch))).toBe('2024-02-03T04:05:06.000Z');
    expect(await recordedAt(await importPath(ahead))).toBe('2024-02-03T04:05:06.000Z');
  });

  it('the date shows in the list, sorted by it', async () => {
    const list = await srv.api('/api/v1/sessions', { query: { q: 'stated', sort: '-recorded_at' } });
    expect(list.body.items.map((s: { recorded_at: string }) => s.recorded_at)).toContain('2025-05-06T07:08:09.000Z');
  });
});
