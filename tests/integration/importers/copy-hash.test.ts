import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyIntoLibrary, hashFile } from '../../../main/library/files/copy-hash.js';
import { isFileStable } from '../../../main/library/files/file-stability.js';
import { moveIntoLibrary } from '../../../main/library/files/move-into-library.js';

const dir = mkdtempSync(join(tmpdir(), 'filmroom-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256sum = (path: string): string => execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]!;

describe('copyIntoLibrary', () => {
  it('copies byte for byte, and its sha256 matches sha256sum (several chunks, uneven tail)', async () => {
    const src = join(dir, 'src.bin');
    writeFileSync(src, randomBytes(3 * 1024 * 1024 + 12345));
    const progress: number[] = [];
    const dest = join(dir, 'lib', 'ses_a', 'recording.mp4');
    const result = await copyIntoLibrary(src, dest, {
      chunkBytes: 1024 * 1024,
      flushEveryBytes: 1024 * 1024, // exercise the background flushes too
      onProgress: (b) => progress.push(b),
    });
    expect(result).toEqual({ sha256: sha256sum(src), size: 3 * 1024 * 1024 + 12345 });
    expect(readFileSync(dest).equals(readFileSync(src))).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(progress).toEqual([1, 2, 3].map((m) => m * 1024 * 1024).concat(3 * 1024 * 1024 + 12345));
  });

  it('reads the source exactly once: copying from a named pipe (readable only once) still gives the right sha', async () => {
    const src = join(dir, 'once.bin');
    writeFileSync(src, randomBytes(2 * 1024 * 1024 + 99));
    const fifo = join(dir, 'once.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', src, fifo]);
    const writerDone = new Promise((resolve) => writer.on('close', resolve));
    const result = await copyIntoLibrary(fifo, join(dir, 'lib', 'from-pipe.bin'), { chunkBytes: 512 * 1024 });
    await writerDone;
    expect(result).toEqual({ sha256: sha256sum(src), size: 2 * 1024 * 1024 + 99 });
    expect(readFileSync(join(dir, 'lib', 'from-pipe.bin')).equals(readFileSync(src))).toBe(true);
  });

  it('copies an empty file', async () => {
    const src = join(dir, 'empty.bin');
    writeFileSync(src, '');
    const result = await copyIntoLibrary(src, join(dir, 'lib', 'empty.bin'));
    expect(result).toEqual({ sha256: sha256sum(src), size: 0 });
  });

  it('leaves no .part file and no destination when aborted mid-copy', async () => {
    const src = join(dir, 'big.bin');
    writeFileSync(src, randomBytes(4 * 1024 * 1024));
    const dest = join(dir, 'lib', 'ses_b', 'recording.mp4');
    const controller = new AbortController();
    let sawPart = false;
    const copying = copyIntoLibrary(src, dest, {
      chunkBytes: 256 * 1024,
      signal: controller.signal,
      onProgress: (bytes) => {
        if (bytes >= 1024 * 1024 && !controller.signal.aborted) {
          sawPart = existsSync(`${dest}.part`);
          controller.abort(new Error('coach cancelled'));
        }
      },
    });
    await expect(copying).rejects.toThrow('coach cancelled');
    expect(sawPart).toBe(true);
    expect(readdirSync(join(dir, 'lib', 'ses_b'))).toEqual([]);
  });

  it('fails clearly for a missing source and leaves nothing behind', async () => {
    const dest = join(dir, 'lib', 'ses_c', 'x.mp4');
    await expect(copyIntoLibrary(join(dir, 'nope.mp4'), dest)).rejects.toThrow(/ENOENT/);
    expect(readdirSync(join(dir, 'lib', 'ses_c'))).toEqual([]);
  });
});

describe('hashFile', () => {
  it('matches sha256sum and reports the size', async () => {
    const src = join(dir, 'h.bin');
    writeFileSync(src, randomBytes(5 * 1024 * 1024 + 7));
    expect(await hashFile(src, { chunkBytes: 1024 * 1024 })).toEqual({
      sha256: sha256sum(src),
      size: 5 * 1024 * 1024 + 7,
    });
  });
});

describe('isFileStable', () => {
  it('is true for a file that does not change, false for one that grows or does not exist', async () => {
    const path = join(dir, 'growing.mp4');
    writeFileSync(path, 'a');
    expect(await isFileStable(path, { intervalMs: 50 })).toBe(true);
    const timer = setInterval(() => appendFileSync(path, 'more'), 10);
    try {
      expect(await isFileStable(path, { intervalMs: 100 })).toBe(false);
    } finally {
      clearInterval(timer);
    }
    expect(await isFileStable(join(dir, 'missing.mp4'), { intervalMs: 10 })).toBe(false);
  });
});

describe('moveIntoLibrary (uploads Filmroom wrote itself)', () => {
  it('hashes and renames: the same inode lands in the session folder, nothing is written twice', async () => {
    const src = join(dir, 'incoming', 'upl_1', 'upload.mp4');
    execFileSync('mkdir', ['-p', join(dir, 'incoming', 'upl_1')]);
    writeFileSync(src, randomBytes(2 * 1024 * 1024 + 7));
    const expected = sha256sum(src);
    const inode = statSync(src).ino;
    const dest = join(dir, 'lib', 'ses_moved', 'upload.mp4');
    const result = await moveIntoLibrary(src, dest);
    expect(result).toEqual({ sha256: expected, size: 2 * 1024 * 1024 + 7 });
    expect(statSync(dest).ino).toBe(inode);
    expect(existsSync(src)).toBe(false);
    expect(sha256sum(dest)).toBe(expected);
  });

  it('a missing source is an error and creates nothing at the destination', async () => {
    const dest = join(dir, 'lib', 'ses_none', 'x.mp4');
    await expect(moveIntoLibrary(join(dir, 'nope.mp4'), dest)).rejects.toThrow(/ENOENT/);
    expect(existsSync(dest)).toBe(false);
  });
});
