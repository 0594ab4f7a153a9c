/**
 * The outside review's second round, HTTP edges: a NUL byte in a multipart filename (was a 500) and an HTTP/1.1
 * request without `Host` (was Node's empty 400). Raw bytes over a socket, to a real server.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';

let srv: TestServer;

beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

/** Sends `head` + `body` as they are and reads the whole answer (the server closes or answers with a length). */
function rawExchange(port: number, bytes: Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const headers = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1] ?? 0);
      let body = split < 0 ? '' : text.slice(split + 4);
      if (/transfer-encoding: chunked/i.test(headers)) body = dechunk(body);
      resolve({ status, headers, body });
    };
    socket.on('data', (c: Buffer) => {
      chunks.push(c);
      const text = Buffer.concat(chunks).toString('latin1');
      const split = text.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(text.slice(0, split))?.[1];
      if (split >= 0 && length !== undefined && text.length - split - 4 >= Number(length)) {
        socket.end();
        finish();
      }
    });
    socket.on('end', finish);
    socket.on('error', reject);
    socket.setTimeout(15_000, () => socket.destroy(new Error('no answer')));
    socket.write(bytes);
  });
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    if (eol < 0) return out;
    const size = parseInt(rest.slice(0, eol), 16);
    if (!size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 2 + size + 2);
  }
}

describe('a NUL byte in a multipart filename', () => {
  it('answers 400 with { error, code }, never a 500', async () => {
    const boundary = 'xxBOUNDARYxx';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a\0b.mp4"\r\n` +
          `Content-Type: video/mp4\r\n\r\n`,
        'latin1',
      ),
      Buffer.alloc(2048, 1),
      Buffer.from(`\r\n--${boundary}--\r\n`, 'latin1'),
    ]);
    const head =
      `POST /api/v1/sessions/import HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
      `Authorization: Bearer ${srv.admin}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const r = await rawExchange(srv.port, Buffer.concat([Buffer.from(head, 'latin1'), body]));
    expect(r.status, r.body).toBe(400);
    const json = JSON.parse(r.body) as { error: string; code: number; field?: string };
    expect(json.code).toBe(400);
    expect(json.error).toMatch(/file/i);
    const list = await srv.api('/api/v1/sessions', { query: { limit: 1, exclude_failed: false } });
    expect(list.body.total).toBe(0);
  });
});

describe('an HTTP/1.1 request without Host', () => {
  it('answers 400 with { error, code } (Node answered an empty 400)', async () => {
    const r = await rawExchange(srv.port, Buffer.from('GET /api/v1/health HTTP/1.1\r\nConnection: close\r\n\r\n'));
    expect(r.status).toBe(400);
    expect(r.headers).toMatch(/content-type: application\/json/i);
    const json = JSON.parse(r.body) as { error: string; code: number; field?: string };
    expect(json).toMatchObject({ code: 400, field: 'host' });
    expect(json.error).toMatch(/Host/);
  });

  it('HTTP/1.0 without Host is still refused as a foreign host (403, JSON)', async () => {
    const r = await rawExchange(srv.port, Buffer.from('GET /api/v1/health HTTP/1.0\r\n\r\n'));
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ code: 403 });
  });
});

describe('statuses the server answers are declared in openapi.json', () => {
  const spec = JSON.parse(readFileSync(new URL('../../../openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  const declared = (path: string, method: string) => Object.keys(spec.paths[path]![method]!.responses);

  it('a multipart field declared as JSON that is not JSON: 406 in { error, code }, and declared', async () => {
    const boundary = 'xxJSONxx';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="params"\r\nContent-Type: application/json\r\n\r\n` +
      `{not json\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n` +
      `Content-Type: video/mp4\r\n\r\nxxxx\r\n--${boundary}--\r\n`;
    const head =
      `POST /api/v1/sessions/import HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\n` +
      `Authorization: Bearer ${srv.admin}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
    const r = await rawExchange(srv.port, Buffer.from(head + body, 'latin1'));
    expect(JSON.parse(r.body)).toMatchObject({ code: r.status });
    expect(declared('/api/v1/sessions/import', 'post')).toContain(String(r.status));
    expect(declared('/api/v1/sessions/import', 'post')).toContain('406');
    expect(declared('/api/v1/video/upload', 'post')).toContain('406');
  });

  it('a presigned upload for an unknown session_id declares its 404', () => {
    expect(declared('/api/v1/recordings/presigned-upload-url', 'post')).toContain('404');
  });
});
