import { describe, expect, it } from 'vitest';
import type { ReviewAnalysis } from '../../../renderer/features/review/review-model.js';
import {
  adjacentTurn,
  indexSpeakers,
  pixelRuns,
  SPEAKER_PALETTE,
  spanNear,
  speakerAt,
  speakerColours,
  speakerTracks,
  type Span,
} from '../../../renderer/features/review/speaker-timeline.js';
import { planBars } from '../../../renderer/features/review/waveform-bars.js';

function analysisWith(speakers: { name: string; segments: [number, number][]; share?: number }[]): ReviewAnalysis {
  return {
    stage: 'complete',
    duration: 60,
    speech: null,
    speakers: speakers.map((s) => ({
      name: s.name,
      talk_time_s: s.segments.reduce((a, [x, y]) => a + y - x, 0),
      share: s.share ?? 0.5,
      turns: s.segments.length,
      longest_monologue_s: 0,
      segments: s.segments,
    })),
    loudness: null,
    cuts: [],
    thumbnails: null,
    waveform: null,
    quality: {},
  };
}

describe('speaker colours', () => {
  it('follow the analysis order, are distinct for eight speakers, then repeat', () => {
    const names = Array.from({ length: 9 }, (_, i) => `S${i}`);
    const colours = speakerColours(names);
    expect(new Set(names.slice(0, 8).map((n) => colours.get(n))).size).toBe(8);
    expect(colours.get('S8')).toBe(SPEAKER_PALETTE[0]);
    expect(speakerColours(['b', 'a', 'b']).get('b')).toBe(SPEAKER_PALETTE[0]);
  });
});

describe('speakerTracks', () => {
  it("takes the analysis' per-speaker segments (sorted, merged) and its figures", () => {
    const tracks = speakerTracks(
      analysisWith([
        {
          name: 'Coach',
          segments: [
            [10, 12],
            [0, 5],
            [4, 6],
          ],
          share: 0.6,
        },
        { name: 'Client', segments: [[6, 9]], share: 0.4 },
      ]),
      [{ start: 0, end: 60, speaker: 'Ignored' }],
    );
    expect(tracks.map((t) => [t.name, t.colour, t.segments, t.share])).toEqual([
      [
        'Coach',
        SPEAKER_PALETTE[0],
        [
          [0, 6],
          [10, 12],
        ],
        0.6,
      ],
      ['Client', SPEAKER_PALETTE[1], [[6, 9]], 0.4],
    ]);
  });

  it('falls back to the labelled transcript for an analysis without segments, keeping its colours', () => {
    const old = analysisWith([
      { name: 'Client', segments: [] },
      { name: 'Coach', segments: [] },
    ]);
    const tracks = speakerTracks(old, [
      { start: 0, end: 2, speaker: 'Coach' },
      { start: 2, end: 5, speaker: 'Client' },
      { start: 5, end: 6, speaker: null },
      { start: 6, end: 7, speaker: 'Coach' },
    ]);
    expect(tracks.map((t) => [t.name, t.colour, t.segments])).toEqual([
      [
        'Coach',
        SPEAKER_PALETTE[1],
        [
          [0, 2],
          [6, 7],
        ],
      ],
      ['Client', SPEAKER_PALETTE[0], [[2, 5]]],
    ]);
    // Without an analysis the shares come from the transcript itself.
    const alone = speakerTracks(null, [
      { start: 0, end: 3, speaker: 'A' },
      { start: 3, end: 4, speaker: 'B' },
    ]);
    expect(alone.map((t) => t.share)).toEqual([0.75, 0.25]);
  });

  it('is empty with neither speakers nor labels', () => {
    expect(speakerTracks(null, [{ start: 0, end: 1, speaker: null }])).toEqual([]);
  });
});

describe('speakerAt', () => {
  const tracks = speakerTracks(
    analysisWith([
      { name: 'A', segments: [[0, 100]] },
      {
        name: 'B',
        segments: [
          [10, 20],
          [30, 31],
        ],
      },
    ]),
    [],
  );
  const index = indexSpeakers(tracks);
  it('finds who speaks; the later starter wins an overlap; a long earlier turn still covers later times', () => {
    expect(speakerAt(index, 5)).toBe(0);
    expect(speakerAt(index, 15)).toBe(1);
    expect(speakerAt(index, 25)).toBe(0);
    expect(speakerAt(index, 30.5)).toBe(1);
    expect(speakerAt(index, 150)).toBe(-1);
    expect(speakerAt(indexSpeakers([]), 1)).toBe(-1);
  });
});

describe('a 2-hour session on the lane', () => {
  // 10,000 short turns over 7,200 s: what a long, lively session gives.
  const spans: Span[] = Array.from({ length: 10_000 }, (_, i) => [i * 0.72, i * 0.72 + 0.4] as Span);

  it('draws as at most one rectangle per pixel column, covering every turn', () => {
    const runs = pixelRuns(spans, 7200, 1000);
    expect(runs.length).toBeLessThanOrEqual(1000);
    expect(runs[0]![0]).toBe(0);
    const last = runs[runs.length - 1]!;
    expect(last[0] + last[1]).toBeCloseTo((spans[9999]![1] / 7200) * 1000, 3);
  });

  it('keeps gaps wider than a pixel, and gives a sub-pixel turn one pixel', () => {
    expect(
      pixelRuns(
        [
          [0, 1],
          [50, 50.01],
        ],
        100,
        100,
      ),
    ).toEqual([
      [0, 1],
      [50, 1],
    ]);
    expect(pixelRuns([[0, 1]], 0, 100)).toEqual([]);
  });

  it('finds the turn under the pointer, or the nearest within the tolerance', () => {
    expect(spanNear(spans, 100.1, 0)).toEqual(spans.find(([s, e]) => s <= 100.1 && 100.1 <= e));
    expect(spanNear([[10, 11]], 11.2, 0.5)).toEqual([10, 11]);
    expect(spanNear([[10, 11]], 9.8, 0.5)).toEqual([10, 11]);
    expect(spanNear([[10, 11]], 13, 0.5)).toBeNull();
  });
});

describe('adjacentTurn', () => {
  const tracks = speakerTracks(
    analysisWith([
      {
        name: 'A',
        segments: [
          [0, 2],
          [10, 12],
        ],
      },
      { name: 'B', segments: [[4, 8]] },
    ]),
    [],
  );
  it('jumps to the next or previous turn start across speakers', () => {
    expect(adjacentTurn(tracks, 0, 1)).toEqual({ track: 1, span: [4, 8] });
    expect(adjacentTurn(tracks, 4, 1)).toEqual({ track: 0, span: [10, 12] });
    expect(adjacentTurn(tracks, 10, -1)).toEqual({ track: 1, span: [4, 8] });
    expect(adjacentTurn(tracks, 10, 1)).toBeNull();
  });
});

describe('planBars', () => {
  it("places bars by their time in the whole waveform, scaled by the whole waveform's peak", () => {
    const peaks = [0.1, -0.5, 0.25, 0.05];
    const bars = planBars(
      peaks,
      { width: 12, height: 20 },
      { barWidth: 2, gap: 1, pixelRatio: 1, maxPeak: 0.5 },
      {
        offsetCss: 12,
        totalCss: 24,
        duration: 48,
      },
    );
    expect(bars).toHaveLength(4);
    // This canvas is the second half: its first bar's centre is at 13 px of 24, i.e. 26 s of 48.
    expect(bars[0]!.t).toBeCloseTo(26, 5);
    expect(bars[1]!.h).toBeCloseTo(20 * 0.96, 5); // the loudest peak fills the height
    expect(bars[0]!.h).toBeCloseTo(20 * 0.96 * 0.2, 5);
    expect(bars[3]!.h).toBeGreaterThanOrEqual(1); // a quiet bar is still a line
  });
});
