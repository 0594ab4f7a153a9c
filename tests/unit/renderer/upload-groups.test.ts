import { describe, expect, it } from 'vitest';
import { groupFiles, planUploads, STRAY_UPLOAD_REASON } from '../../../renderer/features/import/upload-groups.js';

const f = (name: string) => ({ name });
const names = (plan: ReturnType<typeof planUploads<{ name: string }>>) =>
  plan.groups.map((g) => groupFiles(g).map((x) => x.name));

describe('planUploads', () => {
  it('a recording and its same-named .vtt are one group; order of choosing does not matter', () => {
    expect(names(planUploads([f('Call.vtt'), f('Call.mp4')]))).toEqual([['Call.mp4', 'Call.vtt']]);
    expect(names(planUploads([f('call.MP4'), f('CALL.srt')]))).toEqual([['call.MP4', 'CALL.srt']]);
  });

  it("Zoom cloud's transcript and chat go with their recording", () => {
    const plan = planUploads([
      f('GMT20261120-100000_Recording.mp4'),
      f('GMT20261120-100000_Recording.transcript.vtt'),
      f('GMT20261120-100000_RecordingnewChat.txt'),
    ]);
    expect(plan.groups[0]!.extras.map((x) => [x.role, x.file.name])).toEqual([
      ['transcript', 'GMT20261120-100000_Recording.transcript.vtt'],
      ['chat', 'GMT20261120-100000_RecordingnewChat.txt'],
    ]);
    expect(plan.strays).toEqual([]);
  });

  it('two recordings are two groups; the longest matching name takes a transcript; strays say why', () => {
    const plan = planUploads([f('a.mp4'), f('a 2.mp4'), f('a 2.vtt'), f('notes.vtt'), f('slides.pdf'), f('b.m4a')]);
    expect(names(plan)).toEqual([['a.mp4'], ['a 2.mp4', 'a 2.vtt'], ['b.m4a']]);
    expect(plan.strays.map((s) => [s.file.name, s.reason])).toEqual([
      ['notes.vtt', STRAY_UPLOAD_REASON],
      ['slides.pdf', STRAY_UPLOAD_REASON],
    ]);
  });

  it('a second transcript for the same recording is not attached twice', () => {
    const plan = planUploads([f('x.mp4'), f('x.vtt'), f('x.srt')]);
    expect(names(plan)).toEqual([['x.mp4', 'x.vtt']]);
    expect(plan.strays.map((s) => s.file.name)).toEqual(['x.srt']);
  });
});

describe('a Teams pair chosen together', () => {
  it('goes as one session titled with the meeting subject, by the same rule as a folder import', () => {
    const rec = { name: 'Weekly sync-20260114_150000UTC-Meeting Recording.mp4' };
    const vtt = { name: 'Weekly sync-20260114_150000UTC-Meeting Transcript.vtt' };
    const plan = planUploads([rec, vtt]);
    expect(plan.strays).toEqual([]);
    expect(plan.groups).toEqual([
      { recording: rec, title: 'Weekly sync', extras: [{ file: vtt, role: 'transcript' }] },
    ]);
  });
});
