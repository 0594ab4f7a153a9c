/**
 * Sessions made through the coach's own paths (not a test file): a Zoom meeting folder with per-participant audio
 * and a .vtt transcript, imported through the API, analysed, backed up — the shape of every real analysed session.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import type { Loose, TestServer } from '../../helpers/server.js';
import { settledUploads, until } from '../sync/sync-helpers.js';

let tone = 400;

function ffmpeg(args: string[]): void {
  execFileSync(locateMediaTools().ffmpeg, ['-hide_banner', '-v', 'error', '-y', ...args]);
}

export interface MeetingFolder {
  folder: string;
  words: string[];
}

/** A Zoom local-recording folder: video, mixed audio, one track per participant, a speaker-labelled .vtt. */
export function makeMeetingFolder(parent: string, title: string, words: [string, string]): MeetingFolder {
  const day = 10 + (tone % 17);
  const folder = join(parent, `2024-11-${day} 09.05.00 ${title}`);
  mkdirSync(join(folder, 'Audio Record'), { recursive: true });
  const video = join(folder, 'video1730538300.mp4');
  ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=160x90:r=10:d=2`],
    ...['-f', 'lavfi', '-i', `sine=frequency=${(tone += 31)}:sample_rate=16000:duration=2`],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '32k', '-shortest'],
    video,
  ]);
  for (const name of ['audioCoachKim11730538300.m4a', 'audioLeePark21730538300.m4a'])
    ffmpeg([
      ...['-f', 'lavfi', '-i', `sine=frequency=${(tone += 31)}:sample_rate=16000:duration=2`],
      ...['-c:a', 'aac', '-b:a', '32k', '-metadata', `title=${name}${tone}`],
      join(folder, 'Audio Record', name),
    ]);
  writeFileSync(
    join(folder, 'closed_caption.vtt'),
    `WEBVTT\n\n1\n00:00:00.100 --> 00:00:00.900\nCoach Kim: Welcome back, we talk about ${words[0]}.\n\n` +
      `2\n00:00:01.000 --> 00:00:01.900\nLee Park: Thanks. The ${words[1]} plan is done.\n`,
  );
  return { folder, words };
}

export async function settledSession(
  server: Pick<TestServer, 'api'>,
  id: string,
  done: (s: Loose) => boolean,
): Promise<Loose> {
  return until(async () => {
    const s = (await server.api(`/api/v1/sessions/${id}`)).body;
    return done(s) ? s : undefined;
  }, 240_000);
}

/** Imports the folder through the API and waits until its media is in the library. */
export async function importFolder(server: TestServer, folder: string, extra: Loose = {}): Promise<string> {
  const imported = await server.api('/api/v1/sessions/import', { method: 'POST', json: { path: folder, ...extra } });
  if (imported.status !== 202) throw new Error(`import: ${imported.status} ${imported.text}`);
  const id = imported.body.sessions[0].id as string;
  await settledSession(server, id, (s) => s.status !== 'pending' && s.status !== 'importing');
  return id;
}

export async function analyse(server: Pick<TestServer, 'api'>, id: string): Promise<Loose> {
  const queued = await server.api(`/api/v1/sessions/${id}/analyze`, { method: 'POST' });
  if (queued.status !== 202) throw new Error(`analyze: ${queued.status} ${queued.text}`);
  return settledSession(server, id, (s) => ['ready', 'failed', 'cancelled'].includes(s.analysis_status));
}

export async function backUp(server: TestServer, id: string): Promise<Loose[]> {
  const started = await server.api(`/api/v1/sessions/${id}/sync`, { method: 'POST' });
  if (started.status >= 300) throw new Error(`sync: ${started.status} ${started.text}`);
  const uploads = await settledUploads(server, id);
  if (!uploads.every((u: Loose) => u.state === 'completed')) throw new Error(`uploads: ${JSON.stringify(uploads)}`);
  return uploads;
}
