/**
 * One corpus condition through the real stage 1 + diarization (as the app runs them), scored against its truth.
 * For the per-condition integration tests (issue 23); the whole corpus is in `npm run bench -- accuracy`.
 */
import { join } from 'node:path';
import { probeMedia } from '../../main/analysis/probe.js';
import { diarizeStage1, runStage1 } from '../../main/analysis/stage1-audio.js';
import { locateMediaTools } from '../../main/platform/ffmpeg-locate.js';
import { buildConversation } from './diarization-corpus.js';
import { conditionCases, type ConditionCase } from './diarization-conditions.js';
import { scoreDiarization, type DiarizationScore } from './diarization-scoring.js';

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
