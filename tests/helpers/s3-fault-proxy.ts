/**
 * A fault-injecting HTTP proxy between Filmroom and the S3 test server (127.0.0.1): connection reset mid-part,
 * 503 SlowDown, added latency, a bandwidth cap (so a process can be killed mid-upload), or a store that is down.
 * Counts the UploadPart body bytes it forwarded, to measure what a resume re-sent.
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultProxyState {
  /** Answer the next N UploadPart requests with 503 SlowDown. */
  slowDownParts: number;
  /** Reset the connection halfway through the next N UploadPart bodies. */
  resetParts: number;
  /** Answer every matching request with 503: 'parts' (UploadPart only), 'all', or null. */
  down: 'parts' | 'all' | null;
  latencyMs: number;
  /** Request-body bandwidth cap in bytes/s (0: none). */
  bytesPerSecond: number;
}

export interface FaultProxy {
  endpoint: string;
  state: FaultProxyState;
  /** UploadPart body bytes forwarded to the store (including parts cut short). */
  partBytes(): number;
  requests: { method: string; url: string; status: number }[];
  close(): Promise<void>;
}

const isPart = (req: IncomingMessage) => req.method === 'PUT' && /[?&]partNumber=/.test(req.url ?? '');

function slowDown(res: ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'application/xml' });
  res.end(
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
  );
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const state: FaultProxyState = { slowDownParts: 0, resetParts: 0, down: null, latencyMs: 0, bytesPerSecond: 0 };
  let partBytes = 0;
  const requests: FaultProxy['requests'] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const part = isPart(req);
    const record = (status: number) => requests.push({ method: req.method ?? '', url: req.url ?? '', status });
    if (state.down === 'all' || (state.down === 'parts' && part) || (part && state.slowDownParts > 0)) {
      if (part && state.slowDownParts > 0) state.slowDownParts -= 1;
      // Read the body first, as S3 does, so the client sees the answer rather than a broken pipe.
      req.resume();
      req.once('end', () => {
        record(503);
        slowDown(res);
      });
      return;
    }
    const resetThis = part && state.resetParts > 0;
    if (resetThis) state.resetParts -= 1;
    const length = Number(req.headers['content-length'] ?? 0);
    setTimeout(() => {
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          record(answer.statusCode ?? 0);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      let seen = 0;
      const started = performance.now();
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (part) partBytes += chunk.length;
        if (resetThis && seen >= length / 2) {
          record(-1);
          out.destroy();
          req.socket.destroy();
          return;
        }
        const writable = out.write(chunk);
        if (state.bytesPerSecond > 0) {
          const due = (seen / state.bytesPerSecond) * 1000 - (performance.now() - started);
          if (due > 0) {
            req.pause();
            setTimeout(() => req.resume(), due);
          }
        }
        if (!writable) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      });
      req.on('end', () => out.end());
      req.on('error', () => out.destroy());
    }, state.latencyMs);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    state,
    partBytes: () => partBytes,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
