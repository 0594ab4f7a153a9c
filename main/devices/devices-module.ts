/**
 * The devices module (issue 20): one library on every device through the bucket. Built in two steps by the
 * composition root, both explicit:
 *   1. `createDeviceOutbox` before the library's rows — the library is handed its `outbox` as its ChangeLog, so
 *      every edit records its change in the edit's own transaction;
 *   2. `createDevicesModule` after cleanup — handed the library's repositories (to apply other devices' changes),
 *      the trash and deletion as a `SessionLifecycle`, sync's store and bucket sync (new sessions come through the
 *      restore path), and the event bus.
 */
import type { FilmroomHandlers } from '../../shared/contract/index.js';
import type { FilmroomEvent } from '../../shared/contract/events.js';
import type { LibraryDb } from '../db/index.js';
import type { AuditLog, MarkersRepository, SessionsRepository } from '../library/index.js';
import type { Logger } from '../platform/logger.js';
import type { RequestContext } from '../platform/request-context.js';
import { ChangeApplier, type SessionLifecycle } from './change-applier.js';
import { DeviceOutbox } from './device-outbox.js';
import { DeviceSelfRepository } from './device-self-repository.js';
import { DeviceSync, type DeviceStore } from './device-sync.js';
import { DevicesService } from './devices-service.js';
import { FetchedRepository } from './fetched-repository.js';
import { KeepLocalPolicy, type RecordingCopies } from './keep-local.js';
import { devicesHandlers } from './handlers/devices-handlers.js';
import { MergeStateRepository } from './merge-state-repository.js';
import { OutboxRepository } from './outbox-repository.js';
import { PeersRepository } from './peers-repository.js';
import { Snapshots } from './snapshots.js';

export type DeviceOutboxParts = ReturnType<typeof createDeviceOutbox>;

/** Step 1: this device's identity, clock and outbox (the library's ChangeLog). */
export function createDeviceOutbox(deps: { db: LibraryDb; env: NodeJS.ProcessEnv; nowIso: () => string }) {
  // Tests shift this device's hybrid clock (never the rest of the app's) to prove skew loses no edit.
  const skew = Number(deps.env.FILMROOM_TEST_CLOCK_SKEW_MS ?? 0) || 0;
  const self = new DeviceSelfRepository(deps.db);
  const outboxRows = new OutboxRepository(deps.db);
  const state = new MergeStateRepository(deps.db);
  const outbox = new DeviceOutbox({
    self,
    outbox: outboxRows,
    state,
    wallMs: () => Date.now() + skew,
    nowIso: deps.nowIso,
  });
  return { self, outboxRows, state, outbox, tuning: compactionTuning(deps.env) };
}

/**
 * Compaction's settings (defaults for a real library; tests and benchmarks shorten them through the environment):
 * a snapshot after 10,000 changes or a day with any change, cursors published at most every minute, retention only
 * of what snapshots at least an hour old cover.
 */
function compactionTuning(env: NodeJS.ProcessEnv) {
  const num = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    snapshotEveryChanges: num('FILMROOM_DEVICES_SNAPSHOT_EVERY_CHANGES', 10_000),
    snapshotEveryMs: num('FILMROOM_DEVICES_SNAPSHOT_EVERY_MS', 24 * 3600_000),
    cursorsEveryMs: num('FILMROOM_DEVICES_CURSORS_EVERY_MS', 60_000),
    graceMs: num('FILMROOM_DEVICES_SNAPSHOT_GRACE_MS', 3600_000),
  };
}

export interface DevicesModuleDeps {
  db: LibraryDb;
  parts: DeviceOutboxParts;
  library: {
    sessions: SessionsRepository;
    markers: MarkersRepository;
    audit: AuditLog;
    announce: (sessionId: string) => void;
  };
  lifecycle: SessionLifecycle;
  /** Sync's restore-local and offload, for the keep-local policy. */
  copies: RecordingCopies;
  store: () => DeviceStore | null;
  /** Bucket sync (the restore path) over one coach folder's sessions, or every coach's (null). */
  discover: (coachFolder: string | null) => Promise<unknown>;
  emit: (event: FilmroomEvent) => void;
  logger: Logger;
  nowIso: () => string;
  /** This process owns the library (runs the loop); one-shot CLI commands do not. */
  owner: boolean;
}

export type DevicesModule = ReturnType<typeof createDevicesModule>;

export function createDevicesModule(deps: DevicesModuleDeps) {
  const { self, outboxRows, state, outbox } = deps.parts;
  const peers = new PeersRepository(deps.db);
  const applier = new ChangeApplier({
    sessions: deps.library.sessions,
    markers: deps.library.markers,
    state,
    peers,
    audit: deps.library.audit,
    lifecycle: deps.lifecycle,
    observe: (hlc) => outbox.observe(hlc),
    nowIso: deps.nowIso,
    refuse: (reason) => sync.refuse(null, reason),
  });
  const keepLocal = new KeepLocalPolicy({
    self,
    fetched: new FetchedRepository(deps.db),
    sessions: deps.library.sessions,
    copies: deps.copies,
    logger: deps.logger,
    nowMs: () => Date.parse(deps.nowIso()),
  });
  const snapshots = new Snapshots({
    outbox,
    peers,
    applier,
    sources: { sessions: deps.library.sessions, markers: deps.library.markers, state },
    logger: deps.logger,
    graceMs: deps.parts.tuning.graceMs,
  });
  const sync = new DeviceSync({
    keepLocal,
    outbox,
    outboxRows,
    self,
    peers,
    state,
    applier,
    store: deps.store,
    discover: deps.discover,
    coachOf: (id) => deps.library.sessions.get(id)?.coach_id,
    announce: deps.library.announce,
    emit: deps.emit,
    logger: deps.logger,
    snapshots,
    snapshotEveryChanges: deps.parts.tuning.snapshotEveryChanges,
    snapshotEveryMs: deps.parts.tuning.snapshotEveryMs,
    cursorsEveryMs: deps.parts.tuning.cursorsEveryMs,
  });
  const service = new DevicesService({ outbox, outboxRows, self, peers, sync, store: deps.store });
  const handlers: Pick<FilmroomHandlers<RequestContext>, 'devices'> = { devices: devicesHandlers(service) };
  return {
    name: 'devices' as const,
    services: { devices: service, sync, outbox },
    handlers,
    start(): void {
      if (deps.owner) sync.start();
    },
    async stop(): Promise<void> {
      await sync.stop();
    },
  };
}
