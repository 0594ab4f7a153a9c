import { describe, expect, it } from 'vitest';
import { exportFileName, reviewMarkdown, transcriptVtt } from '../../../renderer/features/review/review-export.js';
import { fakeSession } from './fake-session.js';

const segments = [
  { start: 0.5, end: 2.5, speaker: 'Coach Kim', text: 'Welcome back.' },
  { start: 3, end: 5.25, speaker: null, text: 'Thanks.' },
];

describe('review export', () => {
  it('writes notes in time order with their authors, then the transcript', () => {
    const session = fakeSession({ id: 'ses_1', title: 'Check-in', client: 'Sam', tags: ['goals'] });
    const md = reviewMarkdown(
      session,
      [
        { id: 2, t: 65, kind: 'note', author: 'Kim Park', text: 'Later note', created_at: '' },
        { id: 1, t: 4, kind: 'note', author: null, text: 'Early\nnote', created_at: '' },
      ],
      segments,
    );
    expect(md).toContain('# Check-in');
    expect(md).toContain('- Tags: goals');
    expect(md.indexOf('**0:04** Early note')).toBeGreaterThan(0);
    expect(md.indexOf('**0:04** Early note')).toBeLessThan(md.indexOf('**1:05** Kim Park: Later note'));
    expect(md).toContain('**0:00** Coach Kim: Welcome back.');
  });

  it('writes WebVTT cues with speakers as voice tags', () => {
    expect(transcriptVtt(segments)).toBe(
      'WEBVTT\n\n1\n00:00:00.500 --> 00:00:02.500\n<v Coach Kim>Welcome back.\n\n2\n00:00:03.000 --> 00:00:05.250\nThanks.\n',
    );
  });

  it('makes a safe file name from the title', () => {
    expect(exportFileName('Check-in: Sam / week 3?', 'md')).toBe('Check-in Sam week 3.md');
    expect(exportFileName('///', 'vtt')).toBe('session.vtt');
  });
});
