import { describe, expect, it } from 'vitest';
import {
  groupIntoMeetings,
  STRAY_REASON,
  type GroupingOptions,
} from '../../../main/library/importers/group-meetings.js';
import { fixedOffset, localTimeInZone } from '../../../main/library/importers/local-time.js';
import type { MeetingCandidate } from '../../../main/library/importers/types.js';

const MTIME = Date.parse('2024-06-01T08:00:00.000Z');
const opts: GroupingOptions = {
  toUtc: fixedOffset(120), // recorded at UTC+2
  stat: async () => ({ mtimeMs: MTIME }),
  readText: async () => {
    throw new Error('no conf in this test');
  },
};

function only(meetings: MeetingCandidate[]): MeetingCandidate {
  expect(meetings).toHaveLength(1);
  return meetings[0]!;
}

const kinds = (m: MeetingCandidate) => m.files.map((f) => [f.name, f.kind, f.part ?? null, f.participant ?? null]);

describe('Zoom local folders', () => {
  const dir = '/rec/2024-03-05 14.30.12 Weekly coaching 81234567890';

  it('reads an older folder: multi-part zoom_N.mp4, audio_only, playback.m3u, chat.txt; start time is local → UTC', async () => {
    const { meetings, refused } = await groupIntoMeetings(
      [
        `${dir}/zoom_1.mp4`,
        `${dir}/zoom_0.mp4`,
        `${dir}/audio_only.m4a`,
        `${dir}/playback.m3u`,
        `${dir}/chat.txt`,
        `${dir}/.DS_Store`,
      ],
      opts,
    );
    expect(refused).toEqual([]);
    const m = only(meetings);
    expect(m.platform).toBe('zoom');
    expect(m.title).toBe('Weekly coaching');
    expect(m.recordedAt).toBe('2024-03-05T12:30:12.000Z');
    expect(m.meetingKey).toBe('zoom:2024-03-05T12:30:12.000Z:81234567890');
    expect(m.mainRecording).toBe(`${dir}/zoom_0.mp4`);
    expect(m.localStartClock).toBe('14:30:12');
    expect(kinds(m)).toEqual([
      ['zoom_0.mp4', 'recording', 1, null],
      ['zoom_1.mp4', 'recording', 2, null],
      ['audio_only.m4a', 'audio', null, null],
      ['chat.txt', 'chat', null, null],
      ['playback.m3u', 'playlist', null, null],
    ]);
  });

  it('reads a newer folder with per-participant audio under Audio Record/ and recording.conf', async () => {
    const d = '/rec/2024-11-02 09.05.00 Kim & Lee – goal review';
    const conf = JSON.stringify({
      items: [{ topic: 'Kim & Lee: goal review', host: 'Coach Kim', participants: [{ userName: 'Lee Park' }] }],
    });
    const { meetings, refused } = await groupIntoMeetings(
      [
        `${d}/video1730538300.mp4`,
        `${d}/audio1730538300.m4a`,
        `${d}/playback1730538300.m3u`,
        `${d}/meeting_saved_chat.txt`,
        `${d}/recording.conf`,
        `${d}/Audio Record/audioCoachKim11730538300.m4a`,
        `${d}/Audio Record/audioLeePark21730538300.m4a`,
        `${d}/Audio Record/audioSam_Jones31730538300.m4a`,
      ],
      { ...opts, readText: async () => conf },
    );
    expect(refused).toEqual([]);
    const m = only(meetings);
    expect(m.title).toBe('Kim & Lee: goal review');
    expect(m.recordedAt).toBe('2024-11-02T07:05:00.000Z');
    expect(m.meetingKey).toBe('zoom:2024-11-02T07:05:00.000Z:kim-lee-goal-review');
    expect(m.mainRecording).toBe(`${d}/video1730538300.mp4`);
    expect(m.participants).toEqual([
      { name: 'Coach Kim', role: 'host' },
      { name: 'Lee Park', role: 'participant' },
      { name: 'Sam Jones', role: 'participant' },
    ]);
    expect(kinds(m)).toEqual([
      ['video1730538300.mp4', 'recording', null, null],
      ['audio1730538300.m4a', 'audio', null, null],
      ['audioCoachKim11730538300.m4a', 'participant_audio', null, 'Coach Kim'],
      ['audioLeePark21730538300.m4a', 'participant_audio', null, 'Lee Park'],
      ['audioSam_Jones31730538300.m4a', 'participant_audio', null, 'Sam Jones'],
      ['meeting_saved_chat.txt', 'chat', null, null],
      ['playback1730538300.m3u', 'playlist', null, null],
      ['recording.conf', 'other', null, null],
    ]);
  });

  it('works without the meeting id and with a topic ending in a short number', async () => {
    const d = '/rec/2024-01-09 18.00.00 Session 12';
    const m = only((await groupIntoMeetings([`${d}/video123.mp4`], opts)).meetings);
    expect(m.title).toBe('Session 12');
    expect(m.meetingKey).toBe('zoom:2024-01-09T16:00:00.000Z:session-12');
  });

  it('uses the process-style time zone converter across a DST change', async () => {
    const d = '/rec/2024-07-01 10.00.00 Summer call';
    const m = only(
      (await groupIntoMeetings([`${d}/zoom_0.mp4`], { ...opts, toUtc: localTimeInZone('Europe/Berlin') })).meetings,
    );
    expect(m.recordedAt).toBe('2024-07-01T08:00:00.000Z');
    const w = only(
      (
        await groupIntoMeetings([`/rec/2024-01-15 10.00.00 Winter call/zoom_0.mp4`], {
          ...opts,
          timeZone: 'Europe/Berlin',
          toUtc: undefined,
        })
      ).meetings,
    );
    expect(w.recordedAt).toBe('2024-01-15T09:00:00.000Z');
  });

  it('refuses every file of an unconverted folder (.zoom or .tmp) and imports nothing from it', async () => {
    const d = '/rec/2024-03-06 10.00.00 Not converted 912345678';
    for (const marker of ['double_click_to_convert_01.zoom', 'video1234.mp4.tmp']) {
      const files = [`${d}/${marker}`, `${d}/video1234.mp4`, `${d}/chat.txt`];
      const { meetings, refused } = await groupIntoMeetings(files, opts);
      expect(meetings).toEqual([]);
      expect(refused.map((r) => r.path).sort()).toEqual([...files].sort());
      for (const r of refused) expect(r.reason).toMatch(/not been converted yet.*double-click/);
    }
  });

  it('refuses a Zoom folder with no recording in it', async () => {
    const d = '/rec/2024-03-06 10.00.00 Chat only';
    const { meetings, refused } = await groupIntoMeetings([`${d}/chat.txt`], opts);
    expect(meetings).toEqual([]);
    expect(refused[0]!.reason).toMatch(/holds no recording/);
  });

  it('does not take an impossible date for a Zoom folder', async () => {
    const { meetings } = await groupIntoMeetings(['/rec/2024-02-30 10.00.00 Bad date/video1.mp4'], opts);
    expect(only(meetings).platform).toBe('local');
  });
});

describe('Zoom cloud downloads', () => {
  it('groups files with the same timestamp into one meeting, ignoring a browser (1) suffix', async () => {
    const files = [
      '/dl/GMT20240305-143012_Recording_1920x1080.mp4',
      '/dl/GMT20240305-143012_Recording.m4a',
      '/dl/GMT20240305-143012_Recording.transcript (1).vtt',
      '/dl/GMT20240305-143012_RecordingnewChat.txt',
      '/dl/GMT20240305-143012_Recording_gallery_1280x720.mp4',
      '/dl/GMT20240306-090000_Recording_640x360 (1).mp4',
    ];
    const { meetings, refused } = await groupIntoMeetings(files, opts);
    expect(refused).toEqual([]);
    expect(meetings).toHaveLength(2);
    const [a, b] = meetings as [MeetingCandidate, MeetingCandidate];
    expect(a.platform).toBe('zoom');
    expect(a.recordedAt).toBe('2024-03-05T14:30:12.000Z'); // UTC, not converted
    expect(a.mainRecording).toBe('/dl/GMT20240305-143012_Recording_1920x1080.mp4');
    expect(a.title).toBe('Zoom cloud recording 2024-03-05 14:30 UTC');
    expect(kinds(a).map(([n, k]) => [n, k])).toEqual([
      ['GMT20240305-143012_Recording_1920x1080.mp4', 'recording'],
      ['GMT20240305-143012_Recording_gallery_1280x720.mp4', 'recording'],
      ['GMT20240305-143012_Recording.m4a', 'audio'],
      ['GMT20240305-143012_Recording.transcript (1).vtt', 'transcript'],
      ['GMT20240305-143012_RecordingnewChat.txt', 'chat'],
    ]);
    expect(b.recordedAt).toBe('2024-03-06T09:00:00.000Z');
    expect(b.meetingKey).toBe('zoom-cloud:2024-03-06T09:00:00.000Z');
  });

  it('prefers the active-speaker view over gallery and avo in older names, and takes the topic they carry', async () => {
    const files = [
      '/dl/GMT20200415-150153_Team-Sync_gallery_1280x720.mp4',
      '/dl/GMT20200415-150153_Team-Sync_avo_640x360.mp4',
      '/dl/GMT20200415-150153_Team-Sync_as_1280x720.mp4',
      '/dl/GMT20200415-150153_Team-Sync_gvo_1280x720.mp4',
    ];
    const m = only((await groupIntoMeetings(files, opts)).meetings);
    expect(m.mainRecording).toBe('/dl/GMT20200415-150153_Team-Sync_as_1280x720.mp4');
    expect(m.title).toBe('Team Sync');
  });

  it('uses the audio as the main recording when there is no video', async () => {
    const m = only(
      (
        await groupIntoMeetings(
          ['/dl/GMT20240305-143012_Recording.m4a', '/dl/GMT20240305-143012_Recording.transcript.vtt'],
          opts,
        )
      ).meetings,
    );
    expect(m.mainRecording).toBe('/dl/GMT20240305-143012_Recording.m4a');
  });

  it('refuses a transcript or chat whose recording is not in the import', async () => {
    const { meetings, refused } = await groupIntoMeetings(['/dl/GMT20240305-143012_Recording.transcript.vtt'], opts);
    expect(meetings).toEqual([]);
    expect(refused[0]!.reason).toMatch(/Zoom transcript has no recording beside it/);
  });
});

describe('Teams downloads', () => {
  it('parses the subject from the right (hyphens in it), UTC marker, and attaches the transcripts', async () => {
    const stem = '/dl/Q3 - Coaching-Review - Anna-20240305_143012UTC-Meeting';
    const { meetings, refused } = await groupIntoMeetings(
      [`${stem} Recording.mp4`, `${stem} Transcript.vtt`, `${stem} Transcript.docx`],
      opts,
    );
    expect(refused).toEqual([]);
    const m = only(meetings);
    expect(m).toMatchObject({
      platform: 'teams',
      title: 'Q3 - Coaching-Review - Anna',
      recordedAt: '2024-03-05T14:30:12.000Z',
      meetingKey: 'teams:2024-03-05T14:30:12.000Z:q3-coaching-review-anna',
      mainRecording: `${stem} Recording.mp4`,
    });
    expect(m.files.map((f) => f.kind)).toEqual(['recording', 'transcript', 'transcript']);
  });

  it('reads the HHMM variant and local time without the UTC marker', async () => {
    const m = only((await groupIntoMeetings(['/dl/Weekly 1-1-20240305_1430-Meeting Recording.mp4'], opts)).meetings);
    expect(m.title).toBe('Weekly 1-1');
    expect(m.recordedAt).toBe('2024-03-05T12:30:00.000Z');
  });
});

describe('Meet downloads', () => {
  it('groups recording and transcript exports; the offset in the name sets UTC', async () => {
    const files = [
      '/dl/Coaching: Ana (2024-03-05 14:30 GMT+1) - Recording.mp4',
      '/dl/Coaching: Ana (2024-03-05 14:30 GMT+1) - Transcript.txt',
    ];
    const m = only((await groupIntoMeetings(files, opts)).meetings);
    expect(m).toMatchObject({ platform: 'meet', title: 'Coaching: Ana', recordedAt: '2024-03-05T13:30:00.000Z' });
    expect(m.files.map((f) => [f.name, f.kind])).toEqual([
      ['Coaching: Ana (2024-03-05 14:30 GMT+1) - Recording.mp4', 'recording'],
      ['Coaching: Ana (2024-03-05 14:30 GMT+1) - Transcript.txt', 'transcript'],
    ]);
  });

  it('accepts / in the date (which splits the path), GMT±H:MM, .vtt and .docx transcripts', async () => {
    const files = [
      '/dl/Standup (2024/03/05 09:15 GMT-5:30) - Recording.mp4',
      '/dl/Standup (2024/03/05 09:15 GMT-5:30) - Transcript.vtt',
      '/dl/Standup (2024/03/05 09:15 GMT-5:30) - Transcript.docx',
    ];
    const m = only((await groupIntoMeetings(files, opts)).meetings);
    expect(m.recordedAt).toBe('2024-03-05T14:45:00.000Z');
    expect(m.title).toBe('Standup');
    expect(m.files[0]!.name).toBe('Standup (2024-03-05 09:15 GMT-5:30) - Recording.mp4');
    expect(m.files.map((f) => f.kind)).toEqual(['recording', 'transcript', 'transcript']);
  });

  it('accepts the older "at 10_03" form without " - Recording"', async () => {
    const m = only((await groupIntoMeetings(['/dl/abc-defg-hij (2020-05-01 at 10_03 GMT-7).mp4'], opts)).meetings);
    expect(m).toMatchObject({ platform: 'meet', title: 'abc-defg-hij', recordedAt: '2020-05-01T17:03:00.000Z' });
  });
});

describe('local recordings and strays', () => {
  it('makes a local meeting per media file, titled by its name, dated by its mtime, with a same-name .vtt', async () => {
    const { meetings, refused } = await groupIntoMeetings(
      ['/x/Client call.mov', '/x/Client call.vtt', '/x/voice memo.mp3', '/x/notes.pdf', '/x/Thumbs.db'],
      opts,
    );
    expect(meetings.map((m) => [m.platform, m.title, m.recordedAt, m.mainRecording, m.files.length])).toEqual([
      ['local', 'Client call', '2024-06-01T08:00:00.000Z', '/x/Client call.mov', 2],
      ['local', 'voice memo', '2024-06-01T08:00:00.000Z', '/x/voice memo.mp3', 1],
    ]);
    expect(meetings[1]!.files[0]!.kind).toBe('audio');
    expect(refused).toEqual([{ path: '/x/notes.pdf', reason: STRAY_REASON }]);
  });

  it('mixes every platform in one selection and sorts meetings by time', async () => {
    const { meetings } = await groupIntoMeetings(
      [
        '/a/Sync-20240101_100000UTC-Meeting Recording.mp4',
        '/a/GMT20231201-100000_Recording.mp4',
        '/a/2023-11-01 10.00.00 Kickoff/zoom_0.mp4',
        '/a/Plan (2023-12-15 10:00 GMT) - Recording.mp4',
      ],
      opts,
    );
    expect(meetings.map((m) => m.platform)).toEqual(['zoom', 'zoom', 'meet', 'teams']);
  });

  it('gives the same meetingKey for the same meeting every time (never-import-twice)', async () => {
    const files = ['/dl/GMT20240305-143012_Recording_1920x1080.mp4'];
    const a = await groupIntoMeetings(files, opts);
    const b = await groupIntoMeetings(['/dl/GMT20240305-143012_Recording_1920x1080 (1).mp4'], opts);
    expect(a.meetings[0]!.meetingKey).toBe(b.meetings[0]!.meetingKey);
  });
});

describe('unreadable files', () => {
  it('refuses a local recording that cannot be stat-ed instead of failing the whole import', async () => {
    const { meetings, refused } = await groupIntoMeetings(['/x/gone.mp4', '/x/here.mp4'], {
      ...opts,
      stat: async (p) => {
        if (p.endsWith('gone.mp4')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return { mtimeMs: MTIME };
      },
    });
    expect(meetings.map((m) => m.title)).toEqual(['here']);
    expect(refused).toEqual([{ path: '/x/gone.mp4', reason: expect.stringMatching(/could not be read/) }]);
  });
});
