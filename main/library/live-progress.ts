/**
 * A running analysis's progress between its state changes, in memory (issue 22: progress events no longer read or
 * write the session row). The analysis writes the session row when its job changes state (queued, running, done,
 * failed, cancelled); its progress ticks (up to 10 a second) only land here. Whoever shows a session — one session,
 * a page, the event stream, the analysis status — reads its row as it is now through `row()`, and a tick re-sends
 * the session as it was last shown with the new progress, so no tick costs a read or a (synchronous=FULL) commit.
 * Only sessions whose analysis is running are held: at most the queue's concurrency.
 */
import type { Session } from '../../shared/contract/session-schema.js';

interface Running {
  progress: number | null;
  /** The session as last sent on the event stream (a tick sends it again with its new progress). */
  shown: Session | null;
}

export class LiveProgress {
  readonly #running = new Map<string, Running>();

  /** The session's analysis runs from now on (its row says `processing`, written by that state change). */
  started(sessionId: string): void {
    this.#running.set(sessionId, { progress: null, shown: null });
  }

  /** Its analysis is not running any more (its row holds the final progress again). */
  ended(sessionId: string): void {
    this.#running.delete(sessionId);
  }

  /** A tick: the session as last shown, with the new progress (null: not running, or not shown yet). */
  tick(sessionId: string, progress: number): Session | null {
    const running = this.#running.get(sessionId);
    if (!running) return null;
    running.progress = progress;
    return running.shown ? { ...running.shown, analysis_progress: progress } : null;
  }

  /** The progress to show instead of the row's: that of the latest tick of a running analysis. */
  of(sessionId: string): number | undefined {
    return this.#running.get(sessionId)?.progress ?? undefined;
  }

  /**
   * A session row as it reads now: its running analysis's latest progress while the row says `processing` (once
   * the result is written, `ready` at 100 shows as written, before the job's `done` event ends the entry).
   */
  row<T extends { id: string; analysis_status: string; analysis_progress: number }>(row: T): T {
    const progress = row.analysis_status === 'processing' ? this.of(row.id) : undefined;
    return progress === undefined ? row : { ...row, analysis_progress: progress };
  }

  /** The session was sent on the event stream (kept while its analysis runs, for the next tick). */
  shown(session: Session): void {
    const running = this.#running.get(session.id);
    if (running) running.shown = session;
  }
}
