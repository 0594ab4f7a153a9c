/** Crash safety: start-up recovery of half-imported files and interrupted deletes, and a real kill -9 mid-import. */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, ftruncateSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFilmroom } from '../../../main/composition/index.js';
import { ADMIN } from '../../../main/platform/actor.js';
import { silentLogger } from '../../../main/platform/logger.js';
import { makeVideo } from '../../helpers/media.js';
import { tempDirsRemovedAfterAll } from '../../helpers/temp-dirs.js';

const dir = tempDirsRemovedAfterAll();

const start = (dataDir: string, recover: boolean) =>
  startFilmroom({ dataDir, logger: silentLogger, recover, autoAnalyze: false });

async function importOne(dataDir: string, copy = true): Promise<string> {
  const app = await start(dataDir, false);
  try {
    const r = await app.handlers.sessions.import({ path: makeVideo(dir('filmroom-media-')), copy }, { actor: ADMIN });
    return r.sessions[0]!.id;
  } finally {
    await app.close();
  }
}

function rawDb(dataDir: string, readonly = true) {
  return new Database(join(dataDir, 'library.db'), { readonly });
}

describe('start-up recovery of interrupted imports', () => {
  it('removes .part files and session folders without a row; keeps real sessions and other folders', async () => {
    const dataDir = dir();
    const id = await importOne(dataDir);
    const lib = join(dataDir, 'library');
    const sessionFolder = join(lib, id);
    const [mediaName] = readdirSync(sessionFolder);
    writeFileSync(join(sessionFolder, 'second.mp4.part'), 'half');
    const orphan = join(lib, 'ses_0000000000aaaaaaaaaa');
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'recording.mp4.part'), 'half a recording');
    mkdirSync(join(lib, '.incoming'), { recursive: true });
    writeFileSync(join(lib, '.incoming', 'upl_x.part'), 'half an upload');
    mkdirSync(join(lib, 'not-a-session'));
    writeFileSync(join(lib, 'not-a-session', 'keep.txt'), 'mine');

    const app = await start(dataDir, true);
    try {
      expect(existsSync(orphan)).toBe(false);
      expect(existsSync(join(lib, '.incoming', 'upl_x.part'))).toBe(false);
      expect(readdirSync(sessionFolder)).toEqual([mediaName]);
      expect(existsSync(join(lib, 'not-a-session', 'keep.txt'))).toBe(true);
      expect((await app.handlers.sessions.get({ id }, { actor: ADMIN })).status).toBe('uploaded');
    } finally {
      await app.close();
    }
  });

  it('recover:false (one-shot CLI commands) leaves them alone', async () => {
    const dataDir = dir();
    await importOne(dataDir);
    const orphan = join(dataDir, 'library', 'ses_0000000000bbbbbbbbbb');
    mkdirSync(orphan);
    writeFileSync(join(orphan, 'x.mp4.part'), 'in progress elsewhere');
    const app = await start(dataDir, false);
    await app.close();
    expect(existsSync(join(orphan, 'x.mp4.part'))).toBe(true);
  });
});

describe('start-up recovery of interrupted deletes', () => {
  it('finishes a delete left in status deleting: rows and managed files gone, audit written', async () => {
    const dataDir = dir();
    const id = await importOne(dataDir);
    const keep = await importOne(dataDir);
    const db = rawDb(dataDir, false);
    db.prepare("UPDATE sessions SET status = 'deleting' WHERE id = ?").run(id);
    db.close();
    expect(existsSync(join(dataDir, 'library', id))).toBe(true);

    const app = await start(dataDir, true);
    await app.close();

    const after = rawDb(dataDir);
    try {
      expect(after.prepare('SELECT COUNT(*) FROM sessions WHERE id = ?').pluck().get(id)).toBe(0);
      expect(after.prepare('SELECT COUNT(*) FROM session_files WHERE session_id = ?').pluck().get(id)).toBe(0);
      expect(after.prepare('SELECT COUNT(*) FROM sessions WHERE id = ?').pluck().get(keep)).toBe(1);
      const audit = after.prepare('SELECT actor, details FROM audit_log WHERE session_id = ?').all(id) as {
        actor: string;
        details: string;
      }[];
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toBe('system');
      // the session_counts kept by triggers agree with the table after the resumed delete
      expect(after.prepare('SELECT SUM(n) FROM session_counts').pluck().get()).toBe(1);
    } finally {
      after.close();
    }
    expect(existsSync(join(dataDir, 'library', id))).toBe(false);
    expect(existsSync(join(dataDir, 'library', keep))).toBe(true);
  });

  it('a resumed delete of an in-place session keeps the referenced file', async () => {
    const dataDir = dir();
    const id = await importOne(dataDir, false);
    const db = rawDb(dataDir, false);
    const src = db.prepare('SELECT path FROM session_files WHERE session_id = ?').pluck().get(id) as string;
    db.prepare("UPDATE sessions SET status = 'deleting' WHERE id = ?").run(id);
    db.close();
    await (await start(dataDir, true)).close();
    expect(existsSync(src)).toBe(true);
    const after = rawDb(dataDir);
    expect(after.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
    after.close();
  });
});

describe('kill -9 during `filmroom import`', () => {
  it('leaves no session row, and after restart no .part file or session folder', async () => {
    const dataDir = dir();
    await (await start(dataDir, false)).close(); // create the library
    // A real (faststart) mp4 padded to 6 GiB with a sparse tail: probe-able, quick to read, slow enough to copy.
    const big = makeVideo(dir('filmroom-big-'), 'big-recording.mp4');
    const fd = openSync(big, 'r+');
    ftruncateSync(fd, 6 * 1024 ** 3);
    closeSync(fd);

    const bin = fileURLToPath(new URL('../../../bin/filmroom.js', import.meta.url));
    const child = spawn(process.execPath, [bin, 'import', big, '--data-dir', dataDir], { stdio: 'ignore' });
    const lib = join(dataDir, 'library');
    const partFiles = () =>
      readdirSync(lib)
        .filter((n) => n.startsWith('ses_'))
        .flatMap((n) =>
          readdirSync(join(lib, n))
            .filter((f) => f.endsWith('.part'))
            .map((f) => join(lib, n, f)),
        );
    const deadline = Date.now() + 30_000;
    let seen: string[] = [];
    while (Date.now() < deadline && child.exitCode === null) {
      seen = partFiles();
      if (seen.length > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(seen.length, 'the import never started copying (or finished before it could be killed)').toBe(1);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const raw = rawDb(dataDir);
    expect(raw.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
    expect(raw.prepare('SELECT COUNT(*) FROM session_files').pluck().get()).toBe(0);
    raw.close();

    const app = await start(dataDir, true);
    try {
      expect(partFiles()).toEqual([]);
      expect(readdirSync(lib).filter((n) => n.startsWith('ses_'))).toEqual([]);
      expect((await app.handlers.system.health({}, { actor: ADMIN })).sessions).toBe(0);
    } finally {
      await app.close();
    }
  });
});
