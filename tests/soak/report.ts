import { availableParallelism } from 'node:os';

/** The soak's result and the table it prints. */
export interface SoakReport {
  seed: number;
  kills: number;
  rounds: number;
  steps: number;
  ms: number;
  sessions: number;
  /** The server's own start-up time (library opened, recovery done, listening) and spawn → listening. */
  startMs: number[];
  /** The machine's 1-minute load average at each start (same order as `startMs`): the 1 s budget means little on
   * two cores shared with ten other processes, so the report splits start-up by load. */
  startLoad: number[];
  spawnMs: number[];
  diskFull: string;
  killsByPhase: Record<string, number>;
  /** Where the soak's own time went (ms per part of a round, summed over rounds). */
  timeMs: Record<string, number>;
  checks: Record<string, { run: number; failed: number }>;
  failures: { check: string; detail: string; step: number; round: number }[];
}

export function emptyReport(seed: number): SoakReport {
  return {
    seed,
    kills: 0,
    rounds: 0,
    steps: 0,
    ms: 0,
    sessions: 0,
    startMs: [],
    startLoad: [],
    spawnMs: [],
    diskFull: '',
    killsByPhase: {},
    timeMs: {},
    checks: {},
    failures: [],
  };
}

function table(title: string, rows: [string, string | number][]): string {
  const width = Math.max(title.length, ...rows.map(([k]) => k.length));
  return [title, ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`)].join('\n');
}

export function formatReport(r: SoakReport): string {
  const pct = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  };
  const parts = [
    `Soak: seed ${r.seed}, ${r.kills} kills in ${r.rounds} rounds, ${r.steps} steps, ${(r.ms / 1000).toFixed(0)} s; ` +
      `${r.sessions} sessions at the end`,
    `Start-up after a kill (library opened, listening; recovery follows): p50 ${pct(r.startMs, 0.5)} ms, max ${pct(r.startMs, 1)} ms; ` +
      `spawn to listening (node + tsx included, machine load shows here): p50 ${pct(r.spawnMs, 0.5)} ms`,
    startByLoad(r, pct),
    `Disk full: ${r.diskFull}`,
    table(
      'Kills by phase',
      Object.entries(r.killsByPhase)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => [k, v]),
    ),
    table(
      'Time per part of a round (s, all rounds)',
      Object.entries(r.timeMs).map(([k, v]) => [
        k,
        `${(v / 1000).toFixed(1)} (${r.rounds ? (v / r.rounds / 1000).toFixed(2) : 0} per round)`,
      ]),
    ),
    table(
      'Invariant checks (runs / failed)',
      Object.entries(r.checks).map(([k, v]) => [k, `${v.run} / ${v.failed}`]),
    ),
    r.failures.length === 0
      ? 'Failures: none'
      : table(
          `Failures: ${r.failures.length} (replay: npm run soak -- --seed ${r.seed} --kills ${r.kills})`,
          r.failures
            .slice(0, 60)
            .map((f) => [`round ${f.round} step ${f.step}`, `${f.check}: ${f.detail.slice(0, 400)}`]),
        ),
  ];
  return parts.join('\n\n');
}

/** Start-up split by the machine's load at the time: at most one runnable process per core, and busier. */
function startByLoad(r: SoakReport, pct: (list: number[], p: number) => number): string {
  const cores = availableParallelism();
  const line = (name: string, keep: (load: number) => boolean) => {
    const ms = r.startMs.filter((_, i) => keep(r.startLoad[i] ?? 0));
    const over = ms.filter((v) => v > 1000).length;
    return `  ${name}: ${ms.length} starts, p50 ${pct(ms, 0.5)} ms, max ${pct(ms, 1)} ms, over 1 s ${over}`;
  };
  return [
    `Start-up by machine load (1-minute load average, ${cores} cores)`,
    line(`load <= ${cores}`, (l) => l <= cores),
    line(`load > ${cores}`, (l) => l > cores),
  ].join('\n');
}
