/**
 * One corpus condition through the real stage 1 + diarization (as the app runs them), scored against its truth.
 * For the per-condition integration tests (issue 23); the whole corpus is in `npm run bench -- accuracy`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../main/analysis/probe.js';
import { diarizeStage1, runStage1 } from '../../main/analysis/stage1-audio.js';
import { locateMediaTools } from '../../main/platform/ffmpeg-locate.js';
import { buildConversation } from './diarization-corpus.js';
import { conditionCases, type ConditionCase } from './diarization-conditions.js';
import { scoreDiarization, type DiarizationScore } from './diarization-scoring.js';
import { ESPEAK_MISSING, hasEspeak } from './speech-fixtures.js';

/** The dev condition named `name` ("codec: opus24"), `durationS` long. */
export function devCondition(name: string, durationS: number): ConditionCase {
  const c = conditionCases('dev', durationS).find((x) => x.name === name);
  if (!c) throw new Error(`no dev condition "${name}"`);
  return c;
}

export async function diarizeCondition(dir: string, c: ConditionCase): Promise<DiarizationScore & { source: string }> {
  const conv = buildConversation(join(dir, 'files'), join(dir, 'espeak'), c);
  const tools = locateMediaTools();
  const media = await probeMedia(conv.path, { ffprobe: tools.ffprobe });
  const s1 = diarizeStage1(await runStage1({ tools, path: conv.path, media }), media.duration);
  const hyp = s1.speakers?.per_speaker.map((p) => p.segments) ?? [];
  return { ...scoreDiarization(conv.truth, hyp, conv.durationS), source: s1.speakers?.source ?? 'none' };
}

/**
 * The per-condition tests (split over files so vitest runs them side by side): each condition's dev conversation
 * through the real stage 1 + diarization, scored against the truth.
 */
export function describeConditions(conditions: { name: string; durationS: number; sharePts: number }[]): void {
  const skipReason = hasEspeak() ? null : ESPEAK_MISSING;
  if (skipReason) console.warn(`diarization condition tests skipped: ${skipReason}`);
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-diarization-conditions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  describe.skipIf(skipReason !== null)('diarization per condition', () => {
    for (const { name, durationS, sharePts } of conditions) {
      it(`${name}: right speaker count, DER ≤ 10 %, shares within ${sharePts} points`, async () => {
        const c = devCondition(name, durationS);
        const score = await diarizeCondition(dir, c);
        expect(score.source).toBe('diarization');
        expect(score.speakersFound).toBe(c.voices.length);
        expect(score.der).toBeLessThanOrEqual(0.1);
        expect(score.shareErrorPts).toBeLessThanOrEqual(sharePts);
      }, 180_000);
    }
  });
}
