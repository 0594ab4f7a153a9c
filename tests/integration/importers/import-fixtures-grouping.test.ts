import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyIntoLibrary } from '../../../main/library/files/copy-hash.js';
import { groupIntoMeetings } from '../../../main/library/importers/group-meetings.js';
import { listFolderRecursive } from '../../../main/library/importers/list-folder.js';
import { fixedOffset } from '../../../main/library/importers/local-time.js';
import type { GroupingResult, MeetingCandidate } from '../../../main/library/importers/types.js';
import { parseMeetTranscriptText } from '../../../main/library/transcripts/meet-transcript-text.js';
import { parseWebVtt, speakersOf } from '../../../main/library/transcripts/webvtt.js';
import { parseZoomChat } from '../../../main/library/transcripts/zoom-chat.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { generateImportFixtures, type ImportFixtures } from '../../helpers/import-fixtures.js';

const runFile = promisify(execFile);
let fx: ImportFixtures;
let result: GroupingResult;

beforeAll(async () => {
  fx = await generateImportFixtures();
  // The recording computer was at UTC+1 for every local name.
  result = await groupIntoMeetings(await listFolderRecursive(fx.dir), { toUtc: fixedOffset(60) });
});
afterAll(() => fx?.cleanup());

const byTitle = (title: string): MeetingCandidate => {
  const meeting = result.meetings.find((m) => m.title === title);
  if (!meeting) throw new Error(`no meeting titled ${title}: ${result.meetings.map((m) => m.title).join(', ')}`);
  return meeting;
};

describe('fixture folders grouped end to end from real generated files', () => {
  it('lists every file except hidden ones', async () => {
    const listed = await listFolderRecursive(fx.dir);
    expect(listed.some((p) => p.endsWith('.DS_Store'))).toBe(false);
    expect(listed).toContain(join(fx.zoomNew, 'Audio Record', 'audioLeePark21730538300.m4a'));
  });

  it('finds exactly the expected meetings, in time order', () => {
    expect(result.meetings.map((m) => [m.platform, m.title])).toEqual([
      ['zoom', 'Weekly coaching'],
      ['zoom', 'Zoom cloud recording 2024-03-05 14:30 UTC'],
      ['teams', 'Q3 - Coaching-Review'],
      ['meet', 'Coaching - Ana'],
      ['zoom', 'Goal review: Lee'],
      // local files are dated by mtime (now), so they sort last
      ...[
        ['local', 'Client call with Sam'],
        ['local', 'corrupt'],
      ].sort((a, b) => a[1]!.localeCompare(b[1]!)),
    ]);
  });

  it('older Zoom folder: two parts, audio, playlist, chat; folder time converted to UTC', () => {
    const m = byTitle('Weekly coaching');
    expect(m.recordedAt).toBe('2024-03-05T13:30:12.000Z');
    expect(m.mainRecording).toBe(join(fx.zoomOld, 'zoom_0.mp4'));
    expect(m.files.map((f) => [f.name, f.kind, f.part])).toEqual([
      ['zoom_0.mp4', 'recording', 1],
      ['zoom_1.mp4', 'recording', 2],
      ['audio_only.m4a', 'audio', undefined],
      ['chat.txt', 'chat', undefined],
      ['playback.m3u', 'playlist', undefined],
    ]);
    const chat = parseZoomChat(readFileSync(join(fx.zoomOld, 'chat.txt'), 'utf8'), { startClock: m.localStartClock! });
    expect(chat.map((c) => [c.t_seconds_from_start, c.author])).toEqual([
      [8, 'Coach Kim'],
      [28, 'Lee Park'],
    ]);
  });

  it('newer Zoom folder: recording.conf title and host, participants from Audio Record/', () => {
    const m = byTitle('Goal review: Lee');
    expect(m.participants).toEqual([
      { name: 'Coach Kim', role: 'host' },
      { name: 'Lee Park', role: 'participant' },
    ]);
    expect(m.files.filter((f) => f.kind === 'participant_audio').map((f) => f.participant)).toEqual([
      'Coach Kim',
      'Lee Park',
    ]);
  });

  it('refuses every file of the unconverted Zoom folder, and the stray PDF', () => {
    const unconverted = result.refused.filter((r) => r.path.startsWith(fx.zoomUnconverted));
    expect(unconverted.map((r) => r.path).sort()).toEqual([
      join(fx.zoomUnconverted, 'audio1.m4a.tmp'),
      join(fx.zoomUnconverted, 'double_click_to_convert_01.zoom'),
    ]);
    expect(unconverted[0]!.reason).toMatch(/not been converted yet/);
    expect(result.refused.map((r) => r.path)).toContain(fx.files.strayPdf);
    expect(result.refused).toHaveLength(3);
    expect(result.meetings.some((m) => m.files.some((f) => f.path.startsWith(fx.zoomUnconverted)))).toBe(false);
  });

  it('Zoom cloud, Teams and Meet downloads keep their transcripts, whose speakers parse', () => {
    const cloud = byTitle('Zoom cloud recording 2024-03-05 14:30 UTC');
    expect(cloud.mainRecording).toBe(fx.files.cloudVideo);
    expect(cloud.files.map((f) => f.path).sort()).toEqual(
      [fx.files.cloudAudio, fx.files.cloudChat, fx.files.cloudGallery, fx.files.cloudVideo, fx.files.cloudVtt].sort(),
    );
    expect(speakersOf(parseWebVtt(readFileSync(fx.files.cloudVtt, 'utf8')))).toEqual(['Coach Kim', 'Lee Park']);

    const teams = byTitle('Q3 - Coaching-Review');
    expect(teams.recordedAt).toBe('2024-03-06T10:15:00.000Z');
    expect(teams.files.map((f) => f.kind)).toEqual(['recording', 'transcript']);
    expect(speakersOf(parseWebVtt(readFileSync(fx.files.teamsVtt, 'utf8')))).toEqual([
      "Anna-Maria O'Neil",
      'Ben Cosic',
    ]);

    const meet = byTitle('Coaching - Ana');
    expect(meet.recordedAt).toBe('2024-03-07T15:00:00.000Z');
    expect(speakersOf(parseMeetTranscriptText(readFileSync(fx.files.meetTranscript, 'utf8')))).toEqual([
      'Coach Kim',
      'Ana Ruiz',
    ]);
  });

  it('generated media is real (ffprobe reads it) except the corrupt mp4', async () => {
    const { ffprobe } = locateMediaTools();
    const probe = (path: string) =>
      runFile(ffprobe, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]);
    const media = result.meetings
      .flatMap((m) => m.files)
      .filter((f) => ['recording', 'audio', 'participant_audio'].includes(f.kind));
    expect(media.length).toBeGreaterThanOrEqual(13);
    for (const file of media) {
      if (file.path === fx.files.corruptMp4) await expect(probe(file.path)).rejects.toThrow();
      else expect(Number((await probe(file.path)).stdout)).toBeGreaterThan(0.5);
    }
  });

  it('copies every main recording into a library with a sha256 equal to sha256sum, all distinct', async () => {
    const shas = new Set<string>();
    for (const [i, m] of result.meetings.entries()) {
      const dest = join(fx.dir, 'library', `ses_${i}`, 'recording.mp4');
      const { sha256 } = await copyIntoLibrary(m.mainRecording, dest);
      expect(sha256).toBe(execFileSync('sha256sum', [m.mainRecording], { encoding: 'utf8' }).split(' ')[0]);
      shas.add(sha256);
    }
    expect(shas.size).toBe(result.meetings.length);
  });
});
