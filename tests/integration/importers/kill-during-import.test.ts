import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadToPart, type DownloadCheckpoint } from '../../../main/library/download/resumable-download.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-kill-'));
const CHILD = join(import.meta.dirname, 'kill-child.ts');
const BODY = randomBytes(4 * 1024 * 1024);
const SHA = createHash('sha256').update(BODY).digest('hex');
const requests: IncomingHttpHeaders[] = [];
let server: Server;
let base = '';

beforeAll(async () => {
  // Sends slowly (64 KiB every 10 ms) so the child can be killed mid-transfer; honours Range + If-Range.
  server = createServer((req, res) => {
    requests.push(req.headers);
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range && req.headers['if-range'] === '"k1"' ? Number(range[1]) : 0;
    const headers = { etag: '"k1"', 'content-type': 'video/mp4', 'content-length': BODY.length - start };
    if (start > 0)
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${BODY.length - 1}/${BODY.length}` });
    else res.writeHead(200, headers);
    let offset = start;
    const timer = setInterval(() => {
      if (offset >= BODY.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(BODY.subarray(offset, offset + 64 * 1024));
      offset += 64 * 1024;
    }, 10);
    res.on('close', () => clearInterval(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

function startChild(args: string[]): { child: ChildProcess; exited: Promise<NodeJS.Signals | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  return { child, exited };
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await sleep(10);
  }
}

describe('kill -9 during an import', () => {
  it('during a copy: the final file never exists, only the .part (which start-up recovery removes)', async () => {
    // The source is a pipe that delivers 1 MiB and then stalls, so the kill always lands mid-copy.
    const src = join(dir, 'stalling.fifo');
    execFileSync('mkfifo', [src]);
    const feeder = spawn('sh', [
      '-c',
      'head -c 1048576 /dev/urandom > "$0.tmp"; exec 3>"$0"; cat "$0.tmp" >&3; exec sleep 60',
      src,
    ]);
    const dest = join(dir, 'lib', 'recording.mp4');
    const { child, exited } = startChild(['copy', src, dest]);
    let progressed = false;
    child.stdout!.on('data', (chunk: Buffer) => (progressed ||= /\d/.test(chunk.toString())));
    try {
      await until(() => progressed);
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      feeder.kill('SIGKILL');
    }
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(true);
  });

  it('during a download: a new process resumes from the persisted checkpoint with Range, and the sha covers the whole file', async () => {
    const part = join(dir, 'download.mp4.part');
    const checkpointFile = join(dir, 'checkpoint.json');
    const { child, exited } = startChild(['download', `${base}/rec.mp4`, part, checkpointFile]);
    const saved = (): DownloadCheckpoint | null => {
      try {
        return JSON.parse(readFileSync(checkpointFile, 'utf8')) as DownloadCheckpoint;
      } catch {
        return null; // not written yet
      }
    };
    await until(() => (saved()?.bytes ?? 0) >= 512 * 1024);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const checkpoint = saved()!;
    expect(checkpoint.bytes).toBeLessThan(BODY.length);
    expect(statSync(part).size).toBeGreaterThanOrEqual(checkpoint.bytes);

    requests.length = 0;
    const result = await downloadToPart(`${base}/rec.mp4`, part, { resumeFrom: checkpoint });
    expect(result.sha256).toBe(SHA);
    expect(readFileSync(part).equals(BODY)).toBe(true);
    expect(requests.map((r) => [r.range, r['if-range']])).toEqual([[`bytes=${checkpoint.bytes}-`, '"k1"']]);
  });
});
