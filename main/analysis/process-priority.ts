/**
 * Analysis is background work: when it runs in this process (no worker), its ffmpeg children get a lower CPU
 * priority so the UI and the API stay responsive on a 2-core machine while both cores decode. (In the worker,
 * ffmpeg inherits the worker's own background priority instead.)
 */
import { setPriority } from 'node:os';

export function lowerPriority(pid: number): void {
  try {
    setPriority(pid, 19);
  } catch {
    // not permitted on this OS: run at normal priority
  }
}
