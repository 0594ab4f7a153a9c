/**
 * Import fixtures: every file-naming shape of issue 3, generated at test time with the real ffmpeg (1–2 s clips,
 * 160x90, so the whole set takes a few seconds on 2 cores). Every media file has different content (its own tone
 * frequency), so no two files share a sha256 — a library that refuses duplicates can import them all.
 *
 * Layout under `dir`:
 *   zoom/2024-03-05 14.30.12 Weekly coaching 81234567890/   older local: zoom_0.mp4, zoom_1.mp4 (paused → 2 parts),
 *                                                          audio_only.m4a, playback.m3u, chat.txt, .DS_Store
 *   zoom/2024-11-02 09.05.00 Goal review/                   newer local: video…mp4, audio…m4a, playback…m3u,
 *                                                          meeting_saved_chat.txt, recording.conf,
 *                                                          Audio Record/audioCoachKim1….m4a, audioLeePark2….m4a
 *   zoom/2024-11-03 10.00.00 Not yet converted 912345678/   double_click_to_convert_01.zoom, audio1.m4a.tmp
 *   downloads/                                              Zoom cloud (+ speaker VTT, chat, a " (1)" copy),
 *                                                          Teams (+ <v> VTT), Meet (+ .txt transcript),
 *                                                          a plain local recording, corrupt.mp4, notes.pdf
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { locateMediaTools } from '../../main/platform/ffmpeg-locate.js';
import { unreadableBytes } from './media.js';

const run = promisify(execFile);

export const ZOOM_CLOUD_VTT = `WEBVTT

1
00:00:00.100 --> 00:00:00.900
Coach Kim: Welcome back, Lee.

2
00:00:01.000 --> 00:00:01.900
Lee Park: Thanks. I finished the plan: all three steps.
`;

export const TEAMS_VTT = `WEBVTT

NOTE duration:"00:00:02.0000000"

6f1c2d0e-1/10-0
00:00:00.000 --> 00:00:00.800
<v Anna-Maria O'Neil>Good morning.</v>

6f1c2d0e-1/14-0
00:00:00.900 --> 00:00:01.900
<v Ben Cosic>Morning &amp; welcome.</v>
`;

export const MEET_TRANSCRIPT_TXT = `Coaching - Ana - Transcript
Attendees
Ana Ruiz, Coach Kim
Transcript
00:00:00

Coach Kim: Hi Ana, how are things?
Ana Ruiz: Good. Busy week.
`;

export const OLD_ZOOM_CHAT =
  '14:30:20\t From  Coach Kim : Welcome!\n14:30:40\t From  Lee Park : Hi, can you share the doc?\n';
export const NEW_ZOOM_CHAT = '09:05:10 From  Coach Kim  to  Everyone:\n\tHere is the plan\n';
export const CLOUD_CHAT = '00:00:01\tCoach Kim:\tWelcome\n';

export interface ImportFixtures {
  dir: string;
  zoomRoot: string;
  zoomOld: string;
  zoomNew: string;
  zoomUnconverted: string;
  downloads: string;
  /** Paths inside `downloads/` by role. */
  files: {
    cloudVideo: string;
    cloudGallery: string;
    cloudAudio: string;
    cloudVtt: string;
    cloudChat: string;
    teamsVideo: string;
    teamsVtt: string;
    meetVideo: string;
    meetTranscript: string;
    localVideo: string;
    corruptMp4: string;
    strayPdf: string;
  };
  cleanup(): void;
}

let toneFrequency = 300;
/** Each call gets a different tone, so every generated file has distinct bytes. */
const nextTone = (): number => (toneFrequency += 37);

function videoArgs(out: string, seconds: number): string[] {
  return [
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=160x90:r=10:d=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=${nextTone()}:sample_rate=16000:duration=${seconds}`,
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-b:a',
    '32k',
    '-shortest',
    out,
  ];
}

function audioArgs(out: string, seconds: number, silent = false): string[] {
  const source = silent
    ? `anullsrc=r=16000:cl=mono:d=${seconds}`
    : `sine=frequency=${nextTone()}:sample_rate=16000:duration=${seconds}`;
  // A silent track would be identical across calls; a metadata title keeps it unique.
  return ['-f', 'lavfi', '-i', source, '-c:a', 'aac', '-b:a', '32k', '-metadata', `title=${out}`, out];
}

async function ffmpegAll(jobs: string[][], concurrency = 3): Promise<void> {
  const ffmpeg = locateMediaTools().ffmpeg;
  const queue = [...jobs];
  const worker = async (): Promise<void> => {
    for (let args = queue.shift(); args; args = queue.shift()) {
      await run(ffmpeg, ['-hide_banner', '-v', 'error', '-y', ...args]);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

export async function generateImportFixtures(parent: string = tmpdir()): Promise<ImportFixtures> {
  const dir = mkdtempSync(join(parent, 'filmroom-import-'));
  const zoomRoot = join(dir, 'zoom');
  const zoomOld = join(zoomRoot, '2024-03-05 14.30.12 Weekly coaching 81234567890');
  const zoomNew = join(zoomRoot, '2024-11-02 09.05.00 Goal review');
  const zoomUnconverted = join(zoomRoot, '2024-11-03 10.00.00 Not yet converted 912345678');
  const downloads = join(dir, 'downloads');
  for (const d of [zoomOld, join(zoomNew, 'Audio Record'), zoomUnconverted, downloads])
    mkdirSync(d, { recursive: true });

  const cloud = join(downloads, 'GMT20240305-143012_Recording');
  const teams = join(downloads, 'Q3 - Coaching-Review-20240306_101500UTC-Meeting');
  const meet = join(downloads, 'Coaching - Ana (2024-03-07 16:00 GMT+1) -');
  const files: ImportFixtures['files'] = {
    cloudVideo: `${cloud}_640x360.mp4`,
    cloudGallery: `${cloud}_gallery_640x360 (1).mp4`,
    cloudAudio: `${cloud}.m4a`,
    cloudVtt: `${cloud}.transcript.vtt`,
    cloudChat: `${cloud}newChat.txt`,
    teamsVideo: `${teams} Recording.mp4`,
    teamsVtt: `${teams} Transcript.vtt`,
    meetVideo: `${meet} Recording.mp4`,
    meetTranscript: `${meet} Transcript.txt`,
    localVideo: join(downloads, 'Client call with Sam.mp4'),
    corruptMp4: join(downloads, 'corrupt.mp4'),
    strayPdf: join(downloads, 'notes.pdf'),
  };

  await ffmpegAll([
    videoArgs(join(zoomOld, 'zoom_0.mp4'), 1),
    videoArgs(join(zoomOld, 'zoom_1.mp4'), 1),
    audioArgs(join(zoomOld, 'audio_only.m4a'), 2),
    videoArgs(join(zoomNew, 'video1730538300.mp4'), 2),
    audioArgs(join(zoomNew, 'audio1730538300.m4a'), 2),
    audioArgs(join(zoomNew, 'Audio Record', 'audioCoachKim11730538300.m4a'), 2),
    audioArgs(join(zoomNew, 'Audio Record', 'audioLeePark21730538300.m4a'), 2, true),
    videoArgs(files.cloudVideo, 2),
    videoArgs(files.cloudGallery, 2),
    audioArgs(files.cloudAudio, 2),
    videoArgs(files.teamsVideo, 2),
    videoArgs(files.meetVideo, 2),
    videoArgs(files.localVideo, 1),
  ]);

  writeFileSync(join(zoomOld, 'playback.m3u'), '#EXTM3U\nzoom_0.mp4\nzoom_1.mp4\n');
  writeFileSync(join(zoomOld, 'chat.txt'), OLD_ZOOM_CHAT);
  writeFileSync(join(zoomOld, '.DS_Store'), randomBytes(64));
  writeFileSync(join(zoomNew, 'playback1730538300.m3u'), '#EXTM3U\nvideo1730538300.mp4\n');
  writeFileSync(join(zoomNew, 'meeting_saved_chat.txt'), NEW_ZOOM_CHAT);
  writeFileSync(
    join(zoomNew, 'recording.conf'),
    JSON.stringify({ items: [{ topic: 'Goal review: Lee', host: 'Coach Kim', participants: ['Lee Park'] }] }),
  );
  writeFileSync(join(zoomUnconverted, 'double_click_to_convert_01.zoom'), randomBytes(2048));
  writeFileSync(join(zoomUnconverted, 'audio1.m4a.tmp'), randomBytes(1024));
  writeFileSync(files.cloudVtt, ZOOM_CLOUD_VTT);
  writeFileSync(files.cloudChat, CLOUD_CHAT);
  writeFileSync(files.teamsVtt, TEAMS_VTT);
  writeFileSync(files.meetTranscript, MEET_TRANSCRIPT_TXT);
  writeFileSync(files.corruptMp4, unreadableBytes(64 * 1024));
  writeFileSync(files.strayPdf, '%PDF-1.4 not really\n');

  return {
    dir,
    zoomRoot,
    zoomOld,
    zoomNew,
    zoomUnconverted,
    downloads,
    files,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
