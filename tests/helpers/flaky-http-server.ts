/**
 * A real node:http server on 127.0.0.1 that serves one file body with Range / If-Range support, and can misbehave
 * on purpose: drop the connection once mid-transfer, send slowly (so a process can be killed mid-download), or
 * answer a fixed error status. Every request's method, path and Range header is recorded for assertions.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FlakyRequest {
  method: string;
  url: string;
  range: string | undefined;
  ifRange: string | undefined;
  headers: IncomingHttpHeaders;
  /** Offset the answer started at (0 for a full answer). */
  start: number;
  status: number;
}

export interface FlakyOptions {
  body: Buffer;
  /** Path served (anything else is 404). Default `/recording.mkv`. */
  path?: string;
  etag?: string;
  contentType?: string;
  /** Destroy the socket once, after this many body bytes of the first full (non-range) answer. */
  dropOnceAfterBytes?: number;
  /** Bytes written per tick; default: the whole rest at once. */
  chunkBytes?: number;
  /** Delay between chunks (ms); default 0. */
  tickMs?: number;
  /** Answer every request with this status (e.g. 404). */
  failWithStatus?: number;
}

export interface FlakyServer {
  url: string;
  /** The file URL. */
  fileUrl: string;
  requests: FlakyRequest[];
  /** Body bytes written to sockets so far, over all answers. */
  bytesSent(): number;
  /** Range starts (N of `bytes=N-`) seen so far. */
  rangeStarts(): number[];
  close(): Promise<void>;
}

export async function startFlakyServer(options: FlakyOptions): Promise<FlakyServer> {
  const { body } = options;
  const path = options.path ?? '/recording.mkv';
  const etag = options.etag ?? '"flaky-1"';
  const requests: FlakyRequest[] = [];
  let dropped = false;
  let sent = 0;

  const server: Server = createServer((req, res) => {
    const record: FlakyRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '',
      range: req.headers.range,
      ifRange: req.headers['if-range'] as string | undefined,
      headers: req.headers,
      start: 0,
      status: 200,
    };
    requests.push(record);
    if (options.failWithStatus) {
      record.status = options.failWithStatus;
      res.writeHead(options.failWithStatus, { 'content-type': 'text/plain' });
      res.end('nope');
      return;
    }
    if ((req.url ?? '').split('?')[0] !== path) {
      record.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const ifRangeOk = record.ifRange === undefined || record.ifRange === etag;
    let start = m && ifRangeOk ? Number(m[1]) : 0;
    if (start >= body.length && m) {
      record.status = 416;
      res.writeHead(416, { 'content-range': `bytes */${body.length}` });
      res.end();
      return;
    }
    if (start < 0) start = 0;
    // `bytes=N-M` stops at M (a resumed read asks for exactly the bytes it still owes); `bytes=N-` runs to the end.
    const stop = m && ifRangeOk && m[2] ? Math.min(body.length, Number(m[2]) + 1) : body.length;
    const headers = {
      etag,
      'accept-ranges': 'bytes',
      'content-type': options.contentType ?? 'video/x-matroska',
      'content-length': String(stop - start),
    };
    record.start = start;
    if (start > 0 || stop < body.length) {
      record.status = 206;
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${stop - 1}/${body.length}` });
    } else res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }

    const dropAt =
      !dropped && start === 0 && options.dropOnceAfterBytes !== undefined ? options.dropOnceAfterBytes : null;
    const chunk = options.chunkBytes ?? body.length;
    const tick = options.tickMs ?? 0;
    let offset = start;
    let closed = false;
    res.on('close', () => (closed = true));
    const pump = (): void => {
      if (closed) return;
      if (dropAt !== null && offset - start >= dropAt) {
        dropped = true;
        req.socket.destroy();
        return;
      }
      if (offset >= stop) {
        res.end();
        return;
      }
      let end = Math.min(stop, offset + chunk);
      if (dropAt !== null) end = Math.min(end, start + dropAt);
      const piece = body.subarray(offset, end);
      sent += piece.length;
      offset = end;
      const more = res.write(piece);
      const next = () => (tick > 0 ? setTimeout(pump, tick) : setImmediate(pump));
      if (more) next();
      else res.once('drain', next);
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    fileUrl: url + path,
    requests,
    bytesSent: () => sent,
    rangeStarts: () =>
      requests.map((r) => /^bytes=(\d+)-$/.exec(r.range ?? '')).flatMap((m) => (m ? [Number(m[1])] : [])),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
