/** GET /devices, PUT /devices/settings, POST /devices/sync-now: this device's settings and what sync knows. */
import { ApiError, conflict } from '../../shared/contract/errors.js';
import type { DeviceSettingsInput, DevicesView, SnapshotResultView } from '../../shared/contract/devices.js';
import { assertAdmin, type Actor } from '../platform/actor.js';
import type { DeviceOutbox } from './device-outbox.js';
import type { DeviceSelfRepository } from './device-self-repository.js';
import type { DeviceStore, DeviceSync } from './device-sync.js';
import type { OutboxRepository } from './outbox-repository.js';
import type { PeersRepository } from './peers-repository.js';

export interface DevicesServiceDeps {
  outbox: DeviceOutbox;
  outboxRows: OutboxRepository;
  self: DeviceSelfRepository;
  peers: PeersRepository;
  sync: DeviceSync;
  store: () => DeviceStore | null;
}

export class DevicesService {
  constructor(private readonly deps: DevicesServiceDeps) {}

  view(actor: Actor): DevicesView {
    assertAdmin(actor);
    const self = this.deps.outbox.current();
    const others = this.deps.peers.all().map((p) => ({
      id: p.device_id,
      name: p.name ?? p.device_id,
      last_seen_at: p.last_seen_at,
      pending_out: 0,
      pending_in: p.pending_in,
    }));
    return {
      enabled: self.enabled,
      this_device: { id: self.device_id, name: self.name },
      poll_seconds: self.poll_seconds,
      keep_local_days: self.keep_local_days,
      coach_id: self.coach_id,
      devices: [
        {
          id: self.device_id,
          name: self.name,
          last_seen_at: this.deps.sync.lastPassAt(),
          pending_out: this.deps.outboxRows.count(),
          pending_in: null,
        },
        ...others,
      ],
      last_error: self.last_error,
    };
  }

  updateSettings(actor: Actor, input: DeviceSettingsInput): DevicesView {
    assertAdmin(actor);
    if (input.enabled && !this.deps.store())
      throw conflict('Sync with other devices needs S3: configure the bucket in Settings → S3 first');
    const before = this.deps.outbox.current();
    const coachId = input.coach_id === undefined ? before.coach_id : input.coach_id;
    this.deps.self.saveSettings({
      enabled: input.enabled,
      name: input.device_name,
      poll_seconds: input.poll_seconds,
      keep_local_days: input.keep_local_days,
      coach_id: coachId,
    });
    this.deps.outbox.refresh();
    // Turned on or scoped anew: the next pass brings the scope's sessions from their manifests first.
    if ((input.enabled && !before.enabled) || coachId !== before.coach_id) this.deps.sync.discoverSoon();
    if (input.keep_local_days !== before.keep_local_days) this.deps.sync.keepLocalSoon();
    this.deps.sync.reschedule();
    if (input.enabled) this.#kick();
    return this.view(actor);
  }

  syncNow(actor: Actor): { started: boolean } {
    assertAdmin(actor);
    if (!this.deps.outbox.current().enabled) throw conflict('Sync with other devices is off (turn it on in Settings)');
    if (!this.deps.store()) throw conflict('Sync with other devices needs S3: configure the bucket first');
    this.#kick();
    return { started: true };
  }

  /** A snapshot now (in a pass of its own), then retention; a store failure is a 502-class error from the pass. */
  snapshot(actor: Actor): Promise<SnapshotResultView> {
    this.syncNow(actor); // the same checks; the pass it starts writes the snapshot or runs before the one that does
    return this.deps.sync.snapshotNow().catch((error: unknown) => {
      if (error instanceof ApiError) throw error;
      throw new ApiError(503, `The snapshot could not be written: ${(error as Error).message}`);
    });
  }

  /** A pass now; its failure is kept as `last_error` (the answer is 202 before it ends). */
  #kick(): void {
    void this.deps.sync.runNow().catch(() => undefined);
  }
}
