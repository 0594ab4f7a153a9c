import { describe, expect, it } from 'vitest';
import { parseMeetTranscriptText } from '../../../main/library/transcripts/meet-transcript-text.js';
import { parseZoomChat } from '../../../main/library/transcripts/zoom-chat.js';

describe('parseZoomChat', () => {
  it('reads the older tab-separated chat.txt with wall-clock stamps relative to the folder start', () => {
    const chat =
      '14:31:02\t From  Coach Kim : Welcome!\r\n14:31:40\t From  Lee Park : Hi, can you share the doc?\r\n14:29:00\t From  Lee Park : (before recording)\r\n';
    expect(parseZoomChat(chat, { startClock: '14:30:12' })).toEqual([
      { t_seconds_from_start: 50, clock: '14:31:02', author: 'Coach Kim', recipient: null, text: 'Welcome!' },
      {
        t_seconds_from_start: 88,
        clock: '14:31:40',
        author: 'Lee Park',
        recipient: null,
        text: 'Hi, can you share the doc?',
      },
      {
        t_seconds_from_start: null,
        clock: '14:29:00',
        author: 'Lee Park',
        recipient: null,
        text: '(before recording)',
      },
    ]);
  });

  it('reads meeting_saved_chat.txt with "to Everyone:" headers, text on the next line, multi-line and direct messages', () => {
    const chat = [
      '23:59:58 From  Coach Kim  to  Everyone:',
      '\tHere is the link: https://example.com/plan',
      '\tand a second line',
      '00:00:10 From Lee Park to Coach Kim(Direct Message) : thanks, will read',
    ].join('\n');
    expect(parseZoomChat(chat, { startClock: '23:59:00' })).toEqual([
      {
        t_seconds_from_start: 58,
        clock: '23:59:58',
        author: 'Coach Kim',
        recipient: 'Everyone',
        text: 'Here is the link: https://example.com/plan\nand a second line',
      },
      {
        t_seconds_from_start: 70,
        clock: '00:00:10',
        author: 'Lee Park',
        recipient: 'Coach Kim',
        text: 'thanks, will read',
      },
    ]);
  });

  it('reads the cloud newChat.txt (offsets from the start, tab separated)', () => {
    const chat = '00:01:05\tCoach Kim:\tWelcome\n00:02:00\tLee Park:\tgreat: thanks\n';
    expect(parseZoomChat(chat)).toEqual([
      { t_seconds_from_start: 65, clock: '00:01:05', author: 'Coach Kim', recipient: null, text: 'Welcome' },
      { t_seconds_from_start: 120, clock: '00:02:00', author: 'Lee Park', recipient: null, text: 'great: thanks' },
    ]);
  });

  it('returns nothing for a file with no messages', () => {
    expect(parseZoomChat('')).toEqual([]);
    expect(parseZoomChat('just some text\nwithout stamps')).toEqual([]);
  });
});

describe('parseMeetTranscriptText', () => {
  it('reads stamps and Name: paragraphs, skipping the header and notices', () => {
    const txt = [
      'Coaching: Ana - Transcript',
      'Attendees',
      'Ana Ruiz, Coach Kim',
      'Transcript',
      '00:00:00',
      '',
      'Coach Kim: Hi Ana, how are things?',
      'Ana Ruiz: Good. Busy week.',
      'It was a lot.',
      '00:05:00',
      'Coach Kim: Let us look at the goals.',
      'Transcription ended after 00:07:12',
    ].join('\r\n');
    expect(parseMeetTranscriptText(txt)).toEqual([
      { start: 0, end: 300, speaker: 'Coach Kim', text: 'Hi Ana, how are things?' },
      { start: 0, end: 300, speaker: 'Ana Ruiz', text: 'Good. Busy week.\nIt was a lot.' },
      { start: 300, end: 300, speaker: 'Coach Kim', text: 'Let us look at the goals.' },
    ]);
  });
});
