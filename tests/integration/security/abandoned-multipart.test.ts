/**
 * Issue 11 item 2: a multipart upload whose client leaves before the closing boundary (or goes quiet) must be
 * answered or dropped, its descriptor closed and its `.incoming/upl_*` / `library/ses_*` folder removed.
 */
import { readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let srv: TestServer;
let coach: string;

beforeAll(async () => {
  srv = await startTestServer({ uploadIdleMs: 1500 });
  coach = srv.app.tokens.createCoachToken('c1');
});
afterAll(async () => {
  await srv?.close();
});

const openDescriptors = () => readdirSync('/proc/self/fd').length;
const listDir = (dir: string) => {
  try {
    return readdirSync(dir);
  } catch {
    return []; // not created yet
  }
};
const incoming = () => listDir(join(srv.dataDir, 'library', '.incoming')).filter((n) => n.startsWith('upl_'));
const sessionFolders = () => readdirSync(join(srv.dataDir, 'library')).filter((n) => n.startsWith('ses_'));

/**
 * Sends one file part without the closing boundary; resolves once it is on the wire. `complete`: the body is as
 * long as Content-Length says (only the final `--boundary--` is missing); otherwise more is announced than sent.
 */
function startUpload(path: string, field: string, token: string, complete = true): Promise<Socket> {
  const boundary = 'XXabandonedXX';
  const head =
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a.mp4"\r\n` +
    `Content-Type: video/mp4\r\n\r\n` +
    // A short part, as `curl --data-binary` of a file with no final `--boundary--` sends it; a long one in-flight.
    (complete ? 'hello world' : 'x'.repeat(64 * 1024)) +
    '\r\n';
  return new Promise((resolve, reject) => {
    const socket = connect(srv.port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${complete ? Buffer.byteLength(head) : 10_000_000}\r\n\r\n` +
          head,
        () => resolve(socket),
      );
    });
    socket.on('error', reject);
  });
}

async function settle(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function waitUntilStored(count: number, list: () => string[]) {
  await settle(() => list().length >= count, 15_000);
}

describe('abandoned multipart uploads', () => {
  it.each([
    ['whole body, no closing boundary', '/api/v1/sessions/import', 'file', incoming, true],
    ['whole body, no closing boundary', '/api/v1/video/upload', 'video', sessionFolders, true],
    ['client gone mid-body', '/api/v1/sessions/import', 'file', incoming, false],
    ['client gone mid-body', '/api/v1/video/upload', 'video', sessionFolders, false],
  ])('100 uploads (%s) to %s leave no descriptor or folder', async (_how, path, field, list, whole) => {
    await settle(() => list().length === 0);
    const baseline = openDescriptors();
    const sockets: Socket[] = [];
    for (let i = 0; i < 100; i++) sockets.push(await startUpload(path, field, coach, whole));
    if (!whole) {
      await waitUntilStored(100, list);
      expect(list().length).toBe(100); // the uploads really were in flight
    }
    for (const s of sockets) s.destroy();
    await settle(() => list().length === 0 && openDescriptors() <= baseline + 2);
    expect(list()).toEqual([]);
    expect(openDescriptors()).toBeLessThanOrEqual(baseline + 2);
  });

  it('a client that stops sending is answered 408 and its upload removed', async () => {
    const socket = await startUpload('/api/v1/sessions/import', 'file', coach, false);
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>;
    expect(body).toMatchObject({ code: 408, field: 'file' });
    await settle(() => incoming().length === 0);
    expect(incoming()).toEqual([]);
  });
});
