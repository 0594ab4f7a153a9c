/**
 * Issue 13: an upload of a recording with its same-named `.vtt` is ONE session with the transcript attached (the
 * files of one form are grouped like a folder import), refusals name the uploaded file (never Filmroom's
 * `.incoming/` path), and a half-sent second file leaves nothing behind. Real ffmpeg files, real HTTP server.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_UPLOAD_FILES } from '../../../shared/contract/sessions.js';
import { ZOOM_CLOUD_VTT } from '../../helpers/import-fixtures.js';
import { makeVideo, sha256File } from '../../helpers/media.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let media: string;

beforeAll(async () => {
  srv = await startTestServer({ uploadIdleMs: 3000 });
  media = tempDir('filmroom-upload-group-');
});
afterAll(async () => {
  await srv?.close();
});

type Part = { path: string; name?: string } | { text: string; name: string };

/** One form with every part in the repeated `file` field (the browser's FormData does the same). */
async function upload(parts: readonly Part[], fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const p of parts) {
    if ('text' in p) form.append('file', new Blob([p.text]), p.name);
    else form.append('file', new Blob([readFileSync(p.path)]), p.name ?? basename(p.path));
  }
  return srv.api('/api/v1/sessions/import', { method: 'POST', body: form });
}

const vtt = (dir: string, name: string) => ({ text: ZOOM_CLOUD_VTT, name, dir });
const incoming = () => {
  try {
    return readdirSync(join(srv.dataDir, 'library', '.incoming')).filter((n) => n.startsWith('upl_'));
  } catch {
    return [];
  }
};
const sessionCount = async () => (await srv.api('/api/v1/sessions', { query: { limit: 1 } })).body.total as number;

async function settle(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

describe('an upload of a recording with its transcript', () => {
  it('is one session: the recording as the session, the .vtt as its transcript (speakers as participants)', async () => {
    const video = makeVideo(media, 'Coaching_with_Lee.mp4', 2);
    const before = await sessionCount();
    const r = await upload([{ path: video }, vtt(media, 'Coaching_with_Lee.vtt')], { client: 'Lee Park' });
    expect(r.status, r.text).toBe(202);
    expect(r.body.sessions).toHaveLength(1);
    expect(r.body.refused).toEqual([]);
    expect(await sessionCount()).toBe(before + 1);

    const s = (await srv.api(`/api/v1/sessions/${r.body.sessions[0].id}`)).body;
    expect(s.title).toBe('Coaching with Lee');
    expect(s.client).toBe('Lee Park');
    expect(s.transcript_status).toBe('ready');
    expect(s.sha256).toBe(sha256File(video));
    expect(s.files.map((f: Loose) => [f.kind, f.name])).toEqual([
      ['recording', 'Coaching_with_Lee.mp4'],
      ['transcript', 'Coaching_with_Lee.vtt'],
    ]);
    expect(s.participants.map((p: Loose) => p.name).sort()).toEqual(['Coach Kim', 'Lee Park']);
    const transcript = (await srv.api(`/api/v1/sessions/${s.id}/transcript`)).body;
    expect(transcript.segments.map((g: Loose) => [g.speaker, g.text])).toEqual([
      ['Coach Kim', 'Welcome back, Lee.'],
      ['Lee Park', 'Thanks. I finished the plan: all three steps.'],
    ]);
    expect(incoming()).toEqual([]);
  });

  it('the .vtt may come first in the form; the title field names the session', async () => {
    const video = makeVideo(media, 'first-vtt.mp4');
    const r = await upload([vtt(media, 'first-vtt.vtt'), { path: video }], { title: 'Named by the coach' });
    expect(r.status, r.text).toBe(202);
    expect(r.body.sessions).toHaveLength(1);
    const s = (await srv.api(`/api/v1/sessions/${r.body.sessions[0].id}`)).body;
    expect(s.title).toBe('Named by the coach');
    expect(s.transcript_status).toBe('ready');
  });

  it('two recordings, each with its .vtt, are two sessions; a .vtt of another name is refused by its own name', async () => {
    const a = makeVideo(media, 'Monday.mp4');
    const b = makeVideo(media, 'Tuesday.mp4');
    const r = await upload([{ path: a }, vtt(media, 'Monday.vtt'), { path: b }, vtt(media, 'Unrelated notes.vtt')]);
    expect(r.status, r.text).toBe(202);
    expect(r.body.sessions).toHaveLength(2);
    expect(r.body.refused).toHaveLength(1);
    expect(r.body.refused[0].path).toBe('Unrelated notes.vtt');
    expect(r.body.refused[0].reason).not.toMatch(/incoming|upl_/);
    const sessions = await Promise.all(
      r.body.sessions.map(async (x: Loose) => (await srv.api(`/api/v1/sessions/${x.id}`)).body),
    );
    const byTitle = new Map(sessions.map((s: Loose) => [s.title, s.transcript_status]));
    expect(byTitle).toEqual(
      new Map([
        ['Monday', 'ready'],
        ['Tuesday', 'none'],
      ]),
    );
  });

  it('only transcripts: 422 naming each uploaded file, nothing stored', async () => {
    const r = await upload([vtt(media, 'lonely.vtt'), vtt(media, 'lonelier.vtt')]);
    expect(r.status).toBe(422);
    expect(r.body.error).toBe('None of these files can be imported');
    expect(r.body.refused.map((x: Loose) => x.path).sort()).toEqual(['lonelier.vtt', 'lonely.vtt']);
    expect(incoming()).toEqual([]);
  });

  it(`more than ${MAX_UPLOAD_FILES} files in one form: 400 naming the field, nothing stored`, async () => {
    const before = await sessionCount();
    const video = makeVideo(media, 'too-many.mp4');
    const extra = Array.from({ length: MAX_UPLOAD_FILES }, (_, i) => vtt(media, `extra-${i}.vtt`));
    const r = await upload([{ path: video }, ...extra]);
    expect(r.status).toBe(400);
    expect(r.body.field).toBe('file');
    expect(r.body.error).toContain(`at most ${MAX_UPLOAD_FILES} files`);
    await settle(() => incoming().length === 0);
    expect(incoming()).toEqual([]);
    expect(await sessionCount()).toBe(before);
  });

  it('a client that leaves in the middle of the second file leaves no session and no stored file', async () => {
    const before = await sessionCount();
    const video = readFileSync(makeVideo(media, 'half-sent.mp4'));
    const boundary = 'XXgroupXX';
    const head = (name: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n';
    const sent = Buffer.concat([
      Buffer.from(head('half-sent.mp4')),
      video,
      Buffer.from('\r\n' + head('half-sent.vtt') + ZOOM_CLOUD_VTT.slice(0, 20)),
    ]);
    const socket = await new Promise<ReturnType<typeof connect>>((resolve, reject) => {
      const s = connect(srv.port, '127.0.0.1', () => {
        s.write(
          `POST /api/v1/sessions/import HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${srv.admin}\r\n` +
            `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${sent.length + 5000}\r\n\r\n`,
        );
        s.write(sent, () => resolve(s));
      });
      s.on('error', reject);
    });
    // The first file is stored while the second is still coming…
    await settle(() => incoming().length === 1, 10_000);
    expect(incoming()).toHaveLength(1);
    socket.destroy(); // …and then the client is gone.
    await settle(() => incoming().length === 0);
    expect(incoming()).toEqual([]);
    expect(await sessionCount()).toBe(before);
  });
});

describe('a recording imported by its path (the desktop drop and picker)', () => {
  it('brings its same-named .vtt from beside it: one session with the transcript', async () => {
    const dir = join(media, 'beside');
    mkdirSync(dir, { recursive: true });
    const video = makeVideo(dir, 'Call with Lee.mp4');
    writeFileSync(join(dir, 'Call with Lee.vtt'), ZOOM_CLOUD_VTT);
    writeFileSync(join(dir, 'Another call.vtt'), ZOOM_CLOUD_VTT);
    const preview = await srv.api('/api/v1/sessions/import/preview', { method: 'POST', json: { path: video } });
    expect(preview.body.meetings[0].files.map((f: Loose) => f.name)).toEqual([
      'Call with Lee.mp4',
      'Call with Lee.vtt',
    ]);
    const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path: video } });
    expect(r.status, r.text).toBe(202);
    expect(r.body.refused).toEqual([]);
    const s = (await srv.api(`/api/v1/sessions/${r.body.sessions[0].id}`)).body;
    expect(s.transcript_status).toBe('ready');
    expect(s.files.map((f: Loose) => f.kind)).toEqual(['recording', 'transcript']);
  });
});
