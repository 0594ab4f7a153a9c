/** Shared set-up of the S3 sync tests (not a test file): sessions with real files, and polling helpers. */
import { randomBytes, createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FilmroomApp } from '../../../main/composition/index.js';
import { newId } from '../../../main/platform/ids.js';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, type Loose, type TestServer } from '../../helpers/server.js';

/** Writes `size` random bytes (in 1 MiB blocks, so memory stays small) and returns the sha256. */
export function writeRandomFile(path: string, size: number): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'w');
  try {
    for (let done = 0; done < size;) {
      const block = randomBytes(Math.min(1024 * 1024, size - done));
      writeSync(fd, block);
      hash.update(block);
      done += block.length;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export interface SeededSession {
  id: string;
  path: string;
  sha256: string;
  size: number;
}

/** A library session whose recording is a managed file of `size` random bytes (plus an optional transcript). */
export function seedSession(
  app: FilmroomApp,
  options: { size: number; title?: string; client?: string; transcript?: string[] },
): SeededSession {
  const id = newId('ses_');
  const folder = join(app.paths.libraryDir, id);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'recording.mp4');
  const sha256 = writeRandomFile(path, options.size);
  const now = new Date().toISOString();
  app.services.sessions.insert(
    {
      id,
      title: options.title ?? 'Weekly check-in',
      status: 'ready',
      platform: 'zoom',
      coach_id: 'default',
      client: options.client ?? 'Ana Lima',
      recorded_at: '2026-03-04T10:00:00.000Z',
      created_at: now,
      size: options.size,
      sha256,
      transcript_status: options.transcript ? 'ready' : 'none',
    },
    [
      { name: 'Coach Kim', role: 'coach' },
      { name: options.client ?? 'Ana Lima', role: 'client' },
    ],
    [
      {
        kind: 'recording',
        name: 'recording.mp4',
        path: `${id}/recording.mp4`,
        managed: true,
        size: options.size,
        sha256,
      },
    ],
  );
  if (options.transcript)
    app.services.transcripts.replaceSegments(
      id,
      options.transcript.map((text, i) => ({ start: i * 5, end: i * 5 + 4, speaker: 'Coach Kim', text })),
    );
  return { id, path, sha256, size: options.size };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 120_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await sleep(100);
  }
}

/** Waits until every upload of the session has left queued/uploading; returns them. */
export async function settledUploads(server: Pick<TestServer, 'api'>, id: string, timeoutMs = 180_000) {
  return until(async () => {
    const res = await server.api(`/api/v1/sessions/${id}/uploads`);
    const items = res.body.items as Loose[];
    return items.length > 0 && items.every((u) => !['queued', 'uploading'].includes(u.state)) ? items : undefined;
  }, timeoutMs);
}

export interface S3Stack {
  s3: S3TestServer;
  proxy: FaultProxy;
  server: TestServer;
  /** Stops the server (removing its data dir), the proxy and the store. */
  stop(): Promise<void>;
}

/** s3rver, the fault proxy in front of it, and a Filmroom test server backing up through the proxy. */
export async function startS3Stack(): Promise<S3Stack> {
  const s3 = await startS3Server();
  const proxy = await startFaultProxy(s3.endpoint);
  const server = await startTestServer({ env: { ...process.env, ...s3.env(proxy.endpoint) } });
  return {
    s3,
    proxy,
    server,
    async stop() {
      await server.close();
      await proxy.close();
      await s3.stop();
    },
  };
}
