/**
 * Title ranks kept spaced on the write path, off the request (issue 21): a write that may crowd a title rank (a new
 * session, a changed title) schedules `TitleRanks.step()` on the event loop, a bounded number of rows per
 * transaction, the loop served between steps, until nothing is crowded. A title-sorted search never respaces: while a
 * rank is still shared it is one bucket that search sorts whole (exact, just not streamed), so order is right at
 * every moment and a GET pays nothing for the upkeep. The library builds one for its connection and hands it to
 * the repositories that write titles (`createLibraryRecords`); a process that only seeds builds its own.
 */
import type { LibraryDb } from '../../db/index.js';
import { TitleRanks } from './title-ranks-repository.js';

/** Rows moved per step (each a delete and an insert in `sessions_by_title`: ~0.1–0.5 ms, so a step is ~10–60 ms). */
export const UPKEEP_ROWS = 128;
/** A busy library (a write elsewhere holds it) is tried again after this long. */
const RETRY_MS = 200;

export interface UpkeepStats {
  steps: number;
  rows: number;
  titles: number;
  /** The most rows one step moved. */
  maxStepRows: number;
}

export class TitleUpkeep {
  readonly #db: LibraryDb;
  readonly ranks: TitleRanks;
  readonly stats: UpkeepStats = { steps: 0, rows: 0, titles: 0, maxStepRows: 0 };
  #scheduled = false;
  #paused = false;

  constructor(db: LibraryDb) {
    this.#db = db;
    this.ranks = new TitleRanks(db);
  }

  /** After a write that may have crowded a rank: steps run on the event loop until nothing is crowded. */
  schedule(delayMs = 0): void {
    if (this.#scheduled || this.#paused) return;
    this.#scheduled = true;
    const run = () => {
      this.#scheduled = false;
      this.#tick();
    };
    if (delayMs > 0) setTimeout(run, delayMs).unref();
    else setImmediate(run).unref();
  }

  /** Stops scheduling (tests: a library with respacing pending); `resume()` picks it up again. */
  pause(): void {
    this.#paused = true;
  }

  resume(): void {
    this.#paused = false;
    this.schedule();
  }

  /** One step now (tests, and `drain`); true while more is pending. */
  runStep(maxRows = UPKEEP_ROWS): boolean {
    const step = this.ranks.step(maxRows);
    this.stats.steps += 1;
    this.stats.rows += step.rows;
    this.stats.titles += step.titles;
    this.stats.maxStepRows = Math.max(this.stats.maxStepRows, step.rows);
    return step.pending;
  }

  /** Every pending step at once (the seeder, the CLI): a library handed over with its ranks spaced. */
  drain(): void {
    while (this.runStep(UPKEEP_ROWS * 16));
  }

  #tick(): void {
    if (this.#paused || !this.#db.open) return;
    try {
      if (this.runStep()) this.schedule();
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      // A write elsewhere holding the library: later. Anything else: the next write schedules again.
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') this.schedule(RETRY_MS);
    }
  }
}
