/**
 * listFolderRecursive skips a subfolder that fails to read for any filesystem reason and reports it (a clean-clone
 * run once failed on `/proc/<pid>/net` giving EINVAL after the process exited mid-walk); the folder asked for still
 * throws. readdir is wrapped to fail for chosen folders: the race itself cannot be staged on demand.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { afterAll, describe, expect, it, vi } from 'vitest';

const failing = new Map<string, string>();
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  return {
    ...real,
    readdir: (async (path: string, options: never) => {
      const code = failing.get(path);
      if (code) throw Object.assign(new Error(`${code}: ${path}`), { code });
      return real.readdir(path, options);
    }) as typeof real.readdir,
  };
});

const { listFolderRecursive } = await import('../../../main/library/importers/list-folder.js');

const root = mkdtempSync(join(tmpdir(), 'filmroom-list-folder-'));
mkdirSync(join(root, 'a'));
mkdirSync(join(root, 'b'));
writeFileSync(join(root, 'a', 'one.mp4'), 'x');
writeFileSync(join(root, 'b', 'two.mp4'), 'x');
writeFileSync(join(root, 'top.mp4'), 'x');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('listFolderRecursive', () => {
  it.each(['EINVAL', 'EIO', 'EACCES', 'ENOENT'])('skips and reports a subfolder failing with %s', async (code) => {
    failing.clear();
    failing.set(join(root, 'b'), code);
    const unreadable: string[] = [];
    const files = await listFolderRecursive(root, unreadable);
    expect(files).toEqual([join(root, 'a', 'one.mp4'), join(root, 'top.mp4')]);
    expect(unreadable).toEqual([join(root, 'b')]);
  });

  it('throws when the folder asked for cannot be read', async () => {
    failing.clear();
    failing.set(root, 'EINVAL');
    await expect(listFolderRecursive(root, [])).rejects.toMatchObject({ code: 'EINVAL' });
  });

  it('lists everything when nothing fails', async () => {
    failing.clear();
    const unreadable: string[] = [];
    expect(await listFolderRecursive(root, unreadable)).toHaveLength(3);
    expect(unreadable).toEqual([]);
  });
});
