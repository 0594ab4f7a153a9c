/**
 * Media fixtures whose ground truth is known by construction, generated with the real ffmpeg at test time
 * (small resolution, ~12 s, so a whole set takes a second or two on 2 cores).
 *
 * Timeline of the "meeting" (12 s, 25 fps, 320x180):
 *   speaker A (coach)  speaks [1,3] and [6.5,7.5]          → 3.0 s
 *   speaker B (client) speaks [4,5.5] and [8.5,10.5]        → 3.5 s
 *   mixed track = A + B → speech [1,3] [4,5.5] [6.5,7.5] [8.5,10.5] (6.5 s), silence 5.5 s
 *   video: red [0,3) · testsrc2 [3,7) · blue [7,12) → hard cuts at 3.0 and 7.0; keyframes at 0, 3, 6, 9
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { WorkDb } from '../../main/db/index.js';
import { migration0001 } from '../../main/db/migrations/0001-initial.js';
import { locateMediaTools } from '../../main/platform/ffmpeg-locate.js';

export const TRUTH = {
  duration: 12,
  fps: 25,
  speakerA: [
    [1, 3],
    [6.5, 7.5],
  ] as [number, number][],
  speakerB: [
    [4, 5.5],
    [8.5, 10.5],
  ] as [number, number][],
  mixedSpeech: [
    [1, 3],
    [4, 5.5],
    [6.5, 7.5],
    [8.5, 10.5],
  ] as [number, number][],
  talkTimeS: 6.5,
  cuts: [3, 7],
};

export interface AnalysisFixtures {
  dir: string;
  meeting: string;
  speakerA: string;
  speakerB: string;
  silentAudio: string;
  blackVideo: string;
  noAudio: string;
  audioOnly: string;
  truncated: string;
  garbage: string;
  /** WebM written to a pipe, as browsers stream it: no duration anywhere in the header. */
  streamedWebm: string;
  /** A container with only a data stream: readable, but nothing to analyse. */
  noStreams: string;
  cleanup(): void;
}

const ffmpeg = (): string => locateMediaTools().ffmpeg;

function run(args: string[]): void {
  execFileSync(ffmpeg(), ['-hide_banner', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Exact on/off by sample: a tone that is on inside the given intervals. */
export function toneExpr(intervals: readonly (readonly [number, number])[], freq: number, amp = 0.5): string {
  const gate = intervals.map(([s, e]) => `between(t\\,${s}\\,${e - 1e-4})`).join('+');
  return `(${gate})*${amp}*sin(2*PI*${freq}*t)`;
}

function aeval(expr: string, duration: number): string {
  return `aevalsrc='${expr}':s=48000:d=${duration}`;
}

function meetingVideoGraph(size: string): string {
  const { fps } = TRUTH;
  return (
    `color=c=red:s=${size}:r=${fps}:d=3[v0];testsrc2=s=${size}:r=${fps}:d=4[v1];` +
    `color=c=blue:s=${size}:r=${fps}:d=5[v2];[v0][v1][v2]concat=n=3:v=1:a=0,format=yuv420p[v]`
  );
}

const X264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '250'];
const AAC = ['-c:a', 'aac', '-b:a', '64k'];

export function createAnalysisFixtures(): AnalysisFixtures {
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-analysis-'));
  const p = (name: string): string => join(dir, name);
  const { duration } = TRUTH;
  const mixed = `${toneExpr(TRUTH.speakerA, 300, 0.4)}+${toneExpr(TRUTH.speakerB, 520, 0.4)}`;

  run(['-f', 'lavfi', '-i', aeval(toneExpr(TRUTH.speakerA, 300), duration), ...AAC, p('speaker-a.m4a')]);
  run(['-f', 'lavfi', '-i', aeval(toneExpr(TRUTH.speakerB, 520), duration), ...AAC, p('speaker-b.m4a')]);
  const meetingArgs = (out: string, extra: string[] = []): string[] => [
    '-filter_complex',
    `${meetingVideoGraph('320x180')};${aeval(mixed, duration)}[a]`,
    // A keyframe every 3 s exactly (no extra ones at cuts): sparse enough that keyframe-only decoding is refused,
    // and chunk boundaries snap to 3, 6, 9 — so the cut at 3 s sits exactly on a keyframe-aligned boundary.
    '-map',
    '[v]',
    '-map',
    '[a]',
    ...X264,
    '-g',
    '75',
    '-sc_threshold',
    '0',
    ...AAC,
    ...extra,
    out,
  ];
  run(meetingArgs(p('meeting.mp4')));
  run([
    '-f',
    'lavfi',
    '-i',
    `testsrc2=s=160x90:r=25:d=4`,
    '-f',
    'lavfi',
    '-i',
    'anullsrc=r=48000:cl=stereo',
    '-t',
    '4',
    ...X264,
    ...AAC,
    p('silent-audio.mp4'),
  ]);
  run([
    '-f',
    'lavfi',
    '-i',
    `color=c=black:s=160x90:r=25:d=4`,
    '-f',
    'lavfi',
    '-i',
    aeval(toneExpr([[0.5, 3.5]], 300), 4),
    ...X264,
    ...AAC,
    p('black-video.mp4'),
  ]);
  run(['-f', 'lavfi', '-i', `testsrc2=s=160x90:r=25:d=4`, ...X264, p('no-audio.mp4')]);
  run(['-f', 'lavfi', '-i', aeval(mixed, duration), ...AAC, p('audio-only.m4a')]);

  // Truncated: index at the front (faststart), so the header still claims 12 s while the data stops early.
  run(meetingArgs(p('full-faststart.mp4'), ['-movflags', '+faststart']));
  const full = readFileSync(p('full-faststart.mp4'));
  writeFileSync(p('truncated.mp4'), full.subarray(0, Math.floor(full.length * 0.5)));
  rmSync(p('full-faststart.mp4'));

  const webm = execFileSync(
    ffmpeg(),
    [
      '-hide_banner',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=160x90:r=25:d=3',
      '-f',
      'lavfi',
      '-i',
      aeval(toneExpr([[1, 2]], 300), 3),
      '-c:v',
      'libvpx',
      '-deadline',
      'realtime',
      '-c:a',
      'libopus',
      '-f',
      'webm',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 },
  );
  writeFileSync(p('streamed.webm'), webm);

  writeFileSync(p('garbage.mp4'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  // A Matroska file holding only an attachment-less subtitle stream: ffprobe reads it, no audio/video inside.
  writeFileSync(p('subs.srt'), '1\n00:00:00,000 --> 00:00:01,000\nhello\n');
  run(['-i', p('subs.srt'), '-c:s', 'srt', p('no-streams.mkv')]);

  return {
    dir,
    meeting: p('meeting.mp4'),
    speakerA: p('speaker-a.m4a'),
    speakerB: p('speaker-b.m4a'),
    silentAudio: p('silent-audio.mp4'),
    blackVideo: p('black-video.mp4'),
    noAudio: p('no-audio.mp4'),
    audioOnly: p('audio-only.m4a'),
    truncated: p('truncated.mp4'),
    garbage: p('garbage.mp4'),
    noStreams: p('no-streams.mkv'),
    streamedWebm: p('streamed.webm'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A longer fixture for chunking, cancellation, crash and bench runs: testsrc2 whose picture is inverted every
 * other 7 s (a hard cut at every multiple of 7 s) and a speech-like tone 4 s on / 2 s off.
 */
export function createLongFixture(dir: string, durationS: number, size = '320x180'): string {
  const out = join(dir, `long-${durationS}s-${size}.mp4`);
  // Generated once per folder: the bench and several tests share it.
  try {
    if (statSync(out).size > 0) return out;
  } catch {
    /* not generated yet */
  }
  // Speech pattern: 4 s on, 2 s off, repeating (a pause crosses many chunk boundaries).
  const speech = `lt(mod(t\\,6)\\,4)*0.4*sin(2*PI*300*t)`;
  run([
    '-filter_complex',
    `testsrc2=s=${size}:r=25:d=${durationS},negate=enable='mod(floor(t/7)\\,2)',format=yuv420p[v];${aeval(speech, durationS)}[a]`,
    '-map',
    '[v]',
    '-map',
    '[a]',
    ...X264,
    ...AAC,
    '-f',
    'mp4',
    `${out}.part`,
  ]);
  // Renamed only when complete: an interrupted generation must not pass for a cached fixture.
  renameSync(`${out}.part`, out);
  return out;
}

/** A real SQLite file with the app's schema (migration 0001), as the queue sees it in production. */
/** A migrated test database, typed as the work connection (job bookkeeping and analysis results go there). */
export function createTestDb(file: string): WorkDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  if ((db.pragma('user_version', { simple: true }) as number) === 0) {
    db.exec(migration0001.up);
    db.pragma('user_version = 1');
  }
  return db as WorkDb;
}
