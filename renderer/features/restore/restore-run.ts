/**
 * The restore run this window shows, kept outside the components that start or show it: the empty library's
 * button starts a restore, and the library's status line (always mounted) shows its progress and, once done, its
 * summary. Progress comes from `restore.progress` events AND from the run's own state read from the API (on mount,
 * and right after starting): a small restore can finish before its first event reaches the page, and the first
 * restored session replaces the empty library (and its button) with the table — the summary must not depend on
 * either (the flaky e2e of issue 18).
 */
import { createStore } from 'zustand/vanilla';
import type { FilmroomEvent, RestoreRun } from '../../../shared/contract/index.js';

export type RestoreProgress = Pick<RestoreRun, 'job_id' | 'state' | 'done' | 'total'> & { errors: number };

export interface RestoreRunState {
  progress: RestoreProgress | null;
  /** The run was started (or found running) in this window: its summary stays until dismissed. */
  shown: boolean;
}

interface RestoreClient {
  start(input: { include_deleted: boolean }): Promise<{ job_id: string }>;
  latest(input: Record<string, never>): Promise<{ items: RestoreRun[] }>;
}

export const restoreRun = createStore<RestoreRunState>(() => ({ progress: null, shown: false }));

function fromRun(run: RestoreRun): RestoreProgress {
  return { job_id: run.job_id, state: run.state, done: run.done, total: run.total, errors: run.errors.length };
}

/** The run's state as the API holds it: picks up a run that is going, and the end of the one this window started. */
export async function refreshRestoreRun(client: RestoreClient): Promise<void> {
  const { items } = await client.latest({});
  const run = items[0];
  if (!run) return;
  const { progress, shown } = restoreRun.getState();
  if (run.state === 'running' || (shown && progress?.job_id === run.job_id))
    restoreRun.setState({ progress: fromRun(run), shown: true });
}

export async function startRestore(client: RestoreClient): Promise<void> {
  const { job_id } = await client.start({ include_deleted: false });
  const { progress } = restoreRun.getState();
  if (progress?.job_id !== job_id)
    restoreRun.setState({ progress: { job_id, state: 'running', done: 0, total: 0, errors: 0 }, shown: true });
  // It may have finished already, its events sent before this answer arrived.
  await refreshRestoreRun(client);
}

export function onRestoreEvent(event: FilmroomEvent): void {
  if (event.type !== 'restore.progress') return;
  const { progress } = restoreRun.getState();
  if (progress && progress.job_id !== event.job_id) return;
  restoreRun.setState({
    shown: true,
    progress: {
      job_id: event.job_id,
      state: event.state as RestoreProgress['state'],
      done: event.done,
      total: event.total,
      errors: event.errors,
    },
  });
}

export function dismissRestoreRun(): void {
  restoreRun.setState({ shown: false });
}
