/**
 * Real analysis results against the published schema (shared/contract/analysis-data.ts, which OpenAPI documents):
 * every field the engine writes is declared, with its type. Parsing strips undeclared keys, so equality after
 * parsing proves nothing was left undocumented.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisData } from '../../../shared/contract/analysis-data.js';
import { analyzeFile } from '../../../main/analysis/analyze-file.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { createAnalysisFixtures, type AnalysisFixtures } from '../../helpers/analysis-fixtures.js';

const tools = locateMediaTools();
let fx: AnalysisFixtures;

beforeAll(() => {
  fx = createAnalysisFixtures();
});
afterAll(() => fx.cleanup());

describe('analysis results match the published schema', () => {
  it('a video meeting with per-participant tracks (every section filled)', async () => {
    const data = await analyzeFile(fx.meeting, {
      tools,
      outDir: join(fx.dir, 'schema-meeting'),
      participants: [
        { name: 'coach', path: fx.speakerA },
        { name: 'client', path: fx.speakerB },
      ],
    });
    for (const section of ['speech', 'speakers', 'loudness', 'scenes', 'thumbnails', 'waveform'] as const) {
      expect(data[section], section).not.toBeNull();
    }
    expect(analysisData.parse(data)).toEqual(data);
  });

  it('audio only with a speaker-labelled transcript, and a file without audio (null sections)', async () => {
    const transcript = [
      { start: 0.5, end: 2, speaker: 'Ana' },
      { start: 2.5, end: 4, speaker: 'Ben' },
    ];
    const audio = await analyzeFile(fx.audioOnly, { tools, outDir: join(fx.dir, 'schema-audio'), transcript });
    expect(audio.speakers?.source).toBe('transcript');
    expect(analysisData.parse(audio)).toEqual(audio);

    const silent = await analyzeFile(fx.noAudio, { tools, outDir: join(fx.dir, 'schema-noaudio') });
    expect(silent.speech).toBeNull();
    expect(analysisData.parse(silent)).toEqual(silent);
  });

  it('rejects a result whose section has the wrong type', () => {
    const broken = { version: 1, stage: 'complete', media: {}, quality: {} };
    expect(analysisData.safeParse(broken).success).toBe(false);
  });
});
