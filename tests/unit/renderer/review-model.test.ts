import { describe, expect, it } from 'vitest';
import type { AnalysisResult, Marker } from '../../../shared/contract/index.js';
import {
  confidenceWords,
  absoluteMediaUrl,
  chapterMarks,
  currentSegmentIndex,
  formatClock,
  formatShare,
  frameBefore,
  peaksForWaveSurfer,
  qualityWarnings,
  readAnalysis,
  sortMarkers,
} from '../../../renderer/features/review/review-model.js';
import { parseRoute, reviewHash } from '../../../renderer/features/review/route-path.js';

const segments = [
  { start: 0.5, end: 2.5 },
  { start: 3, end: 5.5 },
  { start: 6, end: 8.5 },
];

describe('currentSegmentIndex (transcript follower)', () => {
  it('is -1 before the first line', () => {
    expect(currentSegmentIndex(segments, 0)).toBe(-1);
    expect(currentSegmentIndex([], 10)).toBe(-1);
  });
  it('is the line being spoken, boundaries included', () => {
    expect(currentSegmentIndex(segments, 0.5)).toBe(0);
    expect(currentSegmentIndex(segments, 4)).toBe(1);
    expect(currentSegmentIndex(segments, 6)).toBe(2);
  });
  it('keeps the previous line between two lines and the last after the end', () => {
    expect(currentSegmentIndex(segments, 2.8)).toBe(0);
    expect(currentSegmentIndex(segments, 100)).toBe(2);
  });
  it('agrees with a linear scan on many lines', () => {
    const many = Array.from({ length: 500 }, (_, i) => ({ start: i * 2, end: i * 2 + 1.5 }));
    for (const t of [0, 1.7, 2, 333.3, 999, 1200]) {
      const linear = many.reduce((found, s, i) => (s.start <= t ? i : found), -1);
      expect(currentSegmentIndex(many, t)).toBe(linear);
    }
  });
});

describe('chapterMarks', () => {
  const frames = [
    { t: 8, file: 'thumb_002.jpg' },
    { t: 2, file: 'thumb_000.jpg' },
  ];
  it('makes a mark per frame with its image URL, in time order', () => {
    const marks = chapterMarks(frames, [], '/api/v1/sessions/s1/artifacts/{name}?exp=1&sig=x');
    expect(marks.map((m) => m.t)).toEqual([2, 8]);
    expect(marks[0]?.image).toBe('/api/v1/sessions/s1/artifacts/thumb_000.jpg?exp=1&sig=x');
    expect(marks[1]?.label).toBe('Frame at 0:08');
  });
  it('adds scene cuts as marks without an image', () => {
    const marks = chapterMarks(frames, [3, 6], null);
    expect(marks.map((m) => [m.t, m.image])).toEqual([
      [2, null],
      [3, null],
      [6, null],
      [8, null],
    ]);
    expect(marks[1]?.label).toBe('Scene cut at 0:03');
  });
  it('escapes file names', () => {
    expect(chapterMarks([{ t: 1, file: 'a b.jpg' }], [], 'x/{name}')[0]?.image).toBe('x/a%20b.jpg');
  });
  it('finds the frame before a time', () => {
    expect(frameBefore(frames, 5)?.file).toBe('thumb_000.jpg');
    expect(frameBefore(frames, 1)).toBeNull();
  });
});

describe('formatting', () => {
  it('formats the playhead as m:ss, h:mm:ss past an hour', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(8.9)).toBe('0:08');
    expect(formatClock(754)).toBe('12:34');
    expect(formatClock(3723)).toBe('1:02:03');
    expect(formatClock(Number.NaN)).toBe('0:00');
    expect(formatClock(-3)).toBe('0:00');
  });
  it('formats shares as whole percents', () => {
    expect(formatShare(0.474)).toBe('47%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(Number.NaN)).toBe('0%');
  });
});

describe('readAnalysis', () => {
  const data: NonNullable<AnalysisResult['data']> = {
    version: 1,
    stage: 'complete',
    media: {
      duration: 12,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      video_codec: 'h264',
      audio_codec: 'aac',
      width: 1280,
      height: 720,
      fps: 30,
      bitrate: 1_000_000,
      video_streams: 1,
      audio_streams: 1,
      keyframe_interval_s: 2,
      container_duration: 12,
      stream_durations: { video: 12, audio: 12 },
    },
    speech: { segments: [[0, 2.5]], talk_time_s: 7.5, silence_time_s: 4.5, longest_monologue_s: 2.5 },
    speakers: {
      source: 'transcript',
      per_speaker: [
        { name: 'Coach Kim', talk_time_s: 4.5, share: 0.474, turns: 2, longest_monologue_s: 2.5, segments: [[0, 2.5]] },
      ],
      talk_ratio: null,
      switches: 1,
      switches_per_minute: 5,
      overlap: { count: 0, total_s: 0 },
      response_gaps: { count: 0, mean_s: 0, median_s: 0, max_s: 0 },
    },
    loudness: { integrated_lufs: -12.1, range_lu: 2.2 },
    scenes: { cuts: [3, 6], count: 2 },
    thumbnails: { poster: 'poster.jpg', strip: null, frames: [{ t: 2, file: 'a.jpg' }] },
    waveform: { sample_rate_hz: 100, seconds_per_peak: 0.01, peaks: [-0.4, 0.4] },
    quality: {
      no_audio: false,
      no_video: false,
      silent_audio: false,
      black_video: false,
      truncated: true,
      decoded_duration_s: 12,
      black_segments: [],
      black_time_s: 0,
      decode_errors: [],
    },
  };

  it('reads the sections the review shows from the typed data', () => {
    const a = readAnalysis(data);
    expect(a?.duration).toBe(12);
    expect(a?.speech?.segments).toEqual([[0, 2.5]]);
    expect(a?.speakers.map((s) => s.name)).toEqual(['Coach Kim']);
    expect(a?.cuts).toEqual([3, 6]);
    expect(a?.thumbnails?.frames).toEqual([{ t: 2, file: 'a.jpg' }]);
    expect(a?.loudness).toEqual({ integrated_lufs: -12.1, range_lu: 2.2 });
    expect(a?.waveform?.peaks).toEqual([-0.4, 0.4]);
    expect(a?.speakerSource).toEqual({ source: 'transcript', confidence: null });
  });
  it('says where the speakers come from (diarization: detected from the audio) and how sure', () => {
    const found = { ...data, speakers: { ...data.speakers!, source: 'diarization' as const, confidence: 0.72 } };
    expect(readAnalysis(found)?.speakerSource).toEqual({ source: 'diarization', confidence: 0.72 });
  });
  it('says how sure diarization is in plain words', () => {
    expect(confidenceWords(0.9)).toMatch(/^high confidence/);
    expect(confidenceWords(0.6)).toMatch(/^fair confidence/);
    expect(confidenceWords(0.2)).toMatch(/^low confidence: the voices sound alike/);
    expect(confidenceWords(null)).toMatch(/not known/);
  });
  it('reads missing sections as absent', () => {
    const bare = {
      ...data,
      stage: 'audio' as const,
      speech: null,
      speakers: null,
      loudness: null,
      scenes: null,
      thumbnails: null,
      waveform: null,
    };
    const a = readAnalysis(bare);
    expect(a).toMatchObject({
      speech: null,
      speakers: [],
      speakerSource: null,
      cuts: [],
      thumbnails: null,
      waveform: null,
    });
    expect(readAnalysis(null)).toBeNull();
  });
  it('turns quality flags into readable warnings', () => {
    expect(qualityWarnings({ truncated: true, no_audio: true, silent_audio: false })).toEqual([
      'No audio track: speech, speakers and loudness cannot be measured.',
      'The recording looks truncated: it ends before its stated duration.',
    ]);
    expect(qualityWarnings({})).toEqual([]);
  });
});

describe('small helpers', () => {
  it('prefixes root-relative media URLs with the API base only', () => {
    expect(absoluteMediaUrl('/api/v1/sessions/a/media?exp=1', 'http://127.0.0.1:1/')).toBe(
      'http://127.0.0.1:1/api/v1/sessions/a/media?exp=1',
    );
    expect(absoluteMediaUrl('/api/v1/x', '')).toBe('/api/v1/x');
    expect(absoluteMediaUrl('app://filmroom/api/v1/x', 'http://h')).toBe('app://filmroom/api/v1/x');
  });
  it('turns min/max pairs into one channel of the larger magnitude', () => {
    expect(peaksForWaveSurfer([-0.2, 0.5, -0.7, 0.1, 0.3])).toEqual([0.5, -0.7]);
  });
  it('sorts markers by time, timeless ones last', () => {
    const m = (id: number, t: number | null): Marker => ({
      id,
      t,
      kind: 'note',
      author: null,
      text: String(id),
      created_at: `2026-01-01T00:00:0${id}Z`,
    });
    expect(sortMarkers([m(1, null), m(2, 5), m(3, 1), m(4, 5)]).map((x) => x.id)).toEqual([3, 2, 4, 1]);
  });
  it('parses the review route', () => {
    expect(parseRoute(reviewHash('ses_01 x'))).toEqual({ kind: 'review', id: 'ses_01 x' });
    expect(parseRoute('')).toEqual({ kind: 'library' });
    expect(parseRoute('#token=abc')).toEqual({ kind: 'library' });
  });
});
