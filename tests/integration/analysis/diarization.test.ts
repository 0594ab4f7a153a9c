/**
 * Issue 23: who spoke when on a single mixed track with no transcript. Short espeak-ng conversations from the seeded
 * corpus (tests/helpers/diarization-corpus.ts) go through the real analysis; the first talk-time estimate is
 * published first, then speakers found from the audio. The whole corpus, dev and held-out, is in
 * `npm run bench -- accuracy`; this keeps CI to two one-minute files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../main/analysis/analyze-file.js';
import type { AnalysisData } from '../../../main/analysis/types.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import { buildConversation, corpusCases } from '../../helpers/diarization-corpus.js';
import { scoreDiarization } from '../../helpers/diarization-scoring.js';
import { ESPEAK_MISSING, hasEspeak } from '../../helpers/speech-fixtures.js';

const tools = locateMediaTools();
const skipReason = hasEspeak() ? null : ESPEAK_MISSING;
if (skipReason) console.warn(`diarization tests skipped: ${skipReason}`);

const dir = mkdtempSync(join(tmpdir(), 'filmroom-diarization-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const dev = corpusCases('dev', 60);
const CASES = [
  dev.find((c) => c.name.includes('2 mixed-gender') && c.room.reverb === 40)!,
  dev.find((c) => c.name.includes('3 speakers') && c.room.codec === 'opus48')!,
];

describe.skipIf(skipReason !== null)('diarization of a mixed track', () => {
  for (const c of CASES) {
    it(`${c.name}: right speaker count, DER ≤ 10 %, shares within 3 points`, async () => {
      const conv = buildConversation(join(dir, 'files'), join(dir, 'espeak'), c);
      const published: AnalysisData[] = [];
      const data = await analyzeFile(conv.path, {
        tools,
        outDir: join(dir, `out-${c.seed}`),
        onStage1: (d) => published.push(d),
      });
      // The first estimate goes out before diarization, which then republishes stage 1 with speakers.
      expect(published).toHaveLength(2);
      expect(published[0]?.speakers).toBeNull();
      expect(published[0]?.speech?.talk_time_s).toBeGreaterThan(10);
      const speakers = data.speakers!;
      expect(speakers.source).toBe('diarization');
      expect(speakers.confidence).toBeGreaterThan(0.3);
      expect(speakers.per_speaker.map((s) => s.name)).toEqual(c.voices.map((_, i) => `Speaker ${i + 1}`));
      const score = scoreDiarization(
        conv.truth,
        speakers.per_speaker.map((s) => s.segments),
        conv.durationS,
      );
      expect(score.speakersFound).toBe(c.voices.length);
      expect(score.der).toBeLessThanOrEqual(0.1);
      expect(score.shareErrorPts).toBeLessThanOrEqual(3);
    });
  }

  it('is not run when a caller asks for none', async () => {
    const conv = buildConversation(join(dir, 'files'), join(dir, 'espeak'), CASES[0]!);
    const data = await analyzeFile(conv.path, { tools, outDir: join(dir, 'off'), diarize: false });
    expect(data.speakers).toBeNull();
  });
});
