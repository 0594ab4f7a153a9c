/**
 * Speaker names and edits (issue 23): names from aligned transcript labels, renames and merges replayed on an
 * analysis (and on a re-analysis whose speakers moved a little), the coach's share of talk time.
 */
import { describe, expect, it } from 'vitest';
import { speakerMetrics } from '../../../main/analysis/analyzers/speaker-metrics.js';
import type { Interval } from '../../../main/analysis/chunks/intervals.js';
import { alignedSpeaker, overlapSeconds } from '../../../main/analysis/speakers/align.js';
import { applySpeakerEdits, coachShare } from '../../../main/analysis/speakers/apply-edits.js';
import { nameFromLabels } from '../../../main/analysis/speakers/name-from-labels.js';

const diarized = (...speakers: Interval[][]) =>
  speakerMetrics(
    speakers.map((segments, i) => ({ speaker: `Speaker ${i + 1}`, segments })),
    60,
    'diarization',
    0.8,
  );

const A: Interval[] = [
  [0, 10],
  [20, 30],
];
const B: Interval[] = [
  [10, 20],
  [30, 40],
];
const C: Interval[] = [
  [38, 45],
  [50, 52],
];

describe('alignment', () => {
  it('measures overlap and picks the speaker with most of its talk inside', () => {
    expect(overlapSeconds(A, [[5, 25]])).toBe(10);
    expect(alignedSpeaker([{ segments: A }, { segments: B }], [[9, 41]])).toBe(1); // B: 20 of 20 s inside, A: 11
    // A has 10 of 20 s inside [0, 10]: not more than half, so no one aligns.
    expect(alignedSpeaker([{ segments: A }, { segments: B }], [[0, 10]])).toBe(-1);
  });
});

describe('names from transcript labels', () => {
  it('names each detected speaker from the label whose cues hold most of its talk, with the participant full name', () => {
    const labels = [
      { start: 0, end: 10.4, speaker: 'Dana' },
      { start: 20, end: 29, speaker: 'Dana' },
      { start: 10.4, end: 20, speaker: 'Eli' },
      { start: 31, end: 40, speaker: 'Eli' },
    ];
    const named = nameFromLabels(diarized(A, B).per_speaker, labels, [{ name: 'Dana Whitfield', role: 'coach' }]);
    expect(named.map((s) => s.name)).toEqual(['Dana Whitfield', 'Eli']);
  });

  it('keeps "Speaker N" where no label holds most of a speaker (labels on other parts only)', () => {
    const named = nameFromLabels(diarized(A, B).per_speaker, [{ start: 0, end: 9, speaker: 'Dana' }]);
    expect(named.map((s) => s.name)).toEqual(['Speaker 1', 'Speaker 2']);
  });

  it('gives one label to one speaker only: the closest pair wins', () => {
    const labels = [{ start: 0, end: 45, speaker: 'Dana' }];
    const named = nameFromLabels(diarized(A, B).per_speaker, labels);
    expect(named.filter((s) => s.name === 'Dana')).toHaveLength(1);
  });
});

describe('speaker edits', () => {
  it('a rename relabels the speaker, nothing else changes', () => {
    const base = diarized(A, B);
    const out = applySpeakerEdits(base, [{ kind: 'rename', name: 'Dana', target: A }], 60);
    expect(out.per_speaker.map((s) => s.name)).toEqual(['Dana', 'Speaker 2']);
    expect(out.per_speaker[0]!.talk_time_s).toBe(base.per_speaker[0]!.talk_time_s);
    expect(out.talk_ratio).toBe(base.talk_ratio);
  });

  it('a merge sums the talk of both without counting their overlap twice, and recomputes shares', () => {
    const base = diarized(A, B, C);
    const out = applySpeakerEdits(base, [{ kind: 'merge', source: C, target: B }], 60);
    expect(out.per_speaker.map((s) => s.name)).toEqual(['Speaker 1', 'Speaker 2']);
    // B (20 s) and C (9 s) overlap 38–40: 27 s together.
    expect(out.per_speaker[1]!.talk_time_s).toBe(27);
    expect(out.per_speaker[1]!.segments).toEqual([
      [10, 20],
      [30, 45],
      [50, 52],
    ]);
    expect(out.per_speaker.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 2);
    expect(out.talk_ratio).toBeCloseTo(20 / 27, 3);
    expect(out.source).toBe('diarization');
    expect(out.confidence).toBe(0.8);
  });

  it('replaying the same edits twice changes nothing more (the stored result already has them)', () => {
    const edits = [
      { kind: 'merge' as const, source: C, target: B },
      { kind: 'rename' as const, name: 'Eli', target: [...B, ...C] },
    ];
    const once = applySpeakerEdits(diarized(A, B, C), edits, 60);
    expect(applySpeakerEdits(once, edits, 60)).toEqual(once);
    expect(once.per_speaker.map((s) => s.name)).toEqual(['Speaker 1', 'Eli']);
  });

  it('a re-analysis whose speakers moved a little and changed order keeps the names; an edit no one matches is dropped', () => {
    const edits = [
      { kind: 'rename' as const, name: 'Dana', target: A },
      { kind: 'rename' as const, name: 'Eli', target: B },
      { kind: 'rename' as const, name: 'Ghost', target: [[55, 58]] as Interval[] },
    ];
    const again = diarized(
      [
        [10.3, 19.8],
        [30.2, 40],
      ],
      [
        [0.2, 10.1],
        [20, 29.7],
      ],
    );
    const out = applySpeakerEdits(again, edits, 60);
    expect(out.per_speaker.map((s) => s.name)).toEqual(['Eli', 'Dana']);
  });

  it('never gives a name twice', () => {
    const out = applySpeakerEdits(
      diarized(A, B),
      [
        { kind: 'rename', name: 'Dana', target: A },
        { kind: 'rename', name: 'Dana', target: B },
      ],
      60,
    );
    expect(out.per_speaker.map((s) => s.name)).toEqual(['Dana', 'Speaker 2']);
  });
});

describe("the coach's share", () => {
  it('is the share of the speaker named like the coach (or by first name), else of the first speaker', () => {
    const base = applySpeakerEdits(diarized(A, B, C), [{ kind: 'rename', name: 'Dana', target: B }], 60);
    expect(coachShare(base, ['Dana Whitfield'])).toBe(base.per_speaker[1]!.share);
    expect(coachShare(base, [])).toBe(base.per_speaker[0]!.share);
    expect(coachShare(null, ['Dana'])).toBeNull();
  });
});
