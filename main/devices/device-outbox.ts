/**
 * This device's identity and clock, and the library's `ChangeLog`: every local edit becomes an outbox record, in
 * the edit's own transaction, stamped by the hybrid logical clock (persisted in the same transaction, so a restart
 * never stamps below a value already used). The field versions are recorded too, so an older change from another
 * device arriving later does not overwrite the local edit. Nothing is recorded while sync is off.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChangeLog, LibraryChange } from '../library/index.js';
import type { DeviceChange } from './changes.js';
import type { DeviceSelf, DeviceSelfRepository } from './device-self-repository.js';
import { HybridClock } from './hlc.js';
import type { MergeStateRepository } from './merge-state-repository.js';
import type { OutboxRepository } from './outbox-repository.js';

export interface DeviceOutboxDeps {
  self: DeviceSelfRepository;
  outbox: OutboxRepository;
  state: MergeStateRepository;
  /** The wall clock the hybrid clock reads (ms; tests skew it with FILMROOM_TEST_CLOCK_SKEW_MS). */
  wallMs: () => number;
  nowIso: () => string;
}

export class DeviceOutbox implements ChangeLog {
  readonly #clock: HybridClock;
  #self: DeviceSelf;

  constructor(private readonly deps: DeviceOutboxDeps) {
    this.#self = deps.self.ensure(`dev_${randomBytes(8).toString('hex')}`, hostname() || 'This device');
    this.#clock = new HybridClock(this.#self.device_id, deps.wallMs, this.#self.hlc || undefined);
  }

  get deviceId(): string {
    return this.#self.device_id;
  }

  /** The stored row (settings, last error), read again. */
  current(): DeviceSelf {
    this.#self = this.deps.self.get() ?? this.#self;
    return this.#self;
  }

  /** Settings changed (the enabled flag is read from memory on every edit). */
  refresh(): void {
    this.current();
  }

  /** A clock value read from another device: the next local stamp is after it. */
  observe(hlc: string): void {
    this.#clock.observe(hlc);
    this.deps.self.saveClock(this.#clock.current());
  }

  /** A new clock value naming something this device writes (a snapshot), after every change it holds. */
  stamp(): string {
    const hlc = this.#clock.tick();
    this.deps.self.saveClock(hlc);
    return hlc;
  }

  record(change: LibraryChange): void {
    if (!this.#self.enabled) return;
    const hlc = this.#clock.tick();
    this.deps.self.saveClock(hlc);
    const out = this.#translate(change, hlc);
    this.deps.outbox.add(hlc, change.session_id, change.coach_id, JSON.stringify(out), this.deps.nowIso());
  }

  /** The change as other devices read it, and the versions it sets here. */
  #translate(change: LibraryChange, hlc: string): DeviceChange {
    const { state } = this.deps;
    const id = change.session_id;
    switch (change.op) {
      case 'fields':
        for (const field of Object.keys(change.fields)) state.setVersion(id, field, hlc);
        return { op: 'fields', session_id: id, fields: change.fields };
      case 'marker.add': {
        // The add's own clock: unique across devices and time (a local row id is reused once the highest row goes,
        // and a reused id would be taken for the removed marker it once named — found by the property test).
        const uid = hlc;
        state.addMarker(uid, id, change.marker.id);
        const { id: _local, ...marker } = change.marker;
        return { op: 'marker.add', session_id: id, uid, marker };
      }
      case 'marker.remove': {
        // A marker made while sync was off has no id across devices: nobody else holds it under any id.
        const uid = state.markerUid(id, change.marker_id) ?? `${this.deviceId}:unshared:${change.marker_id}:${hlc}`;
        state.removeMarker(uid, id, hlc);
        return { op: 'marker.remove', session_id: id, uid };
      }
      case 'trash':
      case 'untrash':
        state.setVersion(id, 'trashed', hlc);
        return { op: change.op, session_id: id };
      case 'delete':
        state.setVersion(id, 'deleted', hlc);
        return { op: 'delete', session_id: id };
      case 'published':
        return { op: 'published', session_id: id };
      case 'manifest_updated':
        state.setVersion(id, 'manifest', hlc);
        return { op: 'manifest_updated', session_id: id, sha256: change.sha256 };
    }
  }
}
