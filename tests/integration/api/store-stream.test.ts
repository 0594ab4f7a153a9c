/**
 * A recording held in S3 only is streamed to the player through its presigned GET. The restore drill under 10 %
 * faults found a reset mid-body ending the player's request after the headers were sent; and a single 503 became a
 * 502. Real node:http servers on 127.0.0.1 play the store.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchFromStore, resumingBody } from '../../../main/api/store-stream.js';
import { startFlakyServer } from '../../helpers/flaky-http-server.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(parts);
}

/** A store that answers from a script: one entry per request (status, etag, bytes to send before a reset). */
async function scriptedStore(
  body: Buffer,
  script: { status?: number; etag?: string; cutAfter?: number }[],
): Promise<{ url: string; ranges: (string | undefined)[] }> {
  const ranges: (string | undefined)[] = [];
  const server: Server = createServer((req, res) => {
    const step = script[Math.min(ranges.length, script.length - 1)]!;
    ranges.push(req.headers.range);
    if (step.status && step.status !== 200) {
      res.writeHead(step.status).end('SlowDown');
      return;
    }
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = m ? Number(m[1]) : 0;
    const stop = m?.[2] ? Number(m[2]) + 1 : body.length;
    const headers = { etag: step.etag ?? '"one"', 'content-length': String(stop - start), 'accept-ranges': 'bytes' };
    if (m) res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${stop - 1}/${body.length}` });
    else res.writeHead(200, headers);
    if (step.cutAfter !== undefined) {
      res.write(body.subarray(start, start + step.cutAfter), () => res.socket?.destroy());
      return;
    }
    res.end(body.subarray(start, stop));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/object`, ranges };
}

describe('streaming a recording from the store', () => {
  it('resumes a body cut mid-way from the next byte: the player gets every byte once', async () => {
    const body = randomBytes(3 * 1024 * 1024);
    const store = await startFlakyServer({ body, dropOnceAfterBytes: 1024 * 1024, chunkBytes: 64 * 1024 });
    cleanups.push(() => store.close());
    const answer = await fetchFromStore(store.fileUrl, undefined);
    expect(answer.status).toBe(200);
    const got = await collect(resumingBody(store.fileUrl, answer));
    expect(got.equals(body)).toBe(true);
    expect(store.requests.map((r) => r.range)).toEqual([undefined, `bytes=${1024 * 1024}-${body.length - 1}`]);
  });

  it('resumes inside a Range answer and ends where the player asked', async () => {
    const body = randomBytes(200_000);
    const store = await scriptedStore(body, [{ cutAfter: 10_000 }, {}]);
    const answer = await fetchFromStore(store.url, 'bytes=5000-150000');
    expect(answer.status).toBe(206);
    const got = await collect(resumingBody(store.url, answer));
    expect(got.equals(body.subarray(5000, 150_001))).toBe(true);
    expect(store.ranges).toEqual(['bytes=5000-150000', 'bytes=15000-150000']);
  });

  it('retries a 503 (SlowDown) before answering', async () => {
    const body = randomBytes(1000);
    const store = await scriptedStore(body, [{ status: 503 }, { status: 503 }, {}]);
    const answer = await fetchFromStore(store.url, undefined);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await answer.arrayBuffer()).equals(body)).toBe(true);
    expect(store.ranges).toHaveLength(3);
  });

  it('never splices two different objects: a changed ETag at resume ends the stream with an error', async () => {
    const body = randomBytes(100_000);
    const store = await scriptedStore(body, [{ cutAfter: 20_000, etag: '"one"' }, { etag: '"two"' }]);
    const answer = await fetchFromStore(store.url, undefined);
    await expect(collect(resumingBody(store.url, answer))).rejects.toThrow();
    expect(store.ranges).toHaveLength(2);
  });
});
