/**
 * `filmroom serve` (and `filmroom restore --from-bucket`) as real child processes for the soak. Each runs in its own
 * process group so that what a killed server leaves running (analysis workers, ffmpeg) can be seen, and removed at
 * the end; a kill during the soak signals the server's own pid only, as a crash would.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const REPO = resolve(import.meta.dirname, '..', '..');
const BIN = join(REPO, 'bin', 'filmroom.js');

export interface Proc {
  child: ChildProcess;
  pid: number;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  alive(): boolean;
  kill9(): Promise<void>;
}

/** Every process group the soak created: signalled at the end so nothing outlives the run. */
const groups = new Set<number>();

export function spawnCli(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, FILMROOM_WATCH_FOLDERS: '0', ...env },
  });
  const pid = child.pid!;
  groups.add(pid);
  let out = '';
  const keep = (c: Buffer) => {
    out += c.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid,
    exited,
    output: () => out,
    alive,
    async kill9() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Is any process of this group (a server and what it spawned) still running? */
/**
 * The live members of a process group, as `pid command` lines. A zombie (state Z: exited, not yet reaped by whoever
 * inherited it) runs nothing and is not counted. Without /proc (not Linux): whether the group exists at all.
 */
export function groupMembers(pgid: number): string[] {
  if (!existsSync('/proc/self/stat')) {
    try {
      process.kill(-pgid, 0);
      return [`process group ${pgid}`];
    } catch {
      return [];
    }
  }
  const members: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so split after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) !== pgid || state === 'Z') continue;
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim().slice(0, 160);
    } catch {
      /* gone meanwhile */
    }
    members.push(`${entry} ${cmd}`);
  }
  return members;
}

export function killAllGroups(): void {
  for (const g of groups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  groups.clear();
}

export interface Serve extends Proc {
  url: string;
  token: string;
  /** ms from spawn to api.json (listening). */
  listenMs: number;
}

/** Starts `filmroom serve --port 0`; resolves once its own api.json is written (null if it exits or `abortAt` fires). */
export async function startServe(
  dataDir: string,
  env: Record<string, string>,
  timeoutMs: number,
  killAfterMs: number | null = null,
): Promise<{ serve: Serve | null; proc: Proc; killedEarly: boolean; ms: number }> {
  const info = join(dataDir, 'api.json');
  rmSync(info, { force: true });
  const proc = spawnCli(['serve', '--data-dir', dataDir, '--port', '0'], env);
  const began = Date.now();
  for (;;) {
    const ms = Date.now() - began;
    if (!proc.alive()) return { serve: null, proc, killedEarly: false, ms };
    if (killAfterMs !== null && ms >= killAfterMs) {
      await proc.kill9();
      return { serve: null, proc, killedEarly: true, ms };
    }
    if (existsSync(info)) {
      try {
        const parsed = JSON.parse(readFileSync(info, 'utf8')) as { url: string; pid: number };
        if (parsed.pid === proc.pid) {
          const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
          return { serve: { ...proc, url: parsed.url, token, listenMs: ms }, proc, killedEarly: false, ms };
        }
      } catch {
        /* half-written */
      }
    }
    if (ms > timeoutMs) {
      await proc.kill9();
      return { serve: null, proc, killedEarly: false, ms };
    }
    await sleep(killAfterMs !== null ? 5 : 20);
  }
}
