/**
 * The devices module's wiring (issue 20), after cleanup: what it applies of other devices' changes goes through
 * the library's repositories and, for a whole session, through the trash and the deletion (with `share: false`, so
 * an applied change is not told to the other devices again); the bucket and the signing key are sync's.
 */
import { ApiError } from '../../shared/contract/errors.js';
import { createDevicesModule, type DeviceOutboxParts, type DeviceStore } from '../devices/index.js';
import type { createCleanupModule } from '../cleanup/index.js';
import type { createLibraryModule } from '../library/index.js';
import { ADMIN } from '../platform/actor.js';
import type { SyncModule, SyncStorage } from '../sync/index.js';
import type { Foundation } from './build-modules.js';

/** A move the session already made (trashed twice, restored when not in the trash): nothing to do. */
const settled = (error: unknown) => {
  if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return;
  throw error;
};

export function buildDevices(
  f: Foundation,
  m: {
    parts: DeviceOutboxParts;
    library: ReturnType<typeof createLibraryModule>;
    syncStorage: SyncStorage;
    sync: SyncModule;
    cleanup: ReturnType<typeof createCleanupModule>;
  },
) {
  const { trash } = m.cleanup.services;
  const signer = m.sync.services.signer;
  const store = (): DeviceStore | null => {
    const config = m.syncStorage.config.current();
    if (!config) return null;
    return {
      client: m.syncStorage.clients.get(config),
      bucket: config.bucket,
      prefix: config.prefix,
      sse: config.sse,
      sign: (object) => signer.sign(config, object),
      verify: (text) => signer.verify(config, text),
    };
  };
  return createDevicesModule({
    db: f.db,
    parts: m.parts,
    library: {
      sessions: m.library.services.sessions,
      markers: m.library.services.markers,
      audit: m.library.services.audit,
      announce: (id) => m.library.services.library.announce(id, 'session.changed'),
    },
    lifecycle: {
      trash: (id) => trash.moveToTrash(ADMIN, id, { share: false }).catch(settled),
      untrash: (id) => {
        try {
          trash.restore(ADMIN, id, { share: false });
        } catch (error) {
          settled(error);
        }
      },
      delete: async (id) => {
        await m.library.services.deletion.deleteMany([id], ADMIN, 'deleted on another device', { share: false });
      },
      // The manifest's participants only while no device has edited them (those travel as changes, by clock).
      refresh: async (id) => {
        const participants = m.parts.state.version(id, 'participants') === undefined;
        const result = await m.sync.services.refresher.refresh(id, { participants });
        return result.refused ?? null;
      },
    },
    copies: {
      remoteSessions: () => m.sync.services.offload.repo.restoredRemoteSessions(),
      fetch: (id) => void m.sync.services.offload.restoreLocal(ADMIN, id),
      drop: (id) => m.sync.services.offload.offload(ADMIN, id),
    },
    store,
    discover: (coachFolder) => m.sync.services.bucketSync.run(coachFolder === null ? {} : { coachFolder }),
    emit: (event) => f.events.emit(event),
    logger: f.logger,
    nowIso: () => f.clock.now().toISOString(),
    owner: f.owner,
  });
}
