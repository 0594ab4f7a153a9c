import { describe, expect, it } from 'vitest';
import { speechFromSilences } from '../../../main/analysis/analyzers/speech-metrics.js';
import { segmentsFromTranscript, speakerMetrics } from '../../../main/analysis/analyzers/speaker-metrics.js';

describe('speechFromSilences', () => {
  it('speech is what the long silences leave; short pauses stay inside speech', () => {
    const speech = speechFromSilences(
      [
        [0, 1],
        [2.0, 2.2], // a breath: shorter than 0.5 s, part of the speech
        [3, 4],
        [9, 10],
      ],
      10,
    );
    expect(speech.segments).toEqual([
      [1, 3],
      [4, 9],
    ]);
    expect(speech.talk_time_s).toBe(7);
    expect(speech.silence_time_s).toBe(3);
    expect(speech.longest_monologue_s).toBe(5);
  });

  it('drops speech bursts shorter than the minimum (clicks)', () => {
    const speech = speechFromSilences(
      [
        [0, 5],
        [5.05, 10],
      ],
      10,
    );
    expect(speech.segments).toEqual([]);
    expect(speech.talk_time_s).toBe(0);
    expect(speech.silence_time_s).toBe(10);
  });

  it('all speech when nothing is silent', () => {
    expect(speechFromSilences([], 8).segments).toEqual([[0, 8]]);
  });
  it('silence at the start or end stays silence however short: it is not a pause between words', () => {
    const speech = speechFromSilences(
      [
        [0, 0.3],
        [4, 4.2], // a breath inside speech
        [9.8, 10],
      ],
      10,
    );
    expect(speech.segments).toEqual([[0.3, 9.8]]);
    expect(speech.talk_time_s).toBe(9.5);
  });
});

describe('speakerMetrics', () => {
  const coach = {
    speaker: 'coach',
    segments: [
      [0, 10],
      [20, 25],
    ] as [number, number][],
  };
  const client = {
    speaker: 'client',
    segments: [
      [11, 19],
      [24, 30],
    ] as [number, number][],
  };

  it('talk time, share, ratio and turns per speaker', () => {
    const m = speakerMetrics([coach, client], 60, 'participant_audio');
    expect(m.per_speaker).toEqual([
      {
        name: 'coach',
        talk_time_s: 15,
        share: 0.517,
        turns: 2,
        longest_monologue_s: 10,
        segments: [
          [0, 10],
          [20, 25],
        ],
      },
      {
        name: 'client',
        talk_time_s: 14,
        share: 0.483,
        turns: 2,
        longest_monologue_s: 8,
        segments: [
          [11, 19],
          [24, 30],
        ],
      },
    ]);
    expect(m.talk_ratio).toBeCloseTo(15 / 14, 3);
  });

  it("each speaker's segments come out sorted and merged, for the who-spoke-when lane", () => {
    const m = speakerMetrics(
      [
        {
          speaker: 'coach',
          segments: [
            [5, 6],
            [0, 2.0004],
            [1, 3],
            [7, 7],
          ] as [number, number][],
        },
      ],
      10,
      'transcript',
    );
    expect(m.per_speaker[0]?.segments).toEqual([
      [0, 3],
      [5, 6],
    ]);
  });

  it('switches per minute, overlaps and response gaps', () => {
    const m = speakerMetrics([coach, client], 60, 'participant_audio');
    // turns: coach 0-10, client 11-19, coach 20-25, client 24-30 → 3 switches in one minute
    expect(m.switches).toBe(3);
    expect(m.switches_per_minute).toBe(3);
    expect(m.overlap).toEqual({ count: 1, total_s: 1 });
    // gaps: 10→11 and 19→20 (the overlapping handover has none)
    expect(m.response_gaps).toEqual({ count: 2, mean_s: 1, median_s: 1, max_s: 1 });
  });

  it('a single speaker has no ratio and no switches', () => {
    const m = speakerMetrics([coach], 60, 'transcript');
    expect(m.talk_ratio).toBeNull();
    expect(m.switches).toBe(0);
    expect(m.per_speaker[0]?.share).toBe(1);
  });

  it('groups a labelled transcript by speaker in order of appearance, merging adjacent lines', () => {
    const groups = segmentsFromTranscript([
      { start: 0, end: 2, speaker: 'A' },
      { start: 2, end: 3, speaker: 'A' },
      { start: 3.5, end: 6, speaker: 'B' },
      { start: 6, end: 5, speaker: 'B' }, // malformed: ignored
    ]);
    expect(groups.map((g) => g.speaker)).toEqual(['A', 'B']);
    const m = speakerMetrics(groups, 6, 'transcript');
    expect(m.per_speaker.map((s) => s.talk_time_s)).toEqual([3, 2.5]);
    expect(m.per_speaker[0]?.turns).toBe(1);
    expect(m.response_gaps.max_s).toBe(0.5);
  });
});
