/** POST /api/v1/sessions/import with real media and the real ffprobe. */
import { copyFileSync, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAudio, makeCorrupt, makeVideo, probeDuration, sha256File } from '../../helpers/media.js';
import { startTestServer, tempDir, type TestServer, type Loose } from '../../helpers/server.js';
import { uploadMultipart } from '../analysis-api/helpers.js';

let srv: TestServer;
let media: string;

beforeAll(async () => {
  srv = await startTestServer();
  media = tempDir('filmroom-media-');
});
afterAll(async () => {
  await srv?.close();
});

const importPath = (json: Record<string, unknown>, token?: string) =>
  srv.api('/api/v1/sessions/import', { method: 'POST', json, token });

describe('import by path', () => {
  it('imports a real mp4: 202, uploaded, duration from ffprobe, copied with the same sha256', async () => {
    const src = makeVideo(media, 'Weekly_check-in.mp4', 2);
    const r = await importPath({ path: src, client: 'Alex Smith', platform: 'zoom' });
    expect(r.status).toBe(202);
    expect(r.body.refused).toEqual([]);
    expect(r.body.sessions).toHaveLength(1);
    const { id, status } = r.body.sessions[0];
    expect(status).toBe('uploaded');
    expect(id).toMatch(/^ses_/);

    const s = (await srv.api(`/api/v1/sessions/${id}`)).body;
    expect(s.status).toBe('uploaded');
    expect(s.duration).toBeCloseTo(probeDuration(src), 1);
    expect(s.size).toBe(statSync(src).size);
    expect(s.sha256).toBe(sha256File(src));
    expect(s.title).toMatch(/Weekly/); // derived from the file name
    expect(s.client).toBe('Alex Smith');
    expect(s.platform).toBe('zoom');
    expect(s.files).toEqual([
      {
        kind: 'recording',
        name: 'Weekly_check-in.mp4',
        size: statSync(src).size,
        managed: true,
        s3_key: null,
        local_copy: 'present',
      },
    ]);

    const folder = join(srv.app.paths.libraryDir, id);
    const copied = join(folder, 'Weekly_check-in.mp4');
    expect(existsSync(copied)).toBe(true);
    expect(sha256File(copied)).toBe(sha256File(src));
    expect(readdirSync(folder)).toEqual(['Weekly_check-in.mp4']); // no .part left behind
    expect(existsSync(src)).toBe(true); // the source is left alone
  });

  it('an audio-only file is filed as kind audio', async () => {
    const src = makeAudio(media);
    const r = await importPath({ path: src });
    expect(r.status).toBe(202);
    const s = (await srv.api(`/api/v1/sessions/${r.body.sessions[0].id}`)).body;
    expect(s.files[0].kind).toBe('audio');
    expect(s.duration).toBeCloseTo(probeDuration(src), 1);
  });

  it('copy:false references the file in place (nothing copied into the library)', async () => {
    const src = makeVideo(media);
    const r = await importPath({ path: src, copy: false });
    expect(r.status).toBe(202);
    const id = r.body.sessions[0].id;
    expect(existsSync(join(srv.app.paths.libraryDir, id))).toBe(false);
    const s = (await srv.api(`/api/v1/sessions/${id}`)).body;
    expect(s.files[0].managed).toBe(false);
    expect(s.sha256).toBe(sha256File(src));
    const row = srv.app.db.prepare('SELECT path, managed FROM session_files WHERE session_id = ?').get(id) as {
      path: string;
      managed: number;
    };
    expect(row).toEqual({ path: src, managed: 0 });
  });

  it('the same content twice answers 409 naming the existing session, and leaves no second copy', async () => {
    const src = makeVideo(media);
    const first = await importPath({ path: src });
    expect(first.status).toBe(202);
    const existing = first.body.sessions[0].id;
    const foldersBefore = readdirSync(srv.app.paths.libraryDir).filter((n) => n.startsWith('ses_')).length;
    const total = (await srv.api('/api/v1/health')).body.sessions;

    // same bytes under another name and place
    const dir2 = tempDir();
    const copy = join(dir2, 'renamed.mp4');
    copyFileSync(src, copy);
    for (const path of [src, copy]) {
      const again = await importPath({ path });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe(409);
      expect(again.body.existing_session_id).toBe(existing);
      expect(typeof again.body.error).toBe('string');
    }
    const inPlace = await importPath({ path: copy, copy: false });
    expect(inPlace.status).toBe(409);
    expect(inPlace.body.existing_session_id).toBe(existing);

    expect((await srv.api('/api/v1/health')).body.sessions).toBe(total);
    expect(readdirSync(srv.app.paths.libraryDir).filter((n) => n.startsWith('ses_')).length).toBe(foldersBefore);
  });

  it('two simultaneous imports of the same content: one 202, one 409, no leftover copy', async () => {
    const src = makeVideo(media);
    const twin = join(tempDir(), 'twin.mp4');
    copyFileSync(src, twin);
    const folders = () => readdirSync(srv.app.paths.libraryDir).filter((n) => n.startsWith('ses_')).length;
    const before = folders();
    const results = await Promise.all([importPath({ path: src }), importPath({ path: twin })]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([202, 409]);
    const winner = results.find((r) => r.status === 202)!.body.sessions[0].id;
    expect(results.find((r) => r.status === 409)!.body.existing_session_id).toBe(winner);
    expect(folders()).toBe(before + 1);
  });

  it('a corrupt file becomes a failed session with the ffprobe reason', async () => {
    const src = makeCorrupt(media);
    const r = await importPath({ path: src });
    expect(r.status).toBe(202);
    const { id, status } = r.body.sessions[0];
    expect(status).toBe('failed');
    const s = (await srv.api(`/api/v1/sessions/${id}`)).body;
    expect(s.status).toBe('failed');
    expect(s.status_detail).toMatch(/ffprobe/i);
    expect(s.status_detail).toMatch(/invalid data/i);
    expect(s.duration).toBeNull();
    // hidden from the default list, shown with exclude_failed=false
    const def = await srv.api('/api/v1/sessions');
    expect(def.body.items.map((x: Loose) => x.id)).not.toContain(id);
    const all = await srv.api('/api/v1/sessions?exclude_failed=false');
    expect(all.body.items.map((x: Loose) => x.id)).toContain(id);
  });

  it('a folder is not imported as a file (422, nothing created)', async () => {
    const before = (await srv.api('/api/v1/health')).body.sessions;
    const r = await importPath({ path: tempDir() });
    expect(r.status).toBe(422);
    expect(r.body.code).toBe(422);
    expect((await srv.api('/api/v1/health')).body.sessions).toBe(before);
  });

  it('a file name with path tricks is stored under a safe name inside the session folder', async () => {
    const src = makeVideo(media, 'weird:name?*|.mp4');
    const r = await importPath({ path: src });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const id = r.body.sessions[0].id;
    const files = readdirSync(join(srv.app.paths.libraryDir, id));
    expect(files).toHaveLength(1);
    expect(files[0]).not.toMatch(/^\./);
    expect(files[0]).not.toMatch(/[:?*|]/);
  });
});

describe('multipart upload', () => {
  async function upload(file: string, fields: Record<string, string> = {}, token?: string) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([readFileSync(file)]), basename(file));
    return srv.api('/api/v1/sessions/import', { method: 'POST', body: form, token });
  }

  it('creates a session from the `file` field, stored in the library with the right hash', async () => {
    const src = makeVideo(media, 'Uploaded_call.mp4');
    const r = await upload(src, { client: 'Priya Patel' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body.refused).toEqual([]);
    const { id, status } = r.body.sessions[0];
    expect(status).toBe('uploaded');
    const s = (await srv.api(`/api/v1/sessions/${id}`)).body;
    expect(s.title).toBe('Uploaded call');
    expect(s.client).toBe('Priya Patel');
    expect(s.sha256).toBe(sha256File(src));
    expect(s.duration).toBeCloseTo(probeDuration(src), 1);
    expect(sha256File(join(srv.app.paths.libraryDir, id, 'Uploaded_call.mp4'))).toBe(sha256File(src));
    // no half-written upload left behind
    const incoming = srv.app.paths.incomingDir;
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
  });

  it('a coach token may upload, and the session belongs to that coach', async () => {
    const coach = srv.app.tokens.createCoachToken('coach-up');
    const r = await upload(makeVideo(media), {}, coach);
    expect(r.status).toBe(202);
    const s = (await srv.api(`/api/v1/sessions/${r.body.sessions[0].id}`, { token: coach })).body;
    expect(s.coach_id).toBe('coach-up');
  });

  it('a coach token cannot upload for another coach (403)', async () => {
    const coach = srv.app.tokens.createCoachToken('coach-up2');
    const r = await upload(makeVideo(media), { coach_id: 'someone-else' }, coach);
    expect(r.status).toBe(403);
  });

  it('an uploaded duplicate is 409 naming the existing session', async () => {
    const src = makeVideo(media);
    const first = await upload(src);
    expect(first.status).toBe(202);
    const second = await upload(src);
    expect(second.status).toBe(409);
    expect(second.body.existing_session_id).toBe(first.body.sessions[0].id);
  });

  it('a multipart body without the file field is 400 naming file', async () => {
    const form = new FormData();
    form.append('title', 'no file');
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', body: form });
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('file');
  });

  it('fields sent after the file (curl -F file=@x -F client=…) are used; a bad late field stores nothing', async () => {
    const src = makeVideo(media, 'Late_fields_call.mp4');
    const late = await uploadMultipart(srv.url, '/api/v1/sessions/import', src, {
      token: srv.admin,
      fileField: 'file',
      fieldsLast: true,
      fields: { client: 'Late Client', title: 'Sent after the file' },
    });
    expect(late.status, late.text).toBe(202);
    const s = (await srv.api(`/api/v1/sessions/${late.body.sessions[0].id}`)).body;
    expect(s).toMatchObject({ client: 'Late Client', title: 'Sent after the file' });

    const sessionsBefore = (await srv.api('/api/v1/sessions?hide_failed=false&limit=1')).body.total;
    const bad = await uploadMultipart(srv.url, '/api/v1/sessions/import', makeVideo(media, 'Bad_late.mp4'), {
      token: srv.admin,
      fileField: 'file',
      fieldsLast: true,
      fields: { platform: 'myspace' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('platform');
    expect((await srv.api('/api/v1/sessions?hide_failed=false&limit=1')).body.total).toBe(sessionsBefore);
    const incoming = srv.app.paths.incomingDir;
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
  });

  it('an uploaded corrupt file becomes a failed session', async () => {
    const r = await upload(makeCorrupt(media));
    expect(r.status).toBe(202);
    expect(r.body.sessions[0].status).toBe('failed');
  });
});
