/** Process checks shared by the tests that assert "no ffmpeg left". */
import { readFileSync } from 'node:fs';

/** Running (a zombie is dead: orphans are re-parented to an init that may never reap them). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}
