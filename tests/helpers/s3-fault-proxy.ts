/**
 * A fault-injecting HTTP proxy between Filmroom and the S3 test server (127.0.0.1): connection reset mid-part,
 * 503 SlowDown, added latency, a bandwidth cap (so a process can be killed mid-upload), or a store that is down.
 * Counts the UploadPart body bytes it forwarded, to measure what a resume re-sent.
 */
import { once } from 'node:events';
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
  /** Request-body bandwidth cap in bytes/s per request (0: none). Read again for every chunk, so lifting it
   * speeds up requests already in flight. */
  bytesPerSecond: number;
  /** Hold UploadPart requests with a part number >= this (before reading their body) until it is raised or set to
   * null: makes "part 1 is done, the rest is in flight" a state rather than a race. */
  holdPartsFrom: number | null;
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
const partNumber = (req: IncomingMessage) => Number(/[?&]partNumber=(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once the request may go on, or false if the client gave up while held. */
async function released(req: IncomingMessage, state: FaultProxyState): Promise<boolean> {
  let gone = false;
  req.once('close', () => (gone = true));
  const held = () => isPart(req) && state.holdPartsFrom !== null && partNumber(req) >= state.holdPartsFrom;
  while (held() && !gone) await sleep(20);
  return !gone && !req.destroyed;
}

function slowDown(res: ServerResponse): void {
  res.writeHead(503, { 'Content-Type': 'application/xml' });
  res.end(
    '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
  );
}

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const state: FaultProxyState = {
    slowDownParts: 0,
    resetParts: 0,
    down: null,
    latencyMs: 0,
    bytesPerSecond: 0,
    holdPartsFrom: null,
  };
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
    void (async () => {
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      if (!(await released(req, state))) return;
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          record(answer.statusCode ?? 0);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on('error', () => res.destroy());
      // One pump per request: backpressure and the bandwidth cap both wait here, so neither can undo the other
      // (two independent pause/resume paths let a 'drain' lift the cap early).
      let seen = 0;
      const started = performance.now();
      try {
        for await (const chunk of req as AsyncIterable<Buffer>) {
          seen += chunk.length;
          if (part) partBytes += chunk.length;
          if (resetThis && seen >= length / 2) {
            record(-1);
            out.destroy();
            req.socket.destroy();
            return;
          }
          if (!out.write(chunk)) await once(out, 'drain');
          const due =
            state.bytesPerSecond > 0 ? (seen / state.bytesPerSecond) * 1000 - (performance.now() - started) : 0;
          if (due > 0) await sleep(due);
        }
        out.end();
      } catch {
        out.destroy();
      }
    })();
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
