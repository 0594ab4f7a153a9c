/**
 * Diarization accuracy (issue 23): the generated corpus by condition (tests/helpers/diarization-conditions.ts: one
 * factor varied at a time) through the real stage 1 + diarization path, scored per condition (DER with a 0.25 s
 * collar, worst share error, boundary error, diarization CPU per hour of audio), for the dev set and the held-out set;
 * then the time per hour on a long generated meeting.
 *
 *   npx tsx bench/diarization.ts [--set dev|held_out|held_out_2|both|all|none] [--duration 90] [--timing 600] [--only <factor>]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { probeMedia } from '../main/analysis/probe.js';
import { diarizeStage1, runStage1 } from '../main/analysis/stage1-audio.js';
import { locateMediaTools } from '../main/platform/ffmpeg-locate.js';
import { buildConversation, DEV_VOICES, type Case } from '../tests/helpers/diarization-corpus.js';
import { conditionCases, type ConditionCase, type CorpusSet } from '../tests/helpers/diarization-conditions.js';
import { scoreDiarization, type DiarizationScore } from '../tests/helpers/diarization-scoring.js';
import { ESPEAK_MISSING, hasEspeak } from '../tests/helpers/speech-fixtures.js';

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const cpuS = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};
export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/−/g, '-')
    .replace(/[^a-z0-9-]+/g, '_')
    .replace(/^_|_$/g, '');

export interface CaseResult extends DiarizationScore {
  name: string;
  factor: string;
  value: string;
  truthSpeakers: number;
  confidence: number;
  /** Diarization CPU seconds per hour of audio (after stage 1; one thread). */
  cpuSPerHour: number;
}

/** Runs one case the way the app does: stage 1 (first estimate), then diarization of the kept PCM. */
export async function runCase(dir: string, cache: string, c: ConditionCase): Promise<CaseResult> {
  const conv = buildConversation(dir, cache, c);
  const tools = locateMediaTools();
  const media = await probeMedia(conv.path, { ffprobe: tools.ffprobe });
  const s1 = await runStage1({ tools, path: conv.path, media });
  const cpu0 = process.cpuUsage();
  const s1d = diarizeStage1(s1, media.duration);
  const cpu = cpuS(cpu0);
  const hyp = s1d.speakers?.per_speaker.map((p) => p.segments) ?? [];
  return {
    name: c.name,
    factor: c.factor,
    value: c.value,
    truthSpeakers: c.voices.length,
    confidence: s1d.speakers?.confidence ?? 0,
    cpuSPerHour: (cpu * 3600) / conv.durationS,
    ...scoreDiarization(conv.truth, hyp, conv.durationS),
  };
}

const ok = (r: CaseResult): boolean => r.der <= 0.1 && r.shareErrorPts <= 3;

export function table(title: string, rows: CaseResult[]): string {
  const lines = [
    `${title}`,
    '| factor | value | speakers (found) | DER % | worst share err pts | boundary err s | confidence | CPU s/h | goals |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.factor} | ${r.value} | ${r.truthSpeakers} (${r.speakersFound}) | ${round(r.der * 100, 1)} | ${round(r.shareErrorPts, 1)} | ${round(r.boundaryErrorS, 2)} | ${r.confidence} | ${round(r.cpuSPerHour, 1)} | ${ok(r) ? 'met' : '**missed**'} |`,
    ),
  ];
  const mean = (f: (r: CaseResult) => number): number => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  lines.push(
    `| **mean** | ${rows.filter(ok).length}/${rows.length} met | ${round(mean((r) => (r.speakersFound === r.truthSpeakers ? 1 : 0)) * 100, 0)} % right count | ${round(mean((r) => r.der) * 100, 1)} | ${round(
      mean((r) => r.shareErrorPts),
      1,
    )} | ${round(
      mean((r) => r.boundaryErrorS),
      2,
    )} | | ${round(
      mean((r) => r.cpuSPerHour),
      1,
    )} | |`,
  );
  return lines.join('\n');
}

/** Per number of speakers: conditions, met, mean and worst DER and share error. */
export function bySpeakers(set: string, rows: CaseResult[]): string {
  const lines = [
    `${set} by number of speakers`,
    '| speakers | conditions | met | right count | mean DER % | worst DER % | mean share err pts | worst share err pts |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const k of [2, 3, 4]) {
    const g = rows.filter((r) => r.truthSpeakers === k);
    if (g.length === 0) continue;
    const mean = (f: (r: CaseResult) => number): number => g.reduce((a, r) => a + f(r), 0) / g.length;
    const worst = (f: (r: CaseResult) => number): number => Math.max(...g.map(f));
    lines.push(
      `| ${k} | ${g.length} | ${g.filter(ok).length} | ${g.filter((r) => r.speakersFound === k).length} | ${round(mean((r) => r.der) * 100, 1)} | ${round(worst((r) => r.der) * 100, 1)} | ${round(
        mean((r) => r.shareErrorPts),
        1,
      )} | ${round(
        worst((r) => r.shareErrorPts),
        1,
      )} |`,
    );
  }
  return lines.join('\n');
}

/** Diarization time per hour: a long 3-speaker meeting, stage 1 then diarization, each timed. */
async function timing(dir: string, cache: string, durationS: number): Promise<Record<string, number>> {
  const c: Case = {
    name: 'timing',
    voices: [DEV_VOICES[0]!, DEV_VOICES[1]!, DEV_VOICES[2]!],
    room: { reverb: 40, noise: { kind: 'pink', db: -46 }, codec: 'aac64', rateHz: 48000 },
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

export interface BenchDiarizationOptions {
  /** both: dev and held_out; all (default): those and held_out_2. */
  set?: CorpusSet | 'both' | 'all' | 'none';
  durationS?: number;
  timingS?: number;
  /** Only the conditions whose factor or name contains this. */
  only?: string;
}

export async function benchDiarization(opts: BenchDiarizationOptions = {}): Promise<Record<string, number>> {
  if (!hasEspeak()) throw new Error(ESPEAK_MISSING);
  const dir = mkdtempSync(join(tmpdir(), 'filmroom-diarization-'));
  const cache = join(tmpdir(), 'filmroom-espeak-cache');
  const result: Record<string, number> = {};
  try {
    const sets: readonly CorpusSet[] =
      opts.set === 'all' || !opts.set
        ? ['dev', 'held_out', 'held_out_2']
        : opts.set === 'both'
          ? ['dev', 'held_out']
          : opts.set === 'none'
            ? []
            : [opts.set];
    for (const set of sets) {
      const rows: CaseResult[] = [];
      const cases = conditionCases(set, opts.durationS ?? 90).filter((c) => !opts.only || c.name.includes(opts.only));
      for (const c of cases) {
        const r = await runCase(join(dir, set), cache, c);
        rows.push(r);
        const key = `${set}.${slug(r.name)}`;
        result[`${key}.der_pct`] = round(r.der * 100, 2);
        result[`${key}.share_err_pts`] = round(r.shareErrorPts, 2);
        result[`${key}.boundary_err_s`] = round(r.boundaryErrorS, 3);
        result[`${key}.speakers_found`] = r.speakersFound;
        result[`${key}.cpu_s_per_hour`] = round(r.cpuSPerHour, 2);
      }
      console.error(table(`\n${set} set (${opts.durationS ?? 90} s per condition)`, rows));
      console.error(bySpeakers(set, rows));
      for (const k of [2, 3, 4]) {
        const g = rows.filter((r) => r.truthSpeakers === k);
        if (g.length === 0) continue;
        result[`${set}.speakers_${k}.mean_der_pct`] = round((g.reduce((a, r) => a + r.der, 0) / g.length) * 100, 2);
        result[`${set}.speakers_${k}.mean_share_err_pts`] = round(
          g.reduce((a, r) => a + r.shareErrorPts, 0) / g.length,
          2,
        );
      }
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
      result[`${set}.conditions_meeting_goals`] = rows.filter(ok).length;
      result[`${set}.conditions`] = rows.length;
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
    set: arg('--set') as BenchDiarizationOptions['set'],
    only: arg('--only'),
    durationS: arg('--duration') ? Number(arg('--duration')) : undefined,
    timingS: arg('--timing') ? Number(arg('--timing')) : undefined,
  })
    .then((r) => console.log(JSON.stringify(r, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
