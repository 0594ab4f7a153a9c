/**
 * A small tmpfs as the data folder, so the soak can fill the disk (ENOSPC) under a running server. Needs root and
 * CAP_SYS_ADMIN (`mount -t tmpfs`); without them the soak runs on the ordinary temp folder and says why.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface Disk {
  /** The folder to use as the data folder. */
  dataDir: string;
  /** Null when ENOSPC cannot be made here (and why not, in `reason`). */
  mount: string | null;
  reason: string | null;
  /** Leaves at most `leaveBytes` free. */
  fill(leaveBytes?: number): void;
  free(): void;
  close(): void;
}

export function prepareDisk(root: string, wantTmpfs: boolean, sizeMb = 192): Disk {
  const mount = join(root, 'tmpfs');
  mkdirSync(mount, { recursive: true });
  let mounted = false;
  let reason: string | null = wantTmpfs ? null : 'disabled (--no-tmpfs)';
  if (wantTmpfs) {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m,mode=0700`, 'tmpfs', mount], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      reason = `mount -t tmpfs not permitted here: ${((error as { stderr?: Buffer }).stderr ?? '').toString().trim() || (error as Error).message}`;
    }
  }
  const dataDir = join(mount, 'data');
  mkdirSync(dataDir, { recursive: true });
  const filler = join(mount, 'filler');
  return {
    dataDir,
    mount: mounted ? mount : null,
    reason,
    fill(leaveBytes = 16 * 1024) {
      if (!mounted) return;
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(1024 * 1024);
      try {
        for (;;) {
          const s = statfsSync(mount);
          const free = s.bavail * s.bsize;
          if (free <= leaveBytes) break;
          const n = Math.min(chunk.length, Math.max(free - leaveBytes, 4096));
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
    close() {
      rmSync(filler, { force: true });
      if (mounted) {
        try {
          execFileSync('umount', [mount], { stdio: 'pipe' });
        } catch {
          execFileSync('umount', ['-l', mount], { stdio: 'pipe' });
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}
