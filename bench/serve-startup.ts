/**
 * `serve_startup`: how soon `filmroom serve` on a 1M-session library (FILMROOM_BENCH_LIST_DIR, as list_shapes:
 * seeded once, reused) answers its first request and its first list, from the spawn of `bin/filmroom.js` — what a
 * user waits for after starting it (issue 22: ≤ 0.5 s to answer, ≤ 0.7 s to the first list). Medians of a few
 * rounds. FILMROOM_BENCH_BASELINE=<another checkout> runs that checkout's `filmroom` on the same library in the same
 * rounds (before/after). `answer_cpu_ms`: the server's CPU time until it answered (Linux), the figure to compare on
 * a shared machine, where the wall times mostly measure the wait for a core.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSeeded } from './list-shapes.js';

const REPO = resolve(import.meta.dirname, '..');

interface Startup {
  answer_ms: number;
  first_list_ms: number;
  /** CPU the server process had used when it answered (user + system, Linux); null elsewhere. */
  answer_cpu_ms: number | null;
}

/**
 * CPU time a process has used so far, from /proc (Linux): on a loaded machine the wall times above mostly measure
 * the queue for a core, this what start-up itself costs.
 */
function cpuMsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return null;
  }
}

async function startOnce(checkout: string, dataDir: string): Promise<Startup> {
  const info = join(dataDir, 'api.json');
  rmSync(info, { force: true });
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [join(checkout, 'bin', 'filmroom.js'), 'serve', '--data-dir', dataDir, '--port', '0'],
    {
      cwd: checkout,
      stdio: 'ignore',
      env: { ...process.env, FILMROOM_AUTO_ANALYZE: '0', FILMROOM_WATCH_FOLDERS: '0' },
    },
  );
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  try {
    let url: string | null = null;
    while (url === null) {
      if (child.exitCode !== null) throw new Error('filmroom serve exited early');
      if (performance.now() - started > 60_000) throw new Error('filmroom serve did not start within 60 s');
      if (existsSync(info)) {
        try {
          const parsed = JSON.parse(readFileSync(info, 'utf8')) as { url: string; pid: number };
          if (parsed.pid === child.pid) url = parsed.url;
        } catch {
          // being written
        }
      }
      if (url === null) await sleep(2);
    }
    const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
    const headers = { authorization: `Bearer ${token}` };
    const health = await fetch(`${url}/api/v1/health`, { headers });
    await health.arrayBuffer();
    if (health.status !== 200) throw new Error(`health answered ${health.status}`);
    const answer = performance.now() - started;
    const answerCpu = cpuMsOf(child.pid!);
    const list = await fetch(`${url}/api/v1/sessions?limit=50`, { headers });
    await list.arrayBuffer();
    if (list.status !== 200) throw new Error(`list answered ${list.status}`);
    return { answer_ms: answer, first_list_ms: performance.now() - started, answer_cpu_ms: answerCpu };
  } finally {
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchServeStartup(
  options: { rounds?: number; baseline?: string | null } = {},
): Promise<Record<string, number>> {
  const rounds = options.rounds ?? 5;
  const reuse = process.env.FILMROOM_BENCH_LIST_DIR;
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'filmroom-bench-startup-1m-'));
  try {
    await openSeeded(dir, 1_000_000);
    const checkouts: [string, string][] = [['', REPO]];
    if (options.baseline) checkouts.push(['baseline_', resolve(options.baseline)]);
    const runs = new Map<string, Startup[]>(checkouts.map(([label]) => [label, []]));
    await startOnce(REPO, dir); // a first start pays for cold files and caches; not counted
    for (let round = 0; round < rounds; round++) {
      for (const [label, checkout] of checkouts) runs.get(label)!.push(await startOnce(checkout, dir));
    }
    const out: Record<string, number> = {};
    for (const [label, figures] of runs) {
      out[`${label}answer_ms`] = Math.round(median(figures.map((f) => f.answer_ms)));
      out[`${label}first_list_ms`] = Math.round(median(figures.map((f) => f.first_list_ms)));
      const cpu = figures.flatMap((f) => (f.answer_cpu_ms === null ? [] : [f.answer_cpu_ms]));
      if (cpu.length > 0) out[`${label}answer_cpu_ms`] = Math.round(median(cpu));
    }
    return out;
  } finally {
    if (!reuse) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === import.meta.filename) {
  console.log(JSON.stringify(await benchServeStartup({ baseline: process.env.FILMROOM_BENCH_BASELINE ?? null })));
}
