/**
 * Folder imports through the real HTTP API: every naming shape of issue 3 (generated with the real ffmpeg), one
 * session per meeting with platform, title, recorded_at, participants, files, transcript and chat; unconverted Zoom
 * folders refused; mixed folders; duplicates; copy:false; the preview route.
 *
 * Zoom local folder names are the recording computer's wall time: this file runs the server in-process with
 * TZ=Europe/Paris (set before anything reads the zone), so 14.30.12 on 2024-03-05 (CET, UTC+1) is 13:30:12Z.
 */
process.env.TZ = 'Europe/Paris';

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateImportFixtures, type ImportFixtures } from '../../helpers/import-fixtures.js';
import { probeDuration, sha256File } from '../../helpers/media.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let fx: ImportFixtures;
const servers: TestServer[] = [];

async function server(): Promise<TestServer> {
  const s = await startTestServer({ autoAnalyze: false, watchFolders: false });
  servers.push(s);
  return s;
}

function importPath(s: TestServer, path: string, extra: Record<string, unknown> = {}) {
  return s.api('/api/v1/sessions/import', { method: 'POST', json: { path, ...extra } });
}

async function allSessions(s: TestServer): Promise<Loose[]> {
  const res = await s.api('/api/v1/sessions', { query: { exclude_failed: false, limit: 500 } });
  expect(res.status).toBe(200);
  return res.body.items;
}

function sessionFolders(s: TestServer): string[] {
  const lib = s.app.paths.libraryDir;
  return existsSync(lib) ? readdirSync(lib).filter((n) => n.startsWith('ses_')) : [];
}

async function getSession(s: TestServer, id: string): Promise<Loose> {
  const res = await s.api(`/api/v1/sessions/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

const names = (list: { name: string }[]) => list.map((p) => p.name).sort();
const kinds = (files: { kind: string; name: string }[]) =>
  Object.fromEntries(files.map((f) => [f.name, f.kind])) as Record<string, string>;

beforeAll(async () => {
  fx = await generateImportFixtures();
}, 120_000);

afterAll(async () => {
  for (const s of servers) await s.close().catch(() => undefined);
  fx?.cleanup();
});

describe('each naming shape imported as a folder', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await server();
  });

  it('sanity: the test process runs in Europe/Paris', () => {
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe('Europe/Paris');
  });

  it('older Zoom local folder (zoom_0 + zoom_1 parts): one zoom session, local time → UTC, duration = sum of parts, chat as markers', async () => {
    const res = await importPath(s, fx.zoomOld);
    expect(res.status, res.text).toBe(202);
    expect(res.body.sessions).toHaveLength(1);
    expect(res.body.refused).toEqual([]);
    const ses = await getSession(s, res.body.sessions[0].id);
    expect(ses.status).toBe('uploaded');
    expect(ses.platform).toBe('zoom');
    expect(ses.title).toBe('Weekly coaching'); // the trailing meeting id is not part of the topic
    expect(ses.recorded_at).toBe('2024-03-05T13:30:12.000Z');
    const expected = probeDuration(join(fx.zoomOld, 'zoom_0.mp4')) + probeDuration(join(fx.zoomOld, 'zoom_1.mp4'));
    expect(ses.duration).toBeCloseTo(expected, 1);
    expect(kinds(ses.files)).toEqual({
      'zoom_0.mp4': 'recording',
      'zoom_1.mp4': 'recording',
      'audio_only.m4a': 'audio',
      'chat.txt': 'chat',
      'playback.m3u': 'playlist',
    }); // .DS_Store is not imported
    expect(ses.sha256).toBe(sha256File(join(fx.zoomOld, 'zoom_0.mp4')));
    for (const f of ses.files) expect(f.managed).toBe(true);
    // Copied byte-exact into the session's folder.
    const folder = join(s.app.paths.libraryDir, ses.id);
    expect(sha256File(join(folder, 'zoom_1.mp4'))).toBe(sha256File(join(fx.zoomOld, 'zoom_1.mp4')));

    const markers = await s.api(`/api/v1/sessions/${ses.id}/markers`);
    expect(markers.status).toBe(200);
    const chat = markers.body.items.filter((m: Loose) => m.kind === 'chat');
    expect(chat.map((m: Loose) => [m.t, m.author, m.text])).toEqual([
      [8, 'Coach Kim', 'Welcome!'], // 14:30:20 − 14:30:12
      [28, 'Lee Park', 'Hi, can you share the doc?'],
    ]);
  });

  it('newer Zoom local folder with Audio Record/ and recording.conf: participants from the tracks, participant_audio files', async () => {
    const res = await importPath(s, fx.zoomNew);
    expect(res.status, res.text).toBe(202);
    expect(res.body.sessions).toHaveLength(1);
    const ses = await getSession(s, res.body.sessions[0].id);
    expect(ses.platform).toBe('zoom');
    expect(ses.title).toMatch(/^Goal review/);
    expect(ses.recorded_at).toBe('2024-11-02T08:05:00.000Z'); // 09.05.00 Paris, CET after the October DST change
    expect(names(ses.participants)).toEqual(['Coach Kim', 'Lee Park']);
    expect(ses.participants.find((p: Loose) => p.name === 'Coach Kim').role).toBe('host');
    const k = kinds(ses.files);
    expect(k['video1730538300.mp4']).toBe('recording');
    expect(k['audio1730538300.m4a']).toBe('audio');
    expect(k['audioCoachKim11730538300.m4a']).toBe('participant_audio');
    expect(k['audioLeePark21730538300.m4a']).toBe('participant_audio');
    expect(k['meeting_saved_chat.txt']).toBe('chat');
    expect(k['playback1730538300.m3u']).toBe('playlist');
    expect(ses.duration).toBeCloseTo(probeDuration(join(fx.zoomNew, 'video1730538300.mp4')), 1);
    const markers = await s.api(`/api/v1/sessions/${ses.id}/markers`);
    expect(markers.body.items.map((m: Loose) => [m.kind, m.t, m.author, m.text])).toEqual([
      ['chat', 10, 'Coach Kim', 'Here is the plan'],
    ]);
  });

  describe('downloads folder (Zoom cloud, Teams, Meet, a plain file, a corrupt file, a PDF)', () => {
    let res: Loose;
    let byPlatform: Record<string, Loose[]>;
    beforeAll(async () => {
      res = await importPath(s, fx.downloads);
      byPlatform = {};
      for (const { id } of res.body.sessions ?? []) {
        const ses = await getSession(s, id);
        (byPlatform[ses.platform] ??= []).push(ses);
      }
    });

    it('answers 202 with one session per meeting and the PDF refused with a reason', () => {
      expect(res.status).toBe(202);
      expect(res.body.sessions).toHaveLength(5); // cloud, teams, meet, plain local, corrupt local
      expect(res.body.refused.map((r: Loose) => r.path)).toEqual([fx.files.strayPdf]);
      expect(res.body.refused[0].reason).toMatch(/not a recording/i);
      expect(Object.keys(byPlatform).sort()).toEqual(['local', 'meet', 'teams', 'zoom']);
    });

    it('Zoom cloud: UTC time from GMT…, speakers from the VTT as participants, transcript, chat, " (1)" copy in the same meeting', async () => {
      const [ses] = byPlatform.zoom!;
      expect(byPlatform.zoom).toHaveLength(1);
      expect(ses.recorded_at).toBe('2024-03-05T14:30:12.000Z');
      expect(names(ses.participants)).toEqual(['Coach Kim', 'Lee Park']);
      expect(ses.transcript_status).toBe('ready');
      const k = kinds(ses.files);
      expect(k['GMT20240305-143012_Recording_640x360.mp4']).toBe('recording');
      expect(k['GMT20240305-143012_Recording.m4a']).toBe('audio');
      expect(k['GMT20240305-143012_Recording.transcript.vtt']).toBe('transcript');
      expect(k['GMT20240305-143012_RecordingnewChat.txt']).toBe('chat');
      expect(ses.sha256).toBe(sha256File(fx.files.cloudVideo));
      const tr = await s.api(`/api/v1/sessions/${ses.id}/transcript`);
      expect(tr.status).toBe(200);
      expect(tr.body.segments).toEqual([
        { start: 0.1, end: 0.9, speaker: 'Coach Kim', text: 'Welcome back, Lee.' },
        { start: 1, end: 1.9, speaker: 'Lee Park', text: 'Thanks. I finished the plan: all three steps.' },
      ]);
      const markers = await s.api(`/api/v1/sessions/${ses.id}/markers`);
      expect(markers.body.items.map((m: Loose) => [m.kind, m.t, m.author, m.text])).toEqual([
        ['chat', 1, 'Coach Kim', 'Welcome'],
      ]);
    });

    it('Zoom cloud: the gallery view is another view of the same 2 s meeting, so the session lasts 2 s (not the sum of views)', () => {
      const [ses] = byPlatform.zoom!;
      // Parts (zoom_0, zoom_1) are sequential and add up; cloud views (_640x360, _gallery_) run in parallel.
      expect(ses.duration).toBeCloseTo(probeDuration(fx.files.cloudVideo), 1);
    });

    it('Teams: subject with hyphens, UTC time, <v> speakers as participants, entities decoded', async () => {
      const [ses] = byPlatform.teams!;
      expect(ses.title).toBe('Q3 - Coaching-Review');
      expect(ses.recorded_at).toBe('2024-03-06T10:15:00.000Z');
      expect(names(ses.participants)).toEqual(["Anna-Maria O'Neil", 'Ben Cosic']);
      expect(kinds(ses.files)).toEqual({
        'Q3 - Coaching-Review-20240306_101500UTC-Meeting Recording.mp4': 'recording',
        'Q3 - Coaching-Review-20240306_101500UTC-Meeting Transcript.vtt': 'transcript',
      });
      const tr = await s.api(`/api/v1/sessions/${ses.id}/transcript`);
      expect(tr.body.segments.map((x: Loose) => [x.speaker, x.text])).toEqual([
        ["Anna-Maria O'Neil", 'Good morning.'],
        ['Ben Cosic', 'Morning & welcome.'],
      ]);
    });

    it('Meet: title, GMT+1 → UTC, transcript speakers as participants', async () => {
      const [ses] = byPlatform.meet!;
      expect(ses.title).toBe('Coaching - Ana');
      expect(ses.recorded_at).toBe('2024-03-07T15:00:00.000Z');
      expect(names(ses.participants)).toEqual(['Ana Ruiz', 'Coach Kim']);
      expect(Object.values(kinds(ses.files)).sort()).toEqual(['recording', 'transcript']);
      const tr = await s.api(`/api/v1/sessions/${ses.id}/transcript`);
      expect(tr.body.segments.map((x: Loose) => x.text)).toEqual(['Hi Ana, how are things?', 'Good. Busy week.']);
    });

    it('a plain file is a local session named by its file; a corrupt one is a failed session with the reason', () => {
      const local = byPlatform.local!;
      expect(local.map((x) => x.title).sort()).toEqual(['Client call with Sam', 'corrupt']);
      const corrupt = local.find((x) => x.title === 'corrupt');
      expect(corrupt.status).toBe('failed');
      expect(corrupt.status_detail).toMatch(/ffprobe|invalid/i);
      expect(local.find((x) => x.title === 'Client call with Sam').status).toBe('uploaded');
    });

    it('list q= finds sessions by words said in their transcripts', async () => {
      const search = async (q: string) =>
        (await s.api('/api/v1/sessions', { query: { q, exclude_failed: false } })).body.items.map(
          (i: Loose) => i.platform,
        );
      expect(await search('finished')).toEqual(['zoom']);
      expect(await search('busy')).toEqual(['meet']);
      expect(await search('morning')).toEqual(['teams']);
    });
  });

  it('the same single-meeting folder twice: 409 naming the existing session, nothing new on disk', async () => {
    const before = await allSessions(s);
    const first = before.find((x) => x.title === 'Weekly coaching');
    const folders = sessionFolders(s).length;
    const res = await importPath(s, fx.zoomOld);
    expect(res.status).toBe(409);
    expect(res.body.existing_session_id).toBe(first.id);
    expect(res.body.error).toContain('Weekly coaching');
    expect(await allSessions(s)).toHaveLength(before.length);
    expect(sessionFolders(s)).toHaveLength(folders);
  });

  it('the same several-meeting folder twice: every meeting refused as a duplicate naming its session', async () => {
    const before = await allSessions(s);
    const folders = sessionFolders(s).length;
    const res = await importPath(s, fx.downloads);
    expect([202, 409, 422]).toContain(res.status);
    expect(res.body.sessions ?? []).toEqual([]);
    const dupes = (res.body.refused as Loose[]).filter((r) => /duplicate|already/i.test(r.reason));
    expect(dupes).toHaveLength(5);
    expect(dupes.find((r) => r.path === fx.files.teamsVideo)?.reason).toContain('Q3 - Coaching-Review');
    expect(await allSessions(s)).toHaveLength(before.length);
    expect(sessionFolders(s)).toHaveLength(folders);
  });
});

describe('unconverted and mixed folders', () => {
  it('an unconverted Zoom folder: 422 with the reason, no session, nothing in the library folder', async () => {
    const s = await server();
    const res = await importPath(s, fx.zoomUnconverted);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe(422);
    expect(JSON.stringify(res.body)).toMatch(/not been converted|convert/i);
    expect(res.body.refused.length).toBeGreaterThan(0);
    expect(await allSessions(s)).toEqual([]);
    expect(sessionFolders(s)).toEqual([]);
    const incoming = s.app.paths.incomingDir;
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
  });

  it('a mixed folder (every shape, the unconverted meeting among them): sessions for the rest + refused with reasons', async () => {
    const s = await server();
    const res = await importPath(s, fx.dir);
    expect(res.status, res.text).toBe(202);
    expect(res.body.sessions).toHaveLength(7); // 2 Zoom local + cloud + Teams + Meet + plain + corrupt
    const refused = res.body.refused as Loose[];
    const unconverted = refused.filter((r) => r.path.startsWith(fx.zoomUnconverted));
    expect(unconverted.length).toBeGreaterThan(0);
    for (const r of unconverted) expect(r.reason).toMatch(/convert/i);
    expect(refused.find((r) => r.path === fx.files.strayPdf)?.reason).toBeTruthy();
    const sessions = await allSessions(s);
    expect(sessions).toHaveLength(7);
    expect(sessions.some((x) => x.title.includes('Not yet converted'))).toBe(false);
    // The corrupt recording's session is kept with its reason, without its bytes (issue 11): no folder.
    const readable = sessions.filter((x) => x.status !== 'failed');
    expect(sessions.filter((x) => x.status === 'failed')).toHaveLength(1);
    expect(sessionFolders(s).sort()).toEqual(readable.map((x) => x.id).sort());
  });
});

describe('copy:false', () => {
  it('references files in place (managed:false, nothing copied) and DELETE never removes them', async () => {
    const s = await server();
    const sources = readdirSync(fx.zoomNew, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    const hashes = new Map(sources.map((p) => [p, sha256File(p)]));
    const res = await importPath(s, fx.zoomNew, { copy: false });
    expect(res.status, res.text).toBe(202);
    const id = res.body.sessions[0].id;
    const ses = await getSession(s, id);
    expect(ses.files.length).toBeGreaterThanOrEqual(6);
    for (const f of ses.files) expect(f.managed).toBe(false);
    expect(sessionFolders(s)).toEqual([]);

    const del = await s.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect((await s.api(`/api/v1/sessions/${id}`)).status).toBe(404);
    for (const [path, hash] of hashes) {
      expect(existsSync(path), path).toBe(true);
      expect(sha256File(path)).toBe(hash);
    }
  });
});

describe('preview', () => {
  it('returns the same grouping as the import would, and imports nothing', async () => {
    const s = await server();
    const res = await s.api('/api/v1/sessions/import/preview', { method: 'POST', json: { path: fx.dir } });
    expect(res.status, res.text).toBe(200);
    const meetings = res.body.meetings as Loose[];
    expect(meetings).toHaveLength(7);
    expect(res.body.refused.some((r: Loose) => r.path.startsWith(fx.zoomUnconverted))).toBe(true);
    expect(res.body.refused.some((r: Loose) => r.path === fx.files.strayPdf)).toBe(true);
    const old = meetings.find((m) => m.files.some((f: Loose) => f.path === join(fx.zoomOld, 'zoom_1.mp4')));
    expect(old).toMatchObject({ platform: 'zoom', title: 'Weekly coaching', recorded_at: '2024-03-05T13:30:12.000Z' });
    const teams = meetings.find((m) => m.platform === 'teams');
    expect(teams.files.map((f: Loose) => f.path).sort()).toEqual([fx.files.teamsVideo, fx.files.teamsVtt].sort());

    // Nothing imported.
    expect(await allSessions(s)).toEqual([]);
    expect(sessionFolders(s)).toEqual([]);

    // And the import creates exactly what the preview described.
    const imported = await importPath(s, fx.dir);
    expect(imported.status).toBe(202);
    const created = await Promise.all(imported.body.sessions.map((x: Loose) => getSession(s, x.id)));
    const describe = (list: Loose[]) => list.map((m) => `${m.platform}|${m.recorded_at}`).sort();
    expect(describe(created)).toEqual(describe(meetings));
  });
});
