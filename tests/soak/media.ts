/**
 * The soak's media: a few tiny clips made once with the real ffmpeg, then a fresh copy of one for every import
 * (a stream copy with a new comment tag: new bytes, so the library's duplicate check does not refuse it), corrupt
 * files, and a local HTTP server on 127.0.0.1 serving them slowly with Range support for URL imports.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { FFMPEG, makeAudio, makeVideo, sha256File } from '../helpers/media.js';
import type { Rng } from './rng.js';

export interface Clip {
  path: string;
  sha256: string;
  size: number;
  corrupt: boolean;
}

export class MediaPool {
  #bases: string[] = [];
  #n = 0;

  constructor(
    readonly dir: string,
    private readonly rng: Rng,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  prepare(): void {
    const bases = join(this.dir, 'bases');
    mkdirSync(bases, { recursive: true });
    this.#bases = [makeVideo(bases, 'a.mp4', 1), makeVideo(bases, 'b.mp4', 2), makeAudio(bases, 'c.m4a', 1)];
  }

  /** A new folder to put clips in. */
  folder(): string {
    this.#n += 1;
    const dir = join(this.dir, `f${this.#n}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  clip(dir: string, corrupt = false): Clip {
    this.#n += 1;
    const base = this.rng.pick(this.#bases);
    const ext = base.endsWith('.m4a') ? 'm4a' : 'mp4';
    const path = join(dir, `clip${this.#n}.${ext}`);
    if (corrupt) writeFileSync(path, randomBytes(this.rng.int(2_000, 40_000)));
    else {
      execFileSync(
        FFMPEG,
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-y',
          '-i',
          base,
          '-c',
          'copy',
          '-metadata',
          `comment=soak-${this.#n}-${randomBytes(6).toString('hex')}`,
          path,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
    }
    return { path, sha256: sha256File(path), size: statSync(path).size, corrupt };
  }
}

export interface MediaHost {
  /** URL of a file under the pool folder (path relative to it). */
  url(relative: string): string;
  /** Bytes per second per answer (0: no cap). */
  rate: number;
  close(): Promise<void>;
}

/** Files under `root`, with Range and a strong ETag, sent at `rate` bytes/s so a kill can land mid-download. */
export async function startMediaHost(root: string): Promise<MediaHost> {
  const host = { rate: 48 * 1024 } as { rate: number };
  const server: Server = createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/+/, '');
    const file = join(root, rel);
    if (rel.includes('..')) return void res.writeHead(404).end();
    let size: number;
    let mtime: number;
    try {
      const s = statSync(file);
      size = s.size;
      mtime = s.mtimeMs;
    } catch {
      return void res.writeHead(404).end();
    }
    const etag = `"${size}-${Math.floor(mtime)}"`;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    const start = range && (!req.headers['if-range'] || req.headers['if-range'] === etag) ? Number(range[1]) : 0;
    if (start >= size && size > 0) return void res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
    const headers = {
      'content-type': 'video/mp4',
      'content-length': String(size - start),
      etag,
      'accept-ranges': 'bytes',
      ...(start > 0 ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    };
    res.writeHead(start > 0 ? 206 : 200, headers);
    if (req.method === 'HEAD') return void res.end();
    const stream = createReadStream(file, { start, highWaterMark: 8 * 1024 });
    const began = Date.now();
    let sent = 0;
    stream.on('data', (chunk) => {
      sent += chunk.length;
      if (!res.write(chunk)) stream.pause();
      const due = host.rate > 0 ? (sent / host.rate) * 1000 - (Date.now() - began) : 0;
      if (due > 0) {
        stream.pause();
        setTimeout(() => stream.resume(), due);
      }
    });
    res.on('drain', () => stream.resume());
    stream.on('end', () => res.end());
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return Object.assign(host, {
    url: (relative: string) => `http://127.0.0.1:${port}/${relative.split('/').map(encodeURIComponent).join('/')}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
}
