/**
 * kill -9 of a real `filmroom import <big file>` child at different moments of the copy, then a restart with
 * start-up recovery (the HTTP server on the same data dir): either no session and nothing left on disk, or a
 * finished session whose files are all there, complete and matching their hashes. Never a row pointing at a
 * missing or partial file, never a `.part` leftover.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../helpers/media.js';
import { startTestServer, type Loose } from '../../helpers/server.js';
import { filesUnder, spawnFilmroom, until } from './child-process.js';

const SIZE = 400 * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'filmroom-killcopy-'));
const source = join(work, 'Big coaching session.mp4');
let sourceSha = '';

beforeAll(() => {
  // 400 MB quickly: an allocated (zero) file with random bytes at the start, so it is not all zeros. A failed
  // probe still makes a (failed) session, which is a finished import for the purpose of this test.
  try {
    execFileSync('fallocate', ['-l', String(SIZE), source]);
  } catch {
    execFileSync('truncate', ['-s', String(SIZE), source]);
  }
  const fd = openSync(source, 'r+');
  writeSync(fd, randomBytes(1024 * 1024), 0, 1024 * 1024, 0);
  closeSync(fd);
  sourceSha = sha256File(source);
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Session folders in the library and what they hold right now. */
function snapshot(libraryDir: string): { folder: string; files: { name: string; size: number }[] }[] {
  if (!existsSync(libraryDir)) return [];
  const out: { folder: string; files: { name: string; size: number }[] }[] = [];
  for (const name of readdirSync(libraryDir)) {
    if (!name.startsWith('ses_')) continue;
    const folder = join(libraryDir, name);
    try {
      out.push({
        folder,
        files: readdirSync(folder).map((f) => ({ name: f, size: statSync(join(folder, f)).size })),
      });
    } catch {
      /* removed meanwhile */
    }
  }
  return out;
}

type Moment = 'part-appeared' | 'half-copied' | 'renamed';

const reached: Record<Moment, (s: ReturnType<typeof snapshot>) => boolean> = {
  'part-appeared': (s) => s.some((d) => d.files.some((f) => f.name.endsWith('.part'))),
  'half-copied': (s) => s.some((d) => d.files.some((f) => f.name.endsWith('.part') && f.size >= SIZE / 2)),
  renamed: (s) => s.some((d) => d.files.some((f) => !f.name.endsWith('.part') && f.size === SIZE)),
};

async function killAt(moment: Moment): Promise<{ dataDir: string; killedMidway: boolean; seen: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'filmroom-killcopy-data-'));
  const libraryDir = join(dataDir, 'library');
  const child = spawnFilmroom(['import', source, '--data-dir', dataDir]);
  let seen = '';
  try {
    await until(
      () => {
        if (child.child.exitCode !== null) return true; // finished before the moment: still a valid outcome
        const s = snapshot(libraryDir);
        if (!reached[moment](s)) return false;
        child.child.kill('SIGKILL');
        seen = JSON.stringify(s.map((d) => d.files));
        return true;
      },
      90_000,
      `the import to reach "${moment}"`,
      2,
    );
  } finally {
    await child.kill9();
  }
  const { signal } = await child.exited;
  return { dataDir, killedMidway: signal === 'SIGKILL', seen };
}

async function assertAllOrNothing(dataDir: string): Promise<{ sessions: Loose[] }> {
  const s = await startTestServer({ dataDir, autoAnalyze: false, watchFolders: false }); // recovery runs here
  try {
    const list = await s.api('/api/v1/sessions', { query: { exclude_failed: false, limit: 500 } });
    expect(list.status).toBe(200);
    const sessions = list.body.items as Loose[];
    expect(sessions.length).toBeLessThanOrEqual(1);
    for (const row of sessions) {
      const ses = (await s.api(`/api/v1/sessions/${row.id}`)).body;
      expect(['uploaded', 'failed']).toContain(ses.status); // finished, not stuck mid-import
      expect(ses.sha256).toBe(sourceSha);
      expect(ses.size).toBe(SIZE);
      expect(ses.files).toHaveLength(1);
      const folder = join(s.app.paths.libraryDir, ses.id);
      const onDisk = join(folder, ses.files[0].name);
      expect(existsSync(onDisk), `${onDisk} is missing`).toBe(true);
      expect(statSync(onDisk).size).toBe(SIZE);
      expect(sha256File(onDisk)).toBe(sourceSha);
    }
    // Nothing else: no .part anywhere, no session folder without its row, nothing in .incoming.
    expect(filesUnder(dataDir).filter((p) => p.endsWith('.part'))).toEqual([]);
    const folders = readdirSync(s.app.paths.libraryDir).filter((n) => n.startsWith('ses_'));
    expect(folders.sort()).toEqual(sessions.map((x) => x.id).sort());
    const incoming = s.app.paths.incomingDir;
    expect(existsSync(incoming) ? readdirSync(incoming) : []).toEqual([]);
    // The source is never touched.
    expect(statSync(source).size).toBe(SIZE);
    return { sessions };
  } finally {
    await s.close(); // removes dataDir
  }
}

describe('kill -9 during a copy import (`filmroom import <400 MB file>`)', () => {
  it('killed as soon as the .part appears → after restart: nothing (no row, no folder, no .part)', async () => {
    const { dataDir, killedMidway, seen } = await killAt('part-appeared');
    expect(killedMidway, 'the child finished before it could be killed').toBe(true);
    const { sessions } = await assertAllOrNothing(dataDir);
    expect(sessions, seen).toEqual([]);
  }, 150_000);

  it('killed half-way through the copy → after restart: nothing', async () => {
    const { dataDir, killedMidway, seen } = await killAt('half-copied');
    expect(killedMidway, 'the child finished before it could be killed').toBe(true);
    const { sessions } = await assertAllOrNothing(dataDir);
    expect(sessions, seen).toEqual([]);
  }, 150_000);

  it('killed right after the rename (commit pending or done) → after restart: the finished session or nothing', async () => {
    const { dataDir } = await killAt('renamed');
    await assertAllOrNothing(dataDir);
  }, 150_000);
});
