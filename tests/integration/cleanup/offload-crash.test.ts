/**
 * kill -9 during offload and during restore-local, on real `filmroom serve` processes with a real S3-protocol
 * server: after the restart there are 0 orphans both ways (every row has its bytes locally or, offloaded, in a
 * verified object; every file and object has its row), a half-downloaded copy never replaced anything, and the
 * restore resumes where it stopped (a Range request) and ends with the recording's exact bytes.
 */
import Database from 'better-sqlite3';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { startTestServer, tempDir, type Loose } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { until } from '../sync/sync-helpers.js';
import { backedUpSession, offloadOrphans, sha256Of } from './offload-helpers.js';

const MiB = 1024 * 1024;
let s3: S3TestServer;
let proxy: FaultProxy;
const dirs: string[] = [];
const children: ServeChild[] = [];

beforeAll(async () => {
  s3 = await startS3Server();
  proxy = await startFaultProxy(s3.endpoint);
}, 60_000);
afterAll(async () => {
  for (const c of children) await c.kill9();
  await proxy?.close();
  await s3?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each library backs up under its own prefix of the shared bucket, so its objects can be judged alone. */
const prefixOf = (dataDir: string) => `lib-${dirs.indexOf(dataDir)}/`;
const envOf = (dataDir: string) => ({ ...s3.env(proxy.endpoint), FILMROOM_S3_PREFIX: prefixOf(dataDir) });

async function serve(dataDir: string): Promise<ServeChild> {
  const child = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...envOf(dataDir) });
  children.push(child);
  return child;
}

/** Rows, files and objects of a stopped library, checked with its own database file. */
async function orphansOf(dataDir: string): Promise<string[]> {
  const db = new Database(join(dataDir, 'library.db'), { readonly: true });
  try {
    return await offloadOrphans(db, join(dataDir, 'library'), s3, prefixOf(dataDir));
  } finally {
    db.close();
  }
}

async function library(sizes: number[]) {
  const dataDir = tempDir('filmroom-offload-crash-');
  dirs.push(dataDir);
  const setup = await startTestServer({ dataDir, env: { ...process.env, ...envOf(dataDir) } });
  const sessions = [];
  for (const size of sizes) sessions.push(await backedUpSession(setup.app, setup, { size }));
  return { dataDir, setup, sessions };
}

describe('kill -9 during restore-local', () => {
  it('leaves the part file only; the restart resumes it with a Range request and installs the exact bytes', async () => {
    const { dataDir, setup, sessions } = await library([24 * MiB]);
    const s = sessions[0]!;
    expect((await setup.api(`/api/v1/sessions/${s.id}/offload`, { method: 'POST' })).status).toBe(200);
    await setup.stop();

    proxy.state.responseBytesPerSecond = 4 * MiB; // ~6 s for the download: time to kill it in the middle
    const first = await serve(dataDir);
    const started = await first.api(`/api/v1/sessions/${s.id}/restore-local`, { method: 'POST' });
    expect(started.status).toBe(202);
    const part = s.path + '.restore-part';
    await until(() => (existsSync(part) && statSync(part).size > 6 * MiB ? true : undefined), 60_000);
    await first.kill9();
    const partAtKill = statSync(part).size;
    expect(partAtKill).toBeLessThan(s.size);
    expect(existsSync(s.path)).toBe(false); // a half-downloaded file never replaces anything

    proxy.state.responseBytesPerSecond = 0;
    const mark = proxy.requests.length;
    const second = await serve(dataDir);
    const restored = await until(async () => {
      const file = ((await second.api(`/api/v1/sessions/${s.id}`)).body.files as Loose[]).find(
        (f) => f.kind === 'recording',
      );
      return file?.local_copy === 'present' ? file : undefined;
    }, 120_000);
    expect(restored.local_copy).toBe('present');
    const gets = proxy.requests.slice(mark).filter((r) => r.method === 'GET' && r.url.includes(s.id));
    expect(gets.map((g) => g.status)).toContain(206); // resumed, not started over
    expect(await sha256Of(s.path)).toBe(s.sha256);
    expect(existsSync(part)).toBe(false);
    await second.stop();
    expect(await orphansOf(dataDir)).toEqual([]);
  }, 240_000);
});

describe('kill -9 during offload', () => {
  it('at any moment of the request: after the restart each session is either local or offloaded, never half', async () => {
    const { dataDir, setup, sessions } = await library([48 * MiB, 48 * MiB, 48 * MiB]);
    await setup.stop();
    // Killed while hashing (early), around the HEAD/commit/unlink (later), and after the answer.
    const delays = [20, 150, 400];
    for (const [i, s] of sessions.entries()) {
      const child = await serve(dataDir);
      const request = child.api(`/api/v1/sessions/${s.id}/offload`, { method: 'POST' }).catch(() => null);
      await sleep(delays[i]!);
      await child.kill9();
      await request;
      const after = await serve(dataDir); // start-up finishes what the kill interrupted
      const file = ((await after.api(`/api/v1/sessions/${s.id}`)).body.files as Loose[]).find(
        (f) => f.kind === 'recording',
      );
      expect(['present', 'offloaded']).toContain(file.local_copy);
      expect(existsSync(s.path)).toBe(file.local_copy === 'present');
      await after.stop();
      expect(await orphansOf(dataDir)).toEqual([]);
    }
  }, 240_000);

  it('a kill between the committed verification and the unlink: the restart finishes the offload', async () => {
    const { dataDir, setup, sessions } = await library([MiB]);
    const s = sessions[0]!;
    const fileId = setup.app.db
      .prepare("SELECT id FROM session_files WHERE session_id = ? AND kind = 'recording'")
      .pluck()
      .get(s.id) as number;
    // Exactly the state the offload commits before its unlink (the verification itself is covered elsewhere).
    setup.app.db
      .prepare(
        `INSERT INTO offloads (file_id, session_id, state, bytes, offloaded_at, updated_at)
         VALUES (?, ?, 'offloading', ?, '2026-01-01', '2026-01-01')`,
      )
      .run(fileId, s.id, s.size);
    await setup.stop();
    expect(existsSync(s.path)).toBe(true);
    const child = await serve(dataDir);
    await child.stop();
    expect(existsSync(s.path)).toBe(false);
    expect(await orphansOf(dataDir)).toEqual([]);
  }, 120_000);
});
