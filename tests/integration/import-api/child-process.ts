/**
 * Real `filmroom` child processes for the kill -9 tests (not a test file): `serve` on a data dir (waits for its
 * `api.json`), or a one-shot `import`. Only processes started here are ever signalled, by their pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiRequest, type ApiResponse, type Loose, type RequestOptions } from '../../helpers/server.js';

const REPO = resolve(import.meta.dirname, '..', '..', '..');
const BIN = join(REPO, 'bin', 'filmroom.js');

export interface Child {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill9(): Promise<void>;
}

/** `repo`: another checkout's `filmroom` (the S3 benchmark runs the main branch's beside this one). */
export function spawnFilmroom(args: string[], env: Record<string, string> = {}, repo = REPO): Child {
  const child = spawn(process.execPath, [repo === REPO ? BIN : join(repo, 'bin', 'filmroom.js'), ...args], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FILMROOM_AUTO_ANALYZE: '0', FILMROOM_WATCH_FOLDERS: '0', ...env },
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.on('exit', (code, signal) => res({ code, signal })),
  );
  return {
    child,
    exited,
    output: () => out,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface ServeChild extends Child {
  url: string;
  token: string;
  api<T = Loose>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Graceful stop (SIGTERM), then SIGKILL if it hangs. */
  stop(): Promise<void>;
}

/** `filmroom serve` on a data dir, with `env` added to its environment (e.g. S3 settings); waits for its api.json. */
export async function startServe(
  dataDir: string,
  env: Record<string, string> = {},
  timeoutMs = 60_000,
  repo = REPO,
): Promise<ServeChild> {
  const info = join(dataDir, 'api.json');
  rmSync(info, { force: true }); // a stale one from a killed process must not be mistaken for the new one
  const c = spawnFilmroom(['serve', '--data-dir', dataDir, '--port', '0'], env, repo);
  const started = Date.now();
  for (;;) {
    if (c.child.exitCode !== null || c.child.signalCode !== null)
      throw new Error(`filmroom serve exited early:\n${c.output()}`);
    if (existsSync(info)) {
      try {
        const parsed = JSON.parse(readFileSync(info, 'utf8')) as { url: string; pid: number };
        if (parsed.pid === c.child.pid) {
          const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
          return {
            ...c,
            url: parsed.url,
            token,
            api: (path, opts = {}) => apiRequest(parsed.url, token, path, opts),
            async stop() {
              if (c.child.exitCode !== null || c.child.signalCode !== null) return;
              c.child.kill('SIGTERM');
              const done = await Promise.race([c.exited.then(() => true), sleep(10_000).then(() => false)]);
              if (!done) await c.kill9();
            },
          };
        }
      } catch {
        /* half-written: try again */
      }
    }
    if (Date.now() - started > timeoutMs) {
      await c.kill9();
      throw new Error(`filmroom serve did not start within ${timeoutMs} ms:\n${c.output()}`);
    }
    await sleep(50);
  }
}

export async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
  stepMs = 50,
): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

/** Every file under `dir` (recursive), as absolute paths. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}
