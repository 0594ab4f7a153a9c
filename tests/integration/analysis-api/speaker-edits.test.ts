/**
 * Speaker names and edits through the HTTP API (issue 23): diarized speakers named from aligned transcript labels
 * (the coach participant's full name), rename and merge with their errors, the edits kept through a re-analysis
 * (the same write path as a finished job: AnalysisService.onDone), and the coach's share of talk time on the
 * session, in the list's sort and range filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speakerMetrics } from '../../../main/analysis/analyzers/speaker-metrics.js';
import type { AnalysisData } from '../../../main/analysis/types.js';
import { newId } from '../../../main/platform/ids.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
}, 60_000);
afterAll(async () => {
  await srv?.close();
});

type Span = [number, number];

function analysisOf(speakers: Span[][], source: 'diarization' | 'participant_audio' = 'diarization'): AnalysisData {
  const segments = speakers.flat().sort((a, b) => a[0] - b[0]);
  const talk = segments.reduce((a, [s, e]) => a + e - s, 0);
  return {
    version: 1,
    stage: 'complete',
    media: {
      duration: 60,
      container: 'mp4',
      video_codec: null,
      audio_codec: 'aac',
      width: null,
      height: null,
      fps: null,
      bitrate: 64000,
      video_streams: 0,
      audio_streams: 1,
      keyframe_interval_s: null,
      container_duration: 60,
      stream_durations: { video: null, audio: 60 },
    },
    speech: { segments, talk_time_s: talk, silence_time_s: 60 - talk, longest_monologue_s: 10 },
    speakers: speakerMetrics(
      speakers.map((s, i) => ({ speaker: `Speaker ${i + 1}`, segments: s })),
      60,
      source,
      source === 'diarization' ? 0.62 : 1,
    ),
    loudness: null,
    scenes: null,
    thumbnails: null,
    waveform: null,
    quality: {
      no_audio: false,
      no_video: true,
      silent_audio: false,
      black_video: false,
      truncated: false,
      decoded_duration_s: 60,
      black_segments: [],
      black_time_s: 0,
      decode_errors: [],
    },
  } as AnalysisData;
}

function newSession(title = 'Speakers'): string {
  const id = newId('ses_');
  const now = new Date().toISOString();
  srv.app.services.sessions.insert(
    {
      id,
      title,
      status: 'ready',
      platform: 'zoom',
      coach_id: 'default',
      client: 'Eli',
      recorded_at: '2026-03-04T10:00:00.000Z',
      created_at: now,
      size: 1,
    },
    [
      { name: 'Dana Whitfield', role: 'coach' },
      { name: 'Eli Moreau', role: 'client' },
    ],
  );
  return id;
}

/** What a finished analysis job does with its data. */
function finish(id: string, data: AnalysisData): void {
  srv.app.services.analysis.onDone(
    { id: newId('job_'), sessionId: id, payload: { outDir: '/nonexistent' } } as never,
    data,
  );
}

const A: Span[] = [
  [0, 10],
  [20, 30],
];
const B: Span[] = [
  [10, 20],
  [30, 40],
];
const C: Span[] = [
  [38, 45],
  [50, 52],
];

const speakersOf = async (id: string): Promise<Loose> =>
  (await srv.api(`/api/v1/sessions/${id}/analysis`)).body.data.speakers;
const names = async (id: string) => (await speakersOf(id)).per_speaker.map((s: Loose) => s.name);
const rename = (id: string, speaker: string, name: unknown) =>
  srv.api(`/api/v1/sessions/${id}/speakers/${encodeURIComponent(speaker)}`, { method: 'PATCH', json: { name } });
const merge = (id: string, from: unknown, into: unknown) =>
  srv.api(`/api/v1/sessions/${id}/speakers/merge`, { method: 'POST', json: { from, into } });

describe('speaker names', () => {
  it('diarized speakers get the names of the transcript labels that align with them, the coach by full name', async () => {
    const id = newSession();
    srv.app.services.transcripts.replaceSegments(id, [
      // Labels on part of the transcript only: Dana over A, nothing over B.
      { start: 0, end: 10.5, speaker: 'Dana', text: 'Hello.' },
      { start: 19.8, end: 30, speaker: 'Dana', text: 'And then?' },
      { start: 10.5, end: 19.8, speaker: null, text: 'Hi.' },
    ]);
    finish(id, analysisOf([A, B]));
    expect(await names(id)).toEqual(['Dana Whitfield', 'Speaker 2']);
    const session = (await srv.api(`/api/v1/sessions/${id}`)).body;
    expect(session.coach_share).toBe(0.5);
  });
});

describe('rename and merge', () => {
  it('a rename relabels the speaker in every segment and the totals, and survives a re-analysis', async () => {
    const id = newSession();
    finish(id, analysisOf([A, B, C]));
    const before = await speakersOf(id);
    const r = await rename(id, 'Speaker 2', 'Eli');
    expect(r.status, r.text).toBe(200);
    expect(r.body.data.speakers.per_speaker.map((s: Loose) => s.name)).toEqual(['Speaker 1', 'Eli', 'Speaker 3']);
    expect(r.body.data.speakers.per_speaker[1].segments).toEqual(before.per_speaker[1].segments);
    expect(r.body.data.speakers.per_speaker[1].talk_time_s).toBe(before.per_speaker[1].talk_time_s);

    // A re-analysis that finds the same people a little differently, in another order: the name stays with Eli.
    finish(
      id,
      analysisOf([
        [
          [10.2, 19.9],
          [30, 39.5],
        ],
        [
          [0.1, 10],
          [20.3, 30],
        ],
      ]),
    );
    expect(await names(id)).toEqual(['Eli', 'Speaker 2']);
  });

  it('a merge joins the segments, sums the talk without counting the overlap twice, and updates the coach share', async () => {
    const id = newSession();
    finish(id, analysisOf([A, B, C]));
    expect((await rename(id, 'Speaker 2', 'Dana')).status).toBe(200);
    const coachBefore = (await srv.api(`/api/v1/sessions/${id}`)).body.coach_share;
    const m = await merge(id, 'Speaker 3', 'Dana');
    expect(m.status, m.text).toBe(200);
    const speakers = m.body.data.speakers;
    expect(speakers.per_speaker.map((s: Loose) => s.name)).toEqual(['Speaker 1', 'Dana']);
    expect(speakers.per_speaker[1].talk_time_s).toBe(27); // 20 + 9 - 2 s both spoke
    expect(speakers.per_speaker[1].segments).toEqual([
      [10, 20],
      [30, 45],
      [50, 52],
    ]);
    const coachAfter = (await srv.api(`/api/v1/sessions/${id}`)).body.coach_share;
    expect(coachAfter).toBeCloseTo(27 / 47, 3);
    expect(coachAfter).toBeGreaterThan(coachBefore);
    // The list sees the edited share too.
    const listed = await srv.api('/api/v1/sessions', { query: { coach_share_min: 0.57, coach_share_max: 0.58 } });
    expect(listed.body.items.map((s: Loose) => s.id)).toContain(id);
    // Kept through a re-analysis.
    finish(id, analysisOf([A, B, C]));
    expect(await names(id)).toEqual(['Speaker 1', 'Dana']);
  });

  it('answers 404, 400 and 409 with { error, code } and changes nothing', async () => {
    const id = newSession();
    finish(id, analysisOf([A, B]));
    const none = newSession('Not analysed');
    const cases: [Promise<Loose>, number, string?][] = [
      [rename('ses_unknown1', 'Speaker 1', 'X'), 404],
      [rename(id, 'Nobody', 'X'), 404, 'speaker'],
      [rename(id, 'Speaker 1', '   '), 400, 'name'],
      [rename(id, 'Speaker 1', 'x'.repeat(101)), 400, 'name'],
      [rename(id, 'Speaker 1', 'Speaker 2'), 409, 'name'],
      [rename(none, 'Speaker 1', 'X'), 409],
      [merge(id, 'Speaker 1', 'Speaker 1'), 400, 'into'],
      [merge(id, 'Speaker 1', 'Nobody'), 404, 'into'],
      [merge(id, 7, 'Speaker 1'), 400, 'from'],
    ];
    for (const [pending, status, field] of cases) {
      const r = await pending;
      expect(r.status, r.text).toBe(status);
      expect(r.body.code).toBe(status);
      expect(typeof r.body.error).toBe('string');
      if (field) expect(r.body.field).toBe(field);
    }
    expect(await names(id)).toEqual(['Speaker 1', 'Speaker 2']);
  });
});

describe("the coach's share in the list", () => {
  it('sorts and filters by it (sessions without speakers last, and outside every range)', async () => {
    const shares: Record<string, string> = {};
    for (const [title, speakers] of [
      ['Talk share low', [[[0, 5]], A] as Span[][]],
      ['Talk share high', [A, [[40, 45]]] as Span[][]],
    ] as const) {
      const id = newSession(title);
      finish(id, analysisOf(speakers));
      shares[title] = id;
    }
    const plain = newSession('Talk share none');
    const all = await srv.api('/api/v1/sessions', { query: { sort: '-coach_share', limit: 500 } });
    expect(all.status).toBe(200);
    const values = all.body.items.map((s: Loose) => s.coach_share ?? -1);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    expect(all.body.items.at(-1).coach_share).toBeNull();
    const ids = all.body.items.map((s: Loose) => s.id);
    expect(ids.indexOf(shares['Talk share high'])).toBeLessThan(ids.indexOf(shares['Talk share low']));
    const low = await srv.api('/api/v1/sessions', { query: { coach_share_max: 0.3, sort: 'coach_share' } });
    expect(low.body.items.map((s: Loose) => s.id)).toEqual([shares['Talk share low']]);
    expect(low.body.total).toBe(1);
    const searched = await srv.api('/api/v1/sessions', { query: { q: 'talk share', coach_share_min: 0.6 } });
    expect(searched.body.items.map((s: Loose) => s.id)).toEqual([shares['Talk share high']]);
    expect(searched.body.items.map((s: Loose) => s.id)).not.toContain(plain);
    const bad = await srv.api('/api/v1/sessions', { query: { coach_share_min: 0.8, coach_share_max: 0.2 } });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('coach_share_min');
    const out = await srv.api('/api/v1/sessions', { query: { coach_share_min: 2 } });
    expect(out.status).toBe(400);
  });
});
