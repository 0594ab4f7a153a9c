/**
 * Issue 14: talk time on real-sounding recordings. espeak-ng speech at known times on Zoom-style per-participant
 * tracks (AAC .m4a) with room noise, a quiet speaker, bleed and non-speech sounds mixed in by ffmpeg; the real
 * analysis must find each speaker's talk time within 3% and every utterance's boundaries within 0.25 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../../main/analysis/analyze-file.js';
import { runAudioPass } from '../../../main/analysis/analyzers/audio-pass.js';
import type { Interval } from '../../../main/analysis/chunks/intervals.js';
import { detectSpeech } from '../../../main/analysis/speech/detect-speech.js';
import type { AnalysisData } from '../../../main/analysis/types.js';
import { locateMediaTools } from '../../../main/platform/ffmpeg-locate.js';
import {
  buildCondition,
  cleanSpeech,
  CONDITIONS,
  ESPEAK_MISSING,
  hasEspeak,
  spanTotal,
  type CleanSpeech,
  type Span,
  type SpeechFixture,
} from '../../helpers/speech-fixtures.js';
import { scoreSpeech } from '../../helpers/speech-scoring.js';

const tools = locateMediaTools();
const skipReason = hasEspeak() ? null : ESPEAK_MISSING;
if (skipReason) console.warn(`speech-detection tests skipped: ${skipReason}`);

/** Union of both speakers' spans: what a single mixed track should call speech (the script has no overlaps). */
function union(a: readonly Span[], b: readonly Span[]): Span[] {
  return [...a, ...b].sort((x, y) => x[0] - y[0]);
}

async function participantSegments(fx: SpeechFixture): Promise<Interval[][]> {
  const passes = await Promise.all(
    [fx.coachTrack, fx.clientTrack].map((path) =>
      runAudioPass({ ffmpeg: tools.ffmpeg, path, durationS: fx.durationS, speechOnly: true }),
    ),
  );
  return detectSpeech(
    passes.map((p) => ({ features: p.speechFeatures, endS: Math.min(fx.durationS, p.decodedS) })),
    'refined',
    true,
  );
}

describe.skipIf(skipReason !== null)(
  `speech detection per condition${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    let dir: string;
    let clean: CleanSpeech;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'filmroom-speech-'));
      clean = cleanSpeech(join(dir, 'clean'));
    }, 120_000);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    describe.each(CONDITIONS.map((c, i) => ({ ...c, i })))('$name', (condition) => {
      let fx: SpeechFixture;
      let data: AnalysisData;
      const messages = new Set<string>();
      beforeAll(async () => {
        fx = buildCondition(join(dir, `c${condition.i}`), clean, condition, condition.i + 1);
        data = await analyzeFile(fx.mixed, {
          tools,
          outDir: join(dir, `out${condition.i}`),
          analysisType: 'audio',
          participants: [
            { name: 'coach', path: fx.coachTrack },
            { name: 'client', path: fx.clientTrack },
          ],
          onProgress: (_pct, message) => messages.add(message),
        });
      }, 180_000);

      it('each participant track: talk time within 3%, every utterance boundary within 0.25 s', async () => {
        const [coach, client] = await participantSegments(fx);
        for (const [truth, found] of [
          [fx.truth.coach, coach ?? []],
          [fx.truth.client, client ?? []],
        ] as const) {
          const score = scoreSpeech(truth, found);
          expect(score.talkError, JSON.stringify({ score, found })).toBeLessThan(0.03);
          expect(score.boundaryError, JSON.stringify({ score, found })).toBeLessThan(0.25);
        }
      });

      it('the analysis result: per-speaker talk time within 3%, shares add up, figures follow the segments', () => {
        const speakers = data.speakers;
        expect(speakers?.source).toBe('participant_audio');
        const byName = new Map(speakers?.per_speaker.map((s) => [s.name, s]));
        const coachS = spanTotal(fx.truth.coach);
        const clientS = spanTotal(fx.truth.client);
        expect(Math.abs((byName.get('coach')?.talk_time_s ?? 0) - coachS) / coachS).toBeLessThan(0.03);
        expect(Math.abs((byName.get('client')?.talk_time_s ?? 0) - clientS) / clientS).toBeLessThan(0.03);
        const shares = (speakers?.per_speaker ?? []).reduce((a, s) => a + s.share, 0);
        expect(shares).toBeCloseTo(1, 2);
        // The script alternates coach/client nine times: eight switches, no overlap.
        expect(speakers?.switches).toBe(fx.truth.coach.length + fx.truth.client.length - 1);
        expect(speakers?.overlap.count).toBe(0);
        expect([...messages]).toEqual(
          expect.arrayContaining(['Analyzing audio: estimating talk time', 'Refining speech detection']),
        );
      });

      it('the single mixed track: total talk time within 3%, boundaries within 0.25 s', () => {
        const truth = union(fx.truth.coach, fx.truth.client);
        const score = scoreSpeech(truth, data.speech?.segments ?? []);
        expect(score.talkError, JSON.stringify(score)).toBeLessThan(0.03);
        expect(score.boundaryError, JSON.stringify(score)).toBeLessThan(0.25);
      });
    });

    it('a caller-set silence level still uses the fixed threshold (and so hears −46 dBFS noise as speech)', async () => {
      const fx = buildCondition(join(dir, 'fixed'), clean, { name: 'fixed', noise: { kind: 'pink', db: -46 } }, 99);
      const data = await analyzeFile(fx.mixed, {
        tools,
        outDir: join(dir, 'out-fixed'),
        analysisType: 'audio',
        noiseDb: -50,
      });
      expect(data.speech?.talk_time_s ?? 0).toBeGreaterThan(fx.durationS * 0.9);
    }, 180_000);
  },
);
