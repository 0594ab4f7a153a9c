/**
 * GET /api/v1/storage: library figures from the trigger-kept counters (`session_counts`, `trash_totals`), never a
 * scan, so it costs the same at a million sessions; disk space from the OS (`statfs` on the library folder).
 */
import type { LibraryLayout } from '../storage/index.js';
import { statfs } from 'node:fs/promises';
import type { StorageReport } from '../../shared/contract/storage.js';
import type { SessionsRepository } from '../library/index.js';
import { scopedCoach, type Actor } from '../platform/actor.js';
import type { SettingsRepository } from '../settings/index.js';
import { OFFLOAD_STATES, type OffloadedFiles } from './sync-tables.js';
import type { TrashRepository } from './trash-repository.js';

const QUOTA_KEY = 'storage.quota_bytes';
const WARN_AT = 0.9;

export class StorageService {
  constructor(
    private readonly deps: {
      sessions: SessionsRepository;
      trash: TrashRepository;
      /** The `settings` table: the quota is stored there. */
      settingsStore: SettingsRepository;
      /** Sync's offloads: which sessions' recordings are held in S3 only. */
      offloads: OffloadedFiles;
      layout: LibraryLayout;
      /** S3 figures once S3 sync is configured (null: no S3). */
      s3Totals?: () => StorageReport['s3'];
    },
  ) {}

  async report(actor: Actor): Promise<StorageReport> {
    const coach = scopedCoach(actor);
    const byStatus = this.deps.sessions.totalsByStatus(coach);
    const totals = Object.values(byStatus).reduce((a, b) => ({ n: a.n + b.sessions, bytes: a.bytes + b.bytes }), {
      n: 0,
      bytes: 0,
    });
    const trash = this.deps.trash.totals(coach ?? null);
    const fs = await statfs(this.deps.layout.root);
    const quota = this.quota();
    // Offloaded recordings are held in S3 only: their bytes no longer take room in the library folder.
    const localBytes = Math.max(0, totals.bytes - this.#offloadedBytes(coach ?? null));
    const used = localBytes + trash.bytes;
    let warning: string | null = null;
    if (quota !== null && quota > 0 && used >= quota) warning = 'The library has reached its quota';
    else if (quota !== null && quota > 0 && used >= quota * WARN_AT)
      warning = `The library uses ${Math.round((used / quota) * 100)} % of its quota`;
    return {
      library_bytes: localBytes,
      sessions: totals.n,
      by_status: byStatus,
      trash_bytes: trash.bytes,
      trash_sessions: trash.sessions,
      offloaded_sessions: this.#offloadedSessions(coach ?? null),
      s3: this.deps.s3Totals?.() ?? null,
      disk: { free: fs.bavail * fs.bsize, total: fs.blocks * fs.bsize },
      quota_bytes: quota,
      quota_warning: warning,
    };
  }

  /** Sessions whose recording is held in S3 only (migration 0010's `offloads`: as many rows as offloaded files). */
  #offloadedSessions(coach: string | null): number {
    const ids = new Set<string>();
    for (const state of OFFLOAD_STATES) for (const row of this.deps.offloads.inState(state)) ids.add(row.session_id);
    return coach === null ? ids.size : this.deps.sessions.countOwnedBy([...ids], coach);
  }

  /** Bytes of recordings whose local copy was given up (offloaded, or still being restored). */
  #offloadedBytes(coach: string | null): number {
    let bytes = 0;
    for (const state of ['offloaded', 'restoring'] as const)
      for (const row of this.deps.offloads.inState(state))
        if (coach === null || this.deps.sessions.get(row.session_id)?.coach_id === coach) bytes += row.bytes;
    return bytes;
  }

  quota(): number | null {
    const stored = this.deps.settingsStore.get(QUOTA_KEY) as number | null | undefined;
    return stored === undefined ? null : stored;
  }

  setQuota(bytes: number | null): void {
    this.deps.settingsStore.put({ [QUOTA_KEY]: bytes });
  }
}
