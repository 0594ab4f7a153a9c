/**
 * The keep-local policy (issue 20: "the recording itself is fetched on demand, with a policy such as keep local
 * copies of the last N days or never"). `keep_local_days: null` never downloads anything. With N days, sessions
 * from other devices recorded within the last N days whose recording is held in S3 only get it downloaded in the
 * background, through the restore-local path (its job, progress and resumable download); a copy this policy
 * fetched is given back to the bucket once the session is older than N days, through the offload path, which
 * re-hashes the local file and checks the object (size and sha256) before it removes anything — a file not verified
 * in the bucket is never dropped. Copies recorded here or downloaded by hand are never dropped by the policy.
 */
import type { SessionsRepository } from '../library/index.js';
import type { Logger } from '../platform/logger.js';
import type { DeviceSelfRepository } from './device-self-repository.js';
import type { FetchedRepository } from './fetched-repository.js';

/** What the policy uses of sync's offload service (handed in by the composition root). */
export interface RecordingCopies {
  /** Sessions with files held in S3 only since a restore brought them here. */
  remoteSessions(): string[];
  /** Queues the download of the session's files held in S3 (restore-local). */
  fetch(sessionId: string): void;
  /** Gives the local recording back to the bucket once verified there (offload); throws the refusal. */
  drop(sessionId: string): Promise<unknown>;
}

export interface KeepLocalDeps {
  self: DeviceSelfRepository;
  fetched: FetchedRepository;
  sessions: Pick<SessionsRepository, 'get' | 'files'>;
  copies: RecordingCopies;
  logger: Logger;
  nowMs: () => number;
}

const DAY_MS = 86_400_000;
/** Downloads queued by one run (the queue runs them a few at a time; the next run queues more). */
const FETCH_PER_RUN = 20;
const AT_REST = new Set(['uploaded', 'ready', 'failed']);

export interface KeepLocalResult {
  fetched: string[];
  dropped: string[];
}

export class KeepLocalPolicy {
  constructor(private readonly deps: KeepLocalDeps) {}

  async run(): Promise<KeepLocalResult> {
    const result: KeepLocalResult = { fetched: [], dropped: [] };
    const days = this.deps.self.get()?.keep_local_days;
    if (days === null || days === undefined) return result;
    const cutoff = new Date(this.deps.nowMs() - days * DAY_MS).toISOString();
    const now = new Date(this.deps.nowMs()).toISOString();
    const { fetched, copies } = this.deps;
    const candidates = new Set([...copies.remoteSessions(), ...fetched.all('dropped')]);
    for (const id of candidates) {
      if (result.fetched.length >= FETCH_PER_RUN) break;
      const row = this.deps.sessions.get(id);
      if (!row) {
        fetched.remove(id); // the session is gone (deleted here or by another device): forget it
        continue;
      }
      if (row.origin !== 'library' || !AT_REST.has(row.status) || row.recorded_at < cutoff) continue;
      if (this.#recording(id)?.offload_state !== 'offloaded') continue;
      try {
        copies.fetch(id);
        fetched.set(id, 'local', now);
        result.fetched.push(id);
      } catch (error) {
        this.deps.logger.warn({ sessionId: id, err: plain(error) }, 'keep-local: download not queued');
      }
    }
    for (const id of fetched.all('local')) {
      const row = this.deps.sessions.get(id);
      if (!row) {
        fetched.remove(id);
        continue;
      }
      if (row.recorded_at >= cutoff) continue;
      const state = this.#recording(id)?.offload_state;
      if (state === 'offloaded') fetched.set(id, 'dropped', now);
      if (state !== null && state !== undefined) continue; // held in S3 already, or a download or offload under way
      try {
        await copies.drop(id);
        fetched.set(id, 'dropped', now);
        result.dropped.push(id);
      } catch (error) {
        // Not verified in the bucket (or busy): the local copy stays; tried again on a later run.
        this.deps.logger.info({ sessionId: id, err: plain(error) }, 'keep-local: local copy kept');
      }
    }
    return result;
  }

  #recording(id: string) {
    return this.deps.sessions.files(id).find((f) => f.kind === 'recording');
  }
}

function plain(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
