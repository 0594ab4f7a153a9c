/**
 * Issue 18 with issue 23: a coach's speaker renames and merges survive backup → "Restore my library from S3". The
 * manifest carries the `speaker_edits` log and the row's coach share; the restored session answers the same
 * session row and analysis, and a re-analysis of the restored session replays the edits as the original does
 * (before: the restored result showed the names, but a re-analysis lost them and the coach share was empty).
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speakerMetrics } from '../../../main/analysis/analyzers/speaker-metrics.js';
import type { AnalysisData } from '../../../main/analysis/types.js';
import { newId } from '../../../main/platform/ids.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { backUp } from './coach-library.js';
import { bucketManifest, importVideo, restoreLibrary } from './restore-helpers.js';

type Span = [number, number];
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

/** A finished analysis whose diarization found these speakers (what the analysis job stores). */
function analysisOf(speakers: Span[][]): AnalysisData {
  const segments = speakers.flat().sort((a, b) => a[0] - b[0]);
  const talk = segments.reduce((a, [s, e]) => a + e - s, 0);
  return {
    version: 1,
    stage: 'complete',
    media: { duration: 60, container: 'mp4', audio_codec: 'aac', audio_streams: 1, video_streams: 0 },
    speech: { segments, talk_time_s: talk, silence_time_s: 60 - talk, longest_monologue_s: 10 },
    speakers: speakerMetrics(
      speakers.map((s, i) => ({ speaker: `Speaker ${i + 1}`, segments: s })),
      60,
      'diarization',
      0.62,
    ),
    loudness: null,
    scenes: null,
    thumbnails: null,
    waveform: null,
    quality: null,
  } as unknown as AnalysisData;
}

function finish(server: TestServer, id: string, data: AnalysisData): void {
  server.app.services.analysis.onDone(
    { id: newId('job_'), sessionId: id, payload: { outDir: '/nonexistent' } } as never,
    data,
  );
}

let s3: S3TestServer;
let first: TestServer;
let fresh: TestServer | undefined;
const dir = tempDir('filmroom-restore-speakers-');
let id: string;

beforeAll(async () => {
  s3 = await startS3Server();
  first = await startTestServer({ env: { ...process.env, ...s3.env() } });
  id = await importVideo(first, dir, 'Speakers call');
  finish(first, id, analysisOf([A, B, C]));
  const renamed = await first.api(`/api/v1/sessions/${id}/speakers/${encodeURIComponent('Speaker 2')}`, {
    method: 'PATCH',
    json: { name: 'Eli' },
  });
  expect(renamed.status, renamed.text).toBe(200);
  const merged = await first.api(`/api/v1/sessions/${id}/speakers/merge`, {
    method: 'POST',
    json: { from: 'Speaker 3', into: 'Eli' },
  });
  expect(merged.status, merged.text).toBe(200);
  await backUp(first, id);
}, 300_000);

afterAll(async () => {
  await first?.close();
  await fresh?.close();
  await s3?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const names = async (server: TestServer) =>
  ((await server.api(`/api/v1/sessions/${id}/analysis`)).body.data.speakers.per_speaker as Loose[]).map((s) => s.name);

async function answers(server: TestServer): Promise<Loose> {
  const { updated_at: _u, files: _f, ...session } = (await server.api(`/api/v1/sessions/${id}`)).body;
  const analysis = (await server.api(`/api/v1/sessions/${id}/analysis`)).body;
  return { session, analysis: { ...analysis, job_id: 'any' } };
}

describe('speaker edits through backup and restore', () => {
  it('the manifest in the bucket carries the edits and the coach share', () => {
    const manifest = bucketManifest(s3, id);
    expect(manifest?.speaker_edits?.map((e: Loose) => e.kind)).toEqual(['rename', 'merge']);
    expect(manifest?.session.coach_share).toBeGreaterThan(0);
  });

  it('a restored session answers the same row and analysis, and a re-analysis keeps the renamed speaker', async () => {
    expect(await names(first)).toEqual(['Speaker 1', 'Eli']);
    fresh = await startTestServer({ env: { ...process.env, ...s3.env() } });
    const run = await restoreLibrary(fresh);
    expect(run, JSON.stringify(run.errors)).toMatchObject({ state: 'completed', restored: 1 });
    expect(await answers(fresh)).toEqual(await answers(first));
    expect((await fresh.api(`/api/v1/sessions/${id}`)).body.coach_share).toBeGreaterThan(0);

    // The same re-analysis on both libraries: the edits are replayed on each (the restored log, not only the result).
    for (const server of [first, fresh]) finish(server, id, analysisOf([A, B, C]));
    expect(await names(fresh)).toEqual(['Speaker 1', 'Eli']);
    expect(await answers(fresh)).toEqual(await answers(first));
  }, 240_000);
});
