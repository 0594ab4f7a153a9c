/**
 * Whether a file has stopped changing: Zoom converting, a browser downloading or a sync client copying all grow a
 * file for a while. Size and modification time must be the same across a wait of `intervalMs`.
 */
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StabilityOptions {
  /** How long the file must stay unchanged; default 2 s. */
  intervalMs?: number;
  signal?: AbortSignal;
}

async function snapshot(path: string): Promise<{ size: number; mtimeMs: number } | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : null;
  } catch {
    return null; // gone (or not yet there): not stable
  }
}

export async function isFileStable(path: string, options: StabilityOptions = {}): Promise<boolean> {
  const before = await snapshot(path);
  if (!before) return false;
  await sleep(options.intervalMs ?? 2000, undefined, { signal: options.signal });
  const after = await snapshot(path);
  return after !== null && after.size === before.size && after.mtimeMs === before.mtimeMs;
}
