/**
 * Helpers for the analysis API integration tests (not a test file): multipart upload over node:http with the
 * time between the end of sending and the answer, polling, /proc scans for ffmpeg, a read-only view of the
 * SQLite file, and a long fixture built fast (a short segment repeated with stream copy).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type Agent } from 'node:http';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Loose } from '../../helpers/server.js';
import { FFMPEG } from '../../helpers/media.js';

export interface UploadAnswer {
  status: number;
  body: Loose;
  text: string;
  /** ms from the last byte of the request leaving this process to the response head arriving. */
  answerMs: number;
}

export interface UploadOptions {
  token?: string | null;
  fields?: Record<string, string>;
  /** Name of the file field (default `video`); null sends no file at all. */
  fileField?: string | null;
  fileName?: string;
  /** Default: a fresh connection per request (false); pass a keep-alive Agent to reuse one. */
  agent?: Agent | false;
  /** Send the fields after the file (as `curl -F video=@f -F params=…` does), not before. */
  fieldsLast?: boolean;
}

/** POST multipart to `path`: fields, then the file (or the file first with `fieldsLast`). */
export function uploadMultipart(
  baseUrl: string,
  path: string,
  file: string | Buffer,
  options: UploadOptions = {},
): Promise<UploadAnswer> {
  const boundary = `----filmroom${randomUUID().replace(/-/g, '')}`;
  const fieldParts: Buffer[] = [];
  for (const [name, value] of Object.entries(options.fields ?? {})) {
    fieldParts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'),
    );
  }
  const fileParts: Buffer[] = [];
  const fileField = options.fileField === undefined ? 'video' : options.fileField;
  if (fileField !== null) {
    const content = typeof file === 'string' ? readFileSync(file) : file;
    const name = options.fileName ?? (typeof file === 'string' ? basename(file) : 'upload.mp4');
    fileParts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${name}"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
        'utf8',
      ),
      content,
      Buffer.from('\r\n', 'utf8'),
    );
  }
  const parts = options.fieldsLast ? [...fileParts, ...fieldParts] : [...fieldParts, ...fileParts];
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  const body = Buffer.concat(parts);
  const url = new URL(baseUrl);
  const headers: Record<string, string> = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    'content-length': String(body.length),
  };
  if (options.token !== null && options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    let sentAt = 0;
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: 'POST', headers, agent: options.agent ?? false },
      (res) => {
        const answerMs = performance.now() - sentAt;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text, answerMs });
        });
      },
    );
    req.on('error', reject);
    req.on('finish', () => (sentAt = performance.now()));
    req.end(body, () => {
      if (!sentAt) sentAt = performance.now();
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `probe` until it returns something truthy (that value is returned) or the time is up. */
export async function waitUntil<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 60_000, intervalMs = 50, what = 'condition' } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Live (non-zombie) processes whose command line contains `needle` and an ffmpeg/ffprobe binary name. */
export function ffmpegProcessesWith(needle: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let cmd: string;
    try {
      cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
    } catch {
      continue;
    }
    if (!cmd || !cmd.includes(needle) || !/ff(mpeg|probe)/.test(cmd)) continue;
    found.push({ pid: Number(entry), cmd });
  }
  return found;
}

/** Kills (SIGKILL) ffmpeg processes working on `needle`: cleanup after a test that failed or killed a server. */
export function killFfmpegWith(needle: string): number {
  const procs = ffmpegProcessesWith(needle);
  for (const p of procs) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  return procs.length;
}

/** A read-only connection to the library database, for SQL checks next to the running server. */
export function openDbReadonly(dataDir: string): Database.Database {
  const file = ['library.db', 'filmroom.db', 'filmroom.sqlite'].map((n) => join(dataDir, n)).find((f) => existsSync(f));
  if (!file) throw new Error(`no database in ${dataDir}: ${readdirSync(dataDir).join(', ')}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

/**
 * A long recording built in a second or two: a `segmentS` testsrc2/tone segment (a hard cut every 7 s, a pause
 * every 6 s, a keyframe every 10 s, as sparse as Zoom's: no keyframe-only decoding) encoded once and repeated `repeat` times with stream copy.
 */
export function makeLongRecording(dir: string, segmentS: number, repeat: number, size = '320x180'): string {
  const segment = join(dir, `segment-${segmentS}-${size}.mp4`);
  const out = join(dir, `long-${segmentS * repeat}s-${size}-${randomUUID().slice(0, 6)}.mp4`);
  if (!existsSync(segment)) {
    const speech = `lt(mod(t\\,6)\\,4)*0.4*sin(2*PI*300*t)`;
    execFileSync(
      FFMPEG,
      [
        '-hide_banner',
        '-v',
        'error',
        '-y',
        '-filter_complex',
        `testsrc2=s=${size}:r=25:d=${segmentS},negate=enable='mod(floor(t/7)\\,2)',format=yuv420p[v];` +
          `aevalsrc='${speech}':s=48000:d=${segmentS}[a]`,
        '-map',
        '[v]',
        '-map',
        '[a]',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-g',
        '250',
        '-c:a',
        'aac',
        '-b:a',
        '64k',
        segment,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
  }
  const list = join(dir, `list-${randomUUID().slice(0, 6)}.txt`);
  writeFileSync(list, Array.from({ length: repeat }, () => `file '${segment}'\n`).join(''));
  execFileSync(
    FFMPEG,
    [
      '-hide_banner',
      '-v',
      'error',
      '-y',
      '-f',
      'concat',
      '-safe',
      '0',
      '-i',
      list,
      '-c',
      'copy',
      '-metadata',
      `comment=${randomUUID()}`,
      out,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return out;
}
