/**
 * Whether the previous owner of the library stopped cleanly: a durable mark in the data folder (issue 22, start-up
 * on a large library). The owner process writes `in use` (fsynced, with its folder) before it does any work, and
 * `stopped cleanly` once it has stopped everything — its transport, its jobs, its modules, both connections. A kill
 * -9, a crash or a power cut leaves `in use`; so does a version before this mark (no file at all). Start-up
 * recovery walks every session folder only then: after a clean stop nothing can be half-written in them, every
 * writer having finished or cleaned up before the stop returned.
 *
 * A run that was to recover (the previous one did not stop cleanly) writes `stopped cleanly` only once its recovery
 * has finished (`recovered()`): a start that fails before it (a port in use) leaves the walk to the next start.
 * A one-shot CLI command (not the owner: `filmroom import` beside a running app) marks the library in use under its
 * own name (`markInUse()`) and never writes `stopped cleanly`; the owner writes it only over its own mark. So a kill
 * of a one-shot import, with or without an owner running, is walked at the owner's next start.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const IN_USE = 'in use';
const inUseBy = () => `${IN_USE} by ${process.pid} since ${new Date().toISOString()}`;
const STOPPED = 'stopped cleanly';
export const RUN_STATE_FILE = 'run-state';

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(file: string, text: string): void {
  const part = `${file}.part`;
  writeFileSync(part, `${text}\n`, { mode: 0o600 });
  fsyncPath(part);
  renameSync(part, file);
  fsyncPath(dirname(file));
}

export class RunState {
  readonly #file: string;
  readonly #mark = inUseBy();
  #previousClean = false;
  #recovered = false;

  constructor(dataDir: string) {
    this.#file = join(dataDir, RUN_STATE_FILE);
  }

  /** Reads how the previous run ended, then marks this one in use (durably, before any work). */
  begin(): { previousStoppedCleanly: boolean } {
    let previous: string | null;
    try {
      previous = readFileSync(this.#file, 'utf8').trim();
    } catch {
      previous = null; // no mark: a new library, or one a version before this mark ran (it may have crashed)
    }
    this.#previousClean = previous === STOPPED;
    writeDurably(this.#file, this.#mark);
    return { previousStoppedCleanly: this.#previousClean };
  }

  /** A process that writes the library without owning it: the owner's next start walks the session folders. */
  markInUse(): void {
    writeDurably(this.#file, this.#mark);
  }

  /** Start-up recovery finished: a clean stop of this run may now say so. */
  recovered(): void {
    this.#recovered = true;
  }

  /** Everything stopped: the next start need not walk the session folders (unless this run never recovered). */
  end(): void {
    if (!this.#previousClean && !this.#recovered) return;
    let current: string | null;
    try {
      current = readFileSync(this.#file, 'utf8').trim();
    } catch {
      current = null;
    }
    if (current === this.#mark) writeDurably(this.#file, STOPPED); // else a one-shot command marked it since
  }
}
