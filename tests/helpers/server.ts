/**
 * A real Filmroom (SQLite file in a temp dir, real ffprobe, HTTP on 127.0.0.1) for integration tests, plus small
 * HTTP helpers: `api()` over fetch, `rawRequest()` over node:http (to send Loose Host header), and an SSE reader.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFilmroom, type FilmroomApp, type StartOptions } from '../../main/composition/index.js';
import { silentLogger } from '../../main/platform/logger.js';
import type { Clock } from '../../main/platform/clock.js';

/** Parsed JSON answers in tests: loosely typed on purpose, the assertions check their shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export class TestClock implements Clock {
  constructor(public t: number = Date.now()) {}
  now(): Date {
    return new Date(this.t);
  }
  set(date: Date | string | number): void {
    this.t = new Date(date).getTime();
  }
  advanceDays(days: number): void {
    this.t += days * 86_400_000;
  }
}

export function tempDir(prefix = 'filmroom-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface ApiResponse<T = Loose> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  method?: string;
  /** A token, `null` for none; default: the admin token. */
  token?: string | null;
  json?: unknown;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
}

export interface TestServer {
  app: FilmroomApp;
  url: string;
  port: number;
  dataDir: string;
  admin: string;
  api<T = Loose>(path: string, options?: RequestOptions): Promise<ApiResponse<T>>;
  /** Stops the server (keeps the data dir). */
  stop(): Promise<void>;
  /** Stops the server and removes the data dir. */
  close(): Promise<void>;
}

export async function startTestServer(options: Partial<StartOptions> & { clock?: Clock } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  // Analysis is off unless a test asks for it: library tests assert import/list/delete states, and a background
  // analysis would move sessions to `processing` and burn the CPU the suite needs.
  const app = await startFilmroom({ logger: silentLogger, port: 0, autoAnalyze: false, ...options, dataDir });
  if (!app.api) throw new Error('server did not start');
  const url = app.api.url;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    url,
    port: app.api.port,
    dataDir,
    admin: app.adminToken,
    api: (path, opts = {}) => apiRequest(url, app.adminToken, path, opts),
    stop,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function apiRequest<T = Loose>(
  base: string,
  defaultToken: string,
  path: string,
  opts: RequestOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  const token = opts.token === undefined ? defaultToken : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  }
  let target = base + path;
  if (opts.query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined) qs.append(k, String(v));
    const s = qs.toString();
    if (s) target += (path.includes('?') ? '&' : '?') + s;
  }
  const res = await fetch(target, { method: opts.method ?? 'GET', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('application/json') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** A request over node:http, so Host (which fetch forbids) can be set freely. */
export function rawRequest(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: Loose; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
        setHost: !options.headers?.host,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

export interface SseEvent {
  event: string;
  data: Loose;
}

export interface SseStream {
  status: number;
  contentType: string | null;
  events: SseEvent[];
  waitFor(predicate: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

/** Opens GET /api/v1/events with fetch and parses the stream as it arrives. */
export async function openEvents(url: string, token: string | null): Promise<SseStream> {
  const controller = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${url}/api/v1/events`, { headers, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let idx: number;
          while ((idx = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, idx);
            buffer = buffer.slice(idx + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
            }
            if (data.length === 0) continue; // comments / heartbeats
            events.push({ event, data: JSON.parse(data.join('\n')) });
            for (const w of waiters) w();
          }
        }
      } catch {
        /* aborted */
      }
    })();
  } else {
    await res.body?.cancel();
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events,
    waitFor(predicate, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (found) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((e) => e.event))}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

/**
 * What a kill -9 of the library's owner leaves in its data folder besides its half-done work: the run still marked
 * in use (main/platform/run-state.ts), so the next start walks every session folder. For tests that stop a server
 * cleanly and then plant what a kill would have left.
 */
export function asIfKilled(dataDir: string): void {
  writeFileSync(join(dataDir, 'run-state'), 'in use\n');
}
