/**
 * Diarization accuracy (issue 23): the generated corpus (tests/helpers/diarization-corpus.ts) through the real
 * stage 1 + diarization path, scored per case (DER with a 0.25 s collar, worst share error, boundary error), for the
 * dev set and the held-out set; then the time per hour on a long generated meeting.
 *
 *   npx tsx bench/diarization.ts [--set dev|held_out|both|none] [--duration 90] [--timing 600]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { probeMedia } from '../main/analysis/probe.js';
import { diarizeStage1, runStage1 } from '../main/analysis/stage1-audio.js';
import { locateMediaTools } from '../main/platform/ffmpeg-locate.js';
import {
  buildConversation,
  corpusCases,
  DEV_ROOMS,
  DEV_VOICES,
  type Case,
} from '../tests/helpers/diarization-corpus.js';
import { scoreDiarization, type DiarizationScore } from '../tests/helpers/diarization-scoring.js';
import { ESPEAK_MISSING, hasEspeak } from '../tests/helpers/speech-fixtures.js';

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

export interface CaseResult extends DiarizationScore {
  name: string;
  truthSpeakers: number;
  confidence: number;
  seconds: number;
}

/** Runs one case the way the app does: stage 1 (first estimate), then diarization of the kept PCM. */
export async function runCase(dir: string, cache: string, c: Case): Promise<CaseResult> {
  const conv = buildConversation(dir, cache, c);
  const tools = locateMediaTools();
  const media = await probeMedia(conv.path, { ffprobe: tools.ffprobe });
  const t0 = process.hrtime.bigint();
  const s1 = diarizeStage1(await runStage1({ tools, path: conv.path, media }), media.duration);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const hyp = s1.speakers?.per_speaker.map((p) => p.segments) ?? [];
  return {
    name: c.name,
    truthSpeakers: c.voices.length,
    confidence: s1.speakers?.confidence ?? 0,
    seconds,
    ...scoreDiarization(conv.truth, hyp, conv.durationS),
  };
}

function table(title: string, rows: CaseResult[]): string {
  const lines = [
    `${title}`,
    '| case | speakers (found) | DER % | worst share err pts | boundary err s | confidence |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.truthSpeakers} (${r.speakersFound}) | ${round(r.der * 100, 1)} | ${round(r.shareErrorPts, 1)} | ${round(r.boundaryErrorS, 2)} | ${r.confidence} |`,
    ),
  ];
  const mean = (f: (r: CaseResult) => number): number => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  lines.push(
    `| **mean** | ${round(mean((r) => (r.speakersFound === r.truthSpeakers ? 1 : 0)) * 100, 0)} % right count | ${round(mean((r) => r.der) * 100, 1)} | ${round(
      mean((r) => r.shareErrorPts),
      1,
    )} | ${round(
      mean((r) => r.boundaryErrorS),
      2,
    )} | |`,
  );
  return lines.join('\n');
}

/** Diarization time per hour: a long 3-speaker meeting, stage 1 then diarization, each timed. */
async function timing(dir: string, cache: string, durationS: number): Promise<Record<string, number>> {
  const c: Case = {
    name: 'timing',
    voices: [DEV_VOICES[0]!, DEV_VOICES[1]!, DEV_VOICES[2]!],
    room: DEV_ROOMS[1]!,
    durationS,
    seed: 4242,
  };
  const conv = buildConversation(dir, cache, c);
  const tools = locateMediaTools();
  const media = await probeMedia(conv.path, { ffprobe: tools.ffprobe });
  let t0 = process.hrtime.bigint();
  const s1 = await runStage1({ tools, path: conv.path, media });
  const stage1S = Number(process.hrtime.bigint() - t0) / 1e9;
  t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const s1d = diarizeStage1(s1, media.duration);
  const diarizeS = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  // CPU time is what an idle 2-core machine would take (diarization is one thread, no ffmpeg); wall time on a
  // shared machine is that stretched by the load.
  const diarizeCpuS = (cpu.user + cpu.system) / 1e6;
  const score = scoreDiarization(conv.truth, s1d.speakers?.per_speaker.map((p) => p.segments) ?? [], durationS);
  const perHour = 3600 / durationS;
  return {
    timing_audio_s: durationS,
    stage1_s: round(stage1S),
    diarization_s: round(diarizeS),
    diarization_s_per_hour: round(diarizeS * perHour, 2),
    diarization_cpu_s: round(diarizeCpuS),
    diarization_cpu_s_per_hour: round(diarizeCpuS * perHour, 2),
    stage1_plus_diarization_s_per_hour: round((stage1S + diarizeS) * perHour, 2),
    timing_case_der_pct: round(score.der * 100, 1),
  };
}

export async function benchDiarization(
  opts: { set?: 'dev' | 'held_out' | 'both' | 'none'; durationS?: number; timingS?: number } = {},
): Promise<Record<string, number>> {
  if (!hasEspeak()) throw new Error(ESPEAK_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-diarization-'));
  const cache = join(tmpdir(), 'filmroom-espeak-cache');
  const result: Record<string, number> = {};
  try {
    const sets =
      opts.set === 'both' || !opts.set ? (['dev', 'held_out'] as const) : opts.set === 'none' ? [] : [opts.set];
    for (const set of sets) {
      const rows: CaseResult[] = [];
      for (const c of corpusCases(set, opts.durationS ?? 90)) rows.push(await runCase(join(dir, set), cache, c));
      console.error(table(`\n${set} set`, rows));
      const mean = (f: (r: CaseResult) => number): number => rows.reduce((a, r) => a + f(r), 0) / rows.length;
      result[`${set}.mean_der_pct`] = round(mean((r) => r.der) * 100, 2);
      result[`${set}.worst_der_pct`] = round(Math.max(...rows.map((r) => r.der)) * 100, 2);
      result[`${set}.mean_share_err_pts`] = round(
        mean((r) => r.shareErrorPts),
        2,
      );
      result[`${set}.worst_share_err_pts`] = round(Math.max(...rows.map((r) => r.shareErrorPts)), 2);
      result[`${set}.mean_boundary_err_s`] = round(
        mean((r) => r.boundaryErrorS),
        3,
      );
      result[`${set}.right_speaker_count_pct`] = round(
        mean((r) => (r.speakersFound === r.truthSpeakers ? 1 : 0)) * 100,
        1,
      );
    }
    if (opts.timingS !== 0) Object.assign(result, await timing(dir, cache, opts.timingS ?? 600));
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name: string): string | undefined => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  benchDiarization({
    set: arg('--set') as 'dev' | 'held_out' | 'both' | 'none' | undefined,
    durationS: arg('--duration') ? Number(arg('--duration')) : undefined,
    timingS: arg('--timing') ? Number(arg('--timing')) : undefined,
  })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
