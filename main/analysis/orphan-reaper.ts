/**
 * A process killed with SIGKILL cannot take its ffmpeg children along (Node has no parent-death signal), and
 * ffmpeg ignores the broken pipe. So the analysis handler writes every child's pid next to its output, and the
 * next attempt of the same job kills the ones still running — only after checking (Linux /proc) that the pid
 * still belongs to an ffmpeg reading this job's input, as pids get reused. Elsewhere nothing is killed.
 */
import { appendFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const PID_FILE = '.ffmpeg-pids';

export function recordChildPid(outDir: string, pid: number): void {
  mkdirSync(outDir, { recursive: true });
  appendFileSync(join(outDir, PID_FILE), `${pid}\n`);
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

/** Kills leftovers of an earlier attempt on `inputPath`; returns the pids killed. */
export function reapOrphans(outDir: string, inputPath: string): number[] {
  let text: string;
  try {
    text = readFileSync(join(outDir, PID_FILE), 'utf8');
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const pid of text
    .split('\n')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)) {
    const cmd = commandLine(pid);
    if (!cmd || !/ff(mpeg|probe)/.test(cmd) || !cmd.includes(inputPath)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      /* already gone */
    }
  }
  rmSync(join(outDir, PID_FILE), { force: true });
  return killed;
}

/** After an attempt ends normally every child is gone: the record is no longer needed. */
export function clearChildPids(outDir: string): void {
  rmSync(join(outDir, PID_FILE), { force: true });
}
