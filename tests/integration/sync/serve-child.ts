/** `filmroom serve` as a child process with S3 settings in its environment (not a test file). */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { apiRequest, type ApiResponse, type Loose, type RequestOptions } from '../../helpers/server.js';
import { spawnFilmroom, type Child } from '../import-api/child-process.js';

export interface SyncServeChild extends Child {
  api<T = Loose>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  stop(): Promise<void>;
}

export async function startServeWithEnv(
  dataDir: string,
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<SyncServeChild> {
  const info = join(dataDir, 'api.json');
  rmSync(info, { force: true });
  const c = spawnFilmroom(['serve', '--data-dir', dataDir, '--port', '0'], { FILMROOM_LOG_LEVEL: 'warn', ...env });
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
