/** Where chunk progress lives: the queue's job_chunks rows, or memory for direct use. */
/** One chunk of a job's work: its index and the span it covers (seconds, for media jobs). */
export interface ChunkPlanEntry {
  idx: number;
  start: number;
  end: number;
}

export interface ChunkStore<R> {
  /** Saves the plan, or returns the one saved by an earlier attempt (so resumed chunk results line up). */
  plan(entries: readonly ChunkPlanEntry[]): ChunkPlanEntry[];
  /** The plan an earlier attempt saved, if any (read without saving one). */
  saved?(): ChunkPlanEntry[] | undefined;
  markRunning?(idx: number): void;
  markDone(idx: number, result: R): void;
  doneResults(): Map<number, R>;
}

export function memoryChunkStore<R>(): ChunkStore<R> {
  let saved: ChunkPlanEntry[] | undefined;
  const done = new Map<number, R>();
  return {
    plan: (entries) => (saved ??= [...entries]),
    saved: () => (saved ? [...saved] : undefined),
    markDone: (idx, result) => void done.set(idx, result),
    doneResults: () => new Map(done),
  };
}
