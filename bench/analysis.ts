/**
 * Analysis benchmark: a 10-minute 720p fixture (testsrc2 + speech-like tone, generated once and cached; generation
 * is not timed), full analysis vs a bare `ffmpeg -i f -f null -` decode of the same file in the same run.
 * Goals (issue 4): analysis_s / bare_decode_s ≤ 1.2; stage-1 results within 15 s for a 1 h recording.
 * The analysis runs twice: in this process (its CPU time is measurable here), then the way the app runs it, in the
 * analysis worker process (`*_in_worker`: wall time only, as the worker's children are not ours to account).
 *
 *   npx tsx bench/analysis.ts [--duration 600] [--size 1280x720]
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyzeFile } from '../main/analysis/analyze-file.js';
import { runProcess } from '../main/analysis/ffmpeg/run-ffmpeg.js';
import { forkLauncher } from '../main/analysis/worker/worker-channel.js';
import { AnalysisWorkerClient } from '../main/analysis/worker/worker-client.js';
import { sourceWorkerScript } from '../main/analysis/worker/worker-script.js';
import { locateMediaTools } from '../main/platform/ffmpeg-locate.js';
import { createLongFixture } from '../tests/helpers/analysis-fixtures.js';

export interface BenchAnalysisOptions {
  durationS?: number;
  size?: string;
  /** Where the fixture is cached between runs. */
  dir?: string;
}

const seconds = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e9;

/**
 * CPU seconds used by finished child processes (Linux /proc: cutime + cstime). Wall times on a shared machine
 * swing with other load; CPU time shows what the analysis itself costs. NaN where /proc is missing.
 */
function childrenCpuS(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17, in clock ticks (100 Hz on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return NaN;
  }
}
const round = (x: number): number => Math.round(x * 1000) / 1000;

export async function benchAnalysis(opts: BenchAnalysisOptions = {}): Promise<Record<string, number>> {
  const durationS = opts.durationS ?? 600;
  const size = opts.size ?? '1280x720';
  const dir = opts.dir ?? join(tmpdir(), 'filmroom-bench');
  mkdirSync(dir, { recursive: true });
  const tools = locateMediaTools();
  const file = createLongFixture(dir, durationS, size);

  let cpu0 = childrenCpuS();
  let t0 = process.hrtime.bigint();
  await runProcess(tools.ffmpeg, ['-hide_banner', '-nostdin', '-i', file, '-f', 'null', '-']);
  const bareDecodeS = seconds(t0);
  const bareDecodeCpuS = childrenCpuS() - cpu0;

  const outDir = join(dir, 'out');
  rmSync(outDir, { recursive: true, force: true });
  let stage1S = NaN;
  let stage1CpuS = NaN;
  cpu0 = childrenCpuS();
  t0 = process.hrtime.bigint();
  await analyzeFile(file, {
    tools,
    outDir,
    onStage1: () => {
      stage1S = seconds(t0);
      stage1CpuS = childrenCpuS() - cpu0;
    },
  });
  const analysisS = seconds(t0);
  const analysisCpuS = childrenCpuS() - cpu0;

  const worker = new AnalysisWorkerClient(sourceWorkerScript()!, forkLauncher);
  worker.warm(); // the app starts its worker at start-up, not when the first analysis comes
  await new Promise((r) => setTimeout(r, 1000));
  rmSync(outDir, { recursive: true, force: true });
  let stage1WorkerS = NaN;
  t0 = process.hrtime.bigint();
  await worker.analyzeFile(file, { tools, outDir, onStage1: () => (stage1WorkerS = seconds(t0)) });
  const analysisWorkerS = seconds(t0);
  worker.close();

  return {
    duration_s: durationS,
    analysis_s: round(analysisS),
    bare_decode_s: round(bareDecodeS),
    ratio: round(analysisS / bareDecodeS),
    analysis_in_worker_s: round(analysisWorkerS),
    ratio_in_worker: round(analysisWorkerS / bareDecodeS),
    stage1_in_worker_s: round(stage1WorkerS),
    stage1_s: round(stage1S),
    stage1_extrapolated_1h_s: round((stage1S * 3600) / durationS),
    analysis_cpu_s: round(analysisCpuS),
    bare_decode_cpu_s: round(bareDecodeCpuS),
    stage1_cpu_s: round(stage1CpuS),
    /** Stage 1 is one single-threaded audio decode: on an idle core its wall time is about its CPU time. */
    stage1_cpu_extrapolated_1h_s: round((stage1CpuS * 3600) / durationS),
  };
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const duration = argValue('--duration');
  benchAnalysis({ durationS: duration ? Number(duration) : undefined, size: argValue('--size') })
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
