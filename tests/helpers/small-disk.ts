/**
 * A real small disk for full-disk tests: a tmpfs mounted over a folder, filled to leave a few bytes, freed again.
 * Needs root and CAP_SYS_ADMIN (`mount -t tmpfs`, as the soak does); `tmpfsUnavailable()` says why not elsewhere, so
 * the tests skip with the reason.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Null when a tmpfs can be mounted here, else the reason it cannot. */
export function tmpfsUnavailable(): string | null {
  const probe = mkdtempSync(join(tmpdir(), 'filmroom-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'pipe' });
    execFileSync('umount', [probe], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return `mount -t tmpfs is not permitted here (${(error as Error).message.split('\n')[0]})`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}

export interface SmallDisk {
  folder: string;
  /** Fills the disk until at most `leaveBytes` are free (0: until the file system refuses a byte more). */
  fill(leaveBytes?: number): void;
  /** Free bytes left on the disk now. */
  freeBytes(): number;
  /** Removes the filler: the disk has room again. */
  free(): void;
  unmount(): void;
}

/** Mounts a tmpfs of `size` (mount's syntax: `2m`, `512k`) over `folder` (created if missing). */
export function mountSmallDisk(folder: string, size: string): SmallDisk {
  mkdirSync(folder, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', folder], { stdio: 'pipe' });
  const filler = join(folder, '.filler');
  const freeBytes = () => {
    const s = statfsSync(folder);
    return s.bavail * s.bsize;
  };
  let mounted = true;
  return {
    folder,
    freeBytes,
    fill(leaveBytes = 0) {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(256 * 1024);
      try {
        for (;;) {
          const free = freeBytes();
          if (free <= leaveBytes) break;
          const n = Math.min(chunk.length, Math.max(free - leaveBytes, 1));
          try {
            writeSync(fd, chunk, 0, n);
          } catch {
            break; // ENOSPC: full
          }
        }
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      try {
        execFileSync('umount', [folder], { stdio: 'pipe' });
      } catch {
        execFileSync('umount', ['-l', folder], { stdio: 'pipe' });
      }
    },
  };
}
