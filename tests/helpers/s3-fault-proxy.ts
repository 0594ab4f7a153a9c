/**
 * A fault-injecting HTTP proxy between Filmroom and the S3 test server (127.0.0.1): connection reset mid-part,
 * 503 SlowDown, added latency, a bandwidth cap (so a process can be killed mid-upload), or a store that is down.
 * Counts the UploadPart body bytes it forwarded, to measure what a resume re-sent.
 *
 * Every S3 call type is recognised (`callType`: HEAD, GET, GET with Range, List, DeleteObjects, Complete, Abort,
 * presigned PUT…), so `faults` can fail a share of any of them at random (seeded): 503 SlowDown, a reset mid-body
 * (request or answer), or latency. `holdAnswersOf` forwards one call type to the store and never answers it, so
 * a process can be killed after the store did the work but before it heard so (a kill during Complete).
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
  /** Response-body bandwidth cap in bytes/s per request (0: none): makes a download last long enough to kill. */
  responseBytesPerSecond: number;
  /** Random faults on a share of the given call types (null: none). */
  faults: RandomFaults | null;
  /** Forward this call type to the store, then never answer (the client sees a hang). */
  holdAnswersOf: CallType | null;
  /**
   * Read the whole request of this call type, then wait `ms` before the store gets it, whether or not the client is
   * still there: a write the store finishes after the client gave up on it (S3 does not undo a request whose body
   * it has).
   */
  lateWritesOf: { type: CallType; ms: number } | null;
  /** Keep the body of every PutObject whose URL contains this (null: none) that the store answered 2xx, in
   * `putBodies`: what a store holds, even if the object was replaced or deleted since (the devices' oracle). */
  keepPutBodiesUnder: string | null;
}

export type CallType =
  | 'head'
  | 'get'
  | 'getRange'
  | 'list'
  | 'listParts'
  | 'listUploads'
  | 'put'
  | 'part'
  | 'create'
  | 'complete'
  | 'abort'
  | 'delete'
  | 'deleteObjects'
  | 'other';

export type FaultKind = 'slowdown' | 'reset' | 'latency';

export interface RandomFaults {
  /** Share of matching requests that fail, 0–1. */
  rate: number;
  types: CallType[] | 'all';
  kinds: FaultKind[];
  /** Added for a `latency` fault (default 300 ms). */
  latencyMs?: number;
  seed?: number;
  /** Stop after this many faults (default: no limit). */
  limit?: number;
  /** Also fail the first request of each call type, so every type the run makes sees a fault at least once. */
  firstOfEachType?: boolean;
}

/** Which S3 call a request is (path-style, as the tests configure the SDK and awscli). */
export function callType(req: Pick<IncomingMessage, 'method' | 'url' | 'headers'>): CallType {
  const url = new URL(req.url ?? '/', 'http://x');
  const q = url.searchParams;
  const bucketOnly = url.pathname.split('/').filter(Boolean).length <= 1;
  switch (req.method) {
    case 'HEAD':
      return 'head';
    case 'PUT':
      return q.has('partNumber') ? 'part' : 'put';
    case 'POST':
      if (q.has('uploads')) return 'create';
      if (q.has('uploadId')) return 'complete';
      if (q.has('delete')) return 'deleteObjects';
      return 'other';
    case 'DELETE':
      return q.has('uploadId') ? 'abort' : 'delete';
    case 'GET':
      if (q.has('uploadId')) return 'listParts';
      if (q.has('uploads')) return 'listUploads';
      if (bucketOnly) return 'list';
      return req.headers.range ? 'getRange' : 'get';
    default:
      return 'other';
  }
}

/** mulberry32: a small seeded generator, so a failing fault run can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultProxy {
  endpoint: string;
  state: FaultProxyState;
  /** UploadPart body bytes forwarded to the store (including parts cut short). */
  partBytes(): number;
  requests: { method: string; url: string; status: number; type: CallType }[];
  /** Random faults injected so far, by call type and kind. */
  injected: { type: CallType; kind: FaultKind; faults: RandomFaults }[];
  /** See `keepPutBodiesUnder`. */
  putBodies: { url: string; body: string }[];
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

/** Copies the store's answer at most `responseBytesPerSecond` (read again for every chunk, so it can be lifted). */
async function throttled(answer: IncomingMessage, res: ServerResponse, state: FaultProxyState): Promise<void> {
  let sent = 0;
  const started = performance.now();
  try {
    for await (const chunk of answer as AsyncIterable<Buffer>) {
      sent += chunk.length;
      if (!res.write(chunk)) await once(res, 'drain');
      const rate = state.responseBytesPerSecond;
      const due = rate > 0 ? (sent / rate) * 1000 - (performance.now() - started) : 0;
      if (due > 0) await sleep(due);
    }
    res.end();
  } catch {
    res.destroy();
  }
}

/** Sends the head and half of the answer's body, then resets the connection (no body: resets at once). */
async function cutAnswer(answer: IncomingMessage, res: ServerResponse): Promise<void> {
  const length = Number(answer.headers['content-length'] ?? 0);
  if (length < 2) {
    answer.resume();
    res.socket?.destroy();
    return;
  }
  res.writeHead(answer.statusCode ?? 502, answer.headers);
  let sent = 0;
  for await (const chunk of answer as AsyncIterable<Buffer>) {
    const room = Math.floor(length / 2) - sent;
    if (room <= 0) break;
    const piece = chunk.subarray(0, room);
    sent += piece.length;
    if (!res.write(piece)) await once(res, 'drain');
  }
  answer.destroy();
  res.socket?.destroy();
}

/** See `lateWritesOf`: the body is read in full, the store gets it `ms` later, the client the store's answer. */
async function lateWrite(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: URL,
  ms: number,
  record: (status: number) => void,
): Promise<void> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  } catch {
    return; // the client left before the store could have the body: nothing is written
  }
  await sleep(ms);
  const out = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
    (answer) => {
      record(answer.statusCode ?? 0);
      if (res.destroyed || res.socket?.destroyed) {
        answer.resume();
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', () => res.destroy());
  out.end(Buffer.concat(chunks));
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
    responseBytesPerSecond: 0,
    faults: null,
    holdAnswersOf: null,
    lateWritesOf: null,
    keepPutBodiesUnder: null,
  };
  const injected: FaultProxy['injected'] = [];
  let random: (() => number) | null = null;
  let randomFor: RandomFaults | null = null;
  let seen = new Set<CallType>();
  /** The fault to inject into this request, if the dice say so. */
  const pick = (type: CallType): FaultKind | null => {
    const f = state.faults;
    if (!f || (f.types !== 'all' && !f.types.includes(type)) || f.kinds.length === 0) return null;
    if (randomFor !== f) {
      random = seeded(f.seed ?? 1);
      randomFor = f;
      seen = new Set();
    }
    if (f.limit !== undefined && injected.filter((i) => i.faults === f).length >= f.limit) return null;
    const firstOfType = f.firstOfEachType === true && !seen.has(type);
    seen.add(type);
    if (random!() >= f.rate && !firstOfType) return null;
    const kind = f.kinds[Math.floor(random!() * f.kinds.length)]!;
    injected.push({ type, kind, faults: f });
    return kind;
  };
  let partBytes = 0;
  const requests: FaultProxy['requests'] = [];
  const putBodies: FaultProxy['putBodies'] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req, res) => {
    const part = isPart(req);
    const type = callType(req);
    const record = (status: number) => requests.push({ method: req.method ?? '', url: req.url ?? '', status, type });
    const fault = pick(type);
    if (state.lateWritesOf?.type === type) {
      void lateWrite(req, res, upstream, state.lateWritesOf.ms, record);
      return;
    }
    if (
      state.down === 'all' ||
      (state.down === 'parts' && part) ||
      (part && state.slowDownParts > 0) ||
      fault === 'slowdown'
    ) {
      if (part && state.slowDownParts > 0) state.slowDownParts -= 1;
      // Read the body first, as S3 does, so the client sees the answer rather than a broken pipe.
      req.resume();
      req.once('end', () => {
        record(503);
        slowDown(res);
      });
      return;
    }
    const length = Number(req.headers['content-length'] ?? 0);
    const hasBody = length > 0;
    const resetThis = (part && state.resetParts > 0) || (fault === 'reset' && hasBody);
    if (part && state.resetParts > 0) state.resetParts -= 1;
    // A reset fault on a call without a body cuts the answer instead: mid-body, or before any byte (HEAD).
    const resetAnswer = fault === 'reset' && !hasBody;
    const holdAnswer = state.holdAnswersOf === type;
    const under = state.keepPutBodiesUnder;
    const kept: Buffer[] | null = type === 'put' && under !== null && (req.url ?? '').includes(under) ? [] : null;
    void (async () => {
      if (state.latencyMs > 0) await sleep(state.latencyMs);
      if (fault === 'latency') await sleep(state.faults?.latencyMs ?? 300);
      if (!(await released(req, state))) return;
      const out = request(
        { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          record(answer.statusCode ?? 0);
          const status = answer.statusCode ?? 0;
          // The store answers once it has read the whole body: `kept` is complete here.
          if (kept && status >= 200 && status < 300)
            putBodies.push({ url: req.url ?? '', body: Buffer.concat(kept).toString('utf8') });
          if (holdAnswer) {
            answer.resume(); // the store did the work; the client never hears of it
            return;
          }
          if (resetAnswer) {
            void cutAnswer(answer, res);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          if (state.responseBytesPerSecond > 0) void throttled(answer, res, state);
          else answer.pipe(res);
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
          kept?.push(chunk);
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
    injected,
    putBodies,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
