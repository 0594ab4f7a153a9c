import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DownloadError,
  downloadToPart,
  type DownloadCheckpoint,
} from '../../../main/library/download/resumable-download.js';

/**
 * A real HTTP server on 127.0.0.1 serving one file with ETag and Range support; each test can make it drop the
 * connection part-way, fail, ignore ranges or change the file.
 */
const FILE = randomBytes(3 * 1024 * 1024 + 333);
const SHA = createHash('sha256').update(FILE).digest('hex');
const ETAG = '"v1-abc"';

interface Behaviour {
  body: Buffer;
  etag: string;
  /** Cut the connection after sending this many body bytes (for the n-th request, 0-based). */
  dropAfter?: (requestIndex: number) => number | null;
  status?: (requestIndex: number) => number | null;
  ignoreRanges?: boolean;
}

let server: Server;
let base = '';
let behaviour: Behaviour;
let requests: IncomingHttpHeaders[] = [];
const dir = mkdtempSync(join(tmpdir(), 'filmroom-dl-'));

function handle(req: IncomingMessage, res: ServerResponse): void {
  const index = requests.push(req.headers) - 1;
  const forced = behaviour.status?.(index) ?? null;
  if (forced !== null) {
    res.writeHead(forced, { 'content-type': 'text/plain' }).end('nope');
    return;
  }
  const { body, etag } = behaviour;
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  const ifRange = req.headers['if-range'];
  const honourRange = range && !behaviour.ignoreRanges && (!ifRange || ifRange === etag);
  let start = 0;
  const headers: Record<string, string | number> = {
    etag,
    'content-type': 'video/mp4',
    'accept-ranges': 'bytes',
    'content-disposition': `attachment; filename="../../Client call (2024-03-05).mp4"`,
  };
  if (honourRange) {
    start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    res.writeHead(206, {
      ...headers,
      'content-length': body.length - start,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
    });
  } else {
    res.writeHead(200, { ...headers, 'content-length': body.length });
  }
  const drop = behaviour.dropAfter?.(index) ?? null;
  const rest = body.subarray(start);
  if (drop === null) {
    res.end(rest);
    return;
  }
  res.write(rest.subarray(0, drop), () => setTimeout(() => req.socket.destroy(), 20));
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  requests = [];
});

let n = 0;
const partPath = () => join(dir, `dl-${n++}.mp4.part`);

describe('downloadToPart', () => {
  it('downloads a whole file with its metadata and a safe file name from the headers', async () => {
    behaviour = { body: FILE, etag: ETAG };
    const part = partPath();
    const result = await downloadToPart(`${base}/rec.mp4`, part);
    expect(result).toEqual({
      sha256: SHA,
      size: FILE.length,
      etag: ETAG,
      contentType: 'video/mp4',
      filenameFromHeaders: 'Client call (2024-03-05).mp4',
    });
    expect(readFileSync(part).equals(FILE)).toBe(true);
  });

  it('resumes with Range + If-Range after the server drops the connection mid-transfer, and the sha covers the whole file', async () => {
    behaviour = { body: FILE, etag: ETAG, dropAfter: (i) => (i < 2 ? 1024 * 1024 : null) };
    const part = partPath();
    const checkpoints: DownloadCheckpoint[] = [];
    const result = await downloadToPart(`${base}/rec.mp4`, part, {
      backoffMs: 10,
      onCheckpoint: (c) => checkpoints.push(c),
      checkpointEveryBytes: 256 * 1024,
    });
    expect(result.sha256).toBe(SHA);
    expect(result.size).toBe(FILE.length);
    expect(readFileSync(part).equals(FILE)).toBe(true);
    expect(requests).toHaveLength(3);
    expect(requests[0]!.range).toBeUndefined();
    // Each retry resumes where the received data ends (at most what the server sent before dropping).
    const offsets = requests.slice(1).map((r) => Number(/^bytes=(\d+)-$/.exec(r.range ?? '')?.[1]));
    expect(offsets[0]).toBeGreaterThan(0);
    expect(offsets[0]).toBeLessThanOrEqual(1024 * 1024);
    expect(offsets[1]).toBeGreaterThan(offsets[0]!);
    expect(offsets[1]).toBeLessThanOrEqual(offsets[0]! + 1024 * 1024);
    expect(requests[1]!['if-range']).toBe(ETAG);
    expect(checkpoints.at(-1)).toEqual({ bytes: FILE.length, etag: ETAG });
  });

  it('resumes from a persisted checkpoint after an "app restart" (a new call), re-hashing the prefix on disk', async () => {
    behaviour = { body: FILE, etag: ETAG };
    const part = partPath();
    const controller = new AbortController();
    let saved: DownloadCheckpoint | null = null;
    await expect(
      downloadToPart(`${base}/rec.mp4`, part, {
        signal: controller.signal,
        checkpointEveryBytes: 64 * 1024,
        onCheckpoint: (c) => (saved = c),
        onProgress: ({ bytes }) => bytes > 1024 * 1024 && controller.abort(new Error('app quit')),
      }),
    ).rejects.toThrow('app quit');
    expect(saved).not.toBeNull();
    const checkpoint = saved as unknown as DownloadCheckpoint;
    expect(checkpoint.bytes).toBeGreaterThan(1024 * 1024);
    expect(statSync(part).size).toBeGreaterThanOrEqual(checkpoint.bytes);

    requests = [];
    const result = await downloadToPart(`${base}/rec.mp4`, part, { resumeFrom: checkpoint });
    expect(result.sha256).toBe(SHA);
    expect(readFileSync(part).equals(FILE)).toBe(true);
    expect(requests.map((r) => r.range)).toEqual([`bytes=${checkpoint.bytes}-`]);
  });

  it('starts over when the file changed on the server (If-Range mismatch → 200)', async () => {
    const part = partPath();
    writeFileSync(part, FILE.subarray(0, 1000)); // prefix of the old version
    const changed = randomBytes(200_000);
    behaviour = { body: changed, etag: '"v2"' };
    const result = await downloadToPart(`${base}/rec.mp4`, part, { resumeFrom: { bytes: 1000, etag: ETAG } });
    expect(result.sha256).toBe(createHash('sha256').update(changed).digest('hex'));
    expect(result.etag).toBe('"v2"');
    expect(readFileSync(part).equals(changed)).toBe(true);
  });

  it('starts over when the server ignores Range', async () => {
    const part = partPath();
    writeFileSync(part, FILE.subarray(0, 5000));
    behaviour = { body: FILE, etag: ETAG, ignoreRanges: true };
    const result = await downloadToPart(`${base}/rec.mp4`, part, { resumeFrom: { bytes: 5000, etag: ETAG } });
    expect(result.sha256).toBe(SHA);
    expect(statSync(part).size).toBe(FILE.length);
  });

  it('finishes at once when the checkpoint already holds the whole file (416)', async () => {
    const part = partPath();
    writeFileSync(part, FILE);
    behaviour = { body: FILE, etag: ETAG };
    const result = await downloadToPart(`${base}/rec.mp4`, part, { resumeFrom: { bytes: FILE.length, etag: ETAG } });
    expect(result.sha256).toBe(SHA);
  });

  it('retries 5xx with backoff and then succeeds', async () => {
    behaviour = { body: FILE, etag: ETAG, status: (i) => (i < 2 ? 503 : null) };
    const result = await downloadToPart(`${base}/rec.mp4`, partPath(), { backoffMs: 10 });
    expect(result.sha256).toBe(SHA);
    expect(requests).toHaveLength(3);
  });

  it('gives up on a 404 at once with a clear message', async () => {
    behaviour = { body: FILE, etag: ETAG, status: () => 404 };
    const error = await downloadToPart(`${base}/gone.mp4`, partPath(), { backoffMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).status).toBe(404);
    expect((error as DownloadError).message).toMatch(/not found.*404/);
    expect(requests).toHaveLength(1);
  });

  it('stops after the retries are used up and says it can be resumed', async () => {
    behaviour = { body: FILE, etag: ETAG, status: () => 500 };
    await expect(downloadToPart(`${base}/rec.mp4`, partPath(), { retries: 2, backoffMs: 5 })).rejects.toThrow(
      /kept failing.*resumed later/,
    );
    expect(requests).toHaveLength(3);
  });

  it('retries a refused connection (network error) and reports it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(
      downloadToPart(`http://127.0.0.1:${port}/x.mp4`, partPath(), { retries: 1, backoffMs: 5 }),
    ).rejects.toThrow(/kept failing/);
  });
});
