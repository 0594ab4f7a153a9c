import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWebVtt, speakersOf } from '../../../main/library/transcripts/webvtt.js';
import type { TranscriptSegment } from '../../../main/library/transcripts/types.js';

const ZOOM_VTT = `\uFEFFWEBVTT\r
\r
1\r
00:00:01.020 --> 00:00:04.500\r
Coach Kim: Welcome back. How did the week go?\r
\r
2\r
00:00:05.000 --> 00:00:09.250\r
Lee Park: Better than expected, actually.\r
I finished the plan.\r
\r
3\r
00:00:10.000 --> 00:00:11.000\r
Note: this has no real speaker. Zoom always writes the name though.\r
`;

const TEAMS_VTT = `WEBVTT

NOTE duration:"00:42:10.1230000"
NOTE language:en-us

a1b2c3d4-0001/12-0
00:00:00.000 --> 00:00:03.120
<v Anna-Maria O'Neil>Good morning, everyone.</v>

a1b2c3d4-0001/15-0
00:00:03.500 --> 00:00:07.880
<v Ben Ćosić>Morning! Let&apos;s look at Q3 &amp; the review.</v>
`;

describe('parseWebVtt', () => {
  it('reads a Zoom cloud transcript: BOM, CRLF, numeric ids, Name: prefixes, multi-line cues', () => {
    expect(parseWebVtt(ZOOM_VTT)).toEqual([
      { start: 1.02, end: 4.5, speaker: 'Coach Kim', text: 'Welcome back. How did the week go?' },
      { start: 5, end: 9.25, speaker: 'Lee Park', text: 'Better than expected, actually.\nI finished the plan.' },
      { start: 10, end: 11, speaker: 'Note', text: 'this has no real speaker. Zoom always writes the name though.' },
    ]);
  });

  it('reads a Teams transcript: NOTE blocks, GUID cue ids, <v> voice tags, entities', () => {
    const segments = parseWebVtt(TEAMS_VTT);
    expect(segments).toEqual([
      { start: 0, end: 3.12, speaker: "Anna-Maria O'Neil", text: 'Good morning, everyone.' },
      { start: 3.5, end: 7.88, speaker: 'Ben Ćosić', text: "Morning! Let's look at Q3 & the review." },
    ]);
    expect(speakersOf(segments)).toEqual(["Anna-Maria O'Neil", 'Ben Ćosić']);
  });

  it('accepts mm:ss.mmm stamps, cue settings, a missing header, STYLE blocks, and skips broken cues', () => {
    const vtt = `STYLE
::cue { color: red }

00:01.500 --> 00:03.000 align:start position:10%
plain caption, no speaker

00:xx.000 --> 00:05.000
broken

01:02:03.004 --> 01:02:04.000
<i>Long</i> meeting: later cue`;
    expect(parseWebVtt(vtt)).toEqual([
      { start: 1.5, end: 3, speaker: null, text: 'plain caption, no speaker' },
      { start: 3723.004, end: 3724, speaker: 'Long meeting', text: 'later cue' },
    ]);
  });

  it('does not take a sentence with a colon for a speaker', () => {
    const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nWe agreed on this: three sessions a month, no more.\n';
    expect(parseWebVtt(vtt)[0]!.speaker).toBeNull();
  });

  it('round-trips any list of cues written in any of the accepted styles (property)', () => {
    const name = fc.stringMatching(/^[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?$/);
    const words = fc.stringMatching(/^[a-z]{1,8}( [a-z]{1,8}){0,5}$/);
    const cue = fc.record({
      start: fc.integer({ min: 0, max: 10_000_000 }),
      len: fc.integer({ min: 1, max: 100_000 }),
      speaker: fc.option(name, { nil: null }),
      text: words,
      teams: fc.boolean(),
      id: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(cue, { maxLength: 20 }), fc.boolean(), fc.boolean(), (cues, crlf, bom) => {
        const stamp = (ms: number) => {
          const h = Math.floor(ms / 3_600_000);
          const m = Math.floor(ms / 60_000) % 60;
          const s = Math.floor(ms / 1000) % 60;
          return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}`;
        };
        const body = cues
          .map((c, i) => {
            const payload =
              c.speaker === null ? c.text : c.teams ? `<v ${c.speaker}>${c.text}</v>` : `${c.speaker}: ${c.text}`;
            return `${c.id ? `${i + 1}\n` : ''}${stamp(c.start)} --> ${stamp(c.start + c.len)}\n${payload}`;
          })
          .join('\n\n');
        let file = `WEBVTT\n\n${body}\n`;
        if (crlf) file = file.replace(/\n/g, '\r\n');
        if (bom) file = `\uFEFF${file}`;
        const expected: TranscriptSegment[] = cues.map((c) => ({
          start: c.start / 1000,
          end: (c.start + c.len) / 1000,
          speaker: c.speaker,
          text: c.text,
        }));
        expect(parseWebVtt(file)).toEqual(expected);
      }),
    );
  });
});
