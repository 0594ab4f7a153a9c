/**
 * A process killed with SIGKILL cannot take its ffmpeg children along (Node has no parent-death signal), and
 * ffmpeg ignores the broken pipe. So the analysis handler records every child's pid, and whoever comes next kills
 * the ones still running — only after checking (Linux /proc) that the pid still belongs to an ffmpeg reading this
 * job's input, as pids get reused. Elsewhere nothing is killed.
 *
 * The records live in the data folder's `run/ffmpeg-pids/<job id>.pids` (the input path on the first line, then
 * one pid a line), not in the session's folder: a job that never runs again (cancelled by a move to the trash in
 * the instant before a kill: found by the soak) would otherwise leave a file in the library that nothing
 * references, and its ffmpeg running. Start-up reaps every record before the queue starts (`reapAllOrphans`);
 * the next attempt of a job reaps its own (`reapOrphans`), which also covers records written by older versions in
 * the analysis folder (`.ffmpeg-pids`).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const LEGACY_PID_FILE = '.ffmpeg-pids';
const RECORD = /^[A-Za-z0-9_-]{1,100}\.pids$/;

function recordPath(pidDir: string, jobId: string): string {
  if (!RECORD.test(`${jobId}.pids`)) throw new Error(`invalid job id for a pid record: ${jobId}`);
  return join(pidDir, `${jobId}.pids`);
}

export function recordChildPid(pidDir: string, jobId: string, inputPath: string, pid: number): void {
  const file = recordPath(pidDir, jobId);
  mkdirSync(pidDir, { recursive: true });
  // The input first: what a start-up sweep needs to tell this job's ffmpeg from an unrelated one with a reused pid.
  if (!existsSync(file)) appendFileSync(file, `${inputPath.replace(/\n/g, ' ')}\n`);
  appendFileSync(file, `${pid}\n`);
}

function commandLine(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return undefined;
  }
}

function killListed(pids: number[], inputPath: string): number[] {
  const killed: number[] = [];
  for (const pid of pids) {
    const cmd = commandLine(pid);
    if (!cmd || !/ff(mpeg|probe)/.test(cmd) || !cmd.includes(inputPath)) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      /* already gone */
    }
  }
  return killed;
}

const pidsOf = (lines: string[]) => lines.map(Number).filter((n) => Number.isInteger(n) && n > 0);

function readLines(file: string): string[] | null {
  try {
    return readFileSync(file, 'utf8').split('\n');
  } catch {
    return null;
  }
}

/** Kills leftovers of an earlier attempt of this job (and an older version's record in `outDir`); returns them. */
export function reapOrphans(pidDir: string, jobId: string, inputPath: string, outDir?: string): number[] {
  const killed: number[] = [];
  const file = recordPath(pidDir, jobId);
  const lines = readLines(file);
  if (lines) killed.push(...killListed(pidsOf(lines.slice(1)), inputPath));
  rmSync(file, { force: true });
  if (outDir) {
    const legacy = join(outDir, LEGACY_PID_FILE);
    const old = readLines(legacy);
    if (old) killed.push(...killListed(pidsOf(old), inputPath));
    rmSync(legacy, { force: true });
  }
  return killed;
}

/** After an attempt ends normally every child is gone: the record is no longer needed. */
export function clearChildPids(pidDir: string, jobId: string): void {
  rmSync(recordPath(pidDir, jobId), { force: true });
}

/**
 * Start-up, before any job runs: every record is of a process that is gone. Kills what of it still runs and
 * removes the records. Returns the pids killed.
 */
export function reapAllOrphans(pidDir: string): number[] {
  let names: string[];
  try {
    names = readdirSync(pidDir);
  } catch {
    return [];
  }
  const killed: number[] = [];
  for (const name of names.filter((n) => RECORD.test(n))) {
    const file = join(pidDir, name);
    const lines = readLines(file);
    const input = lines?.[0];
    if (lines && input) killed.push(...killListed(pidsOf(lines.slice(1)), input));
    rmSync(file, { force: true });
  }
  return killed;
}
