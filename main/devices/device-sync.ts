/**
 * The loop of one device: push the outbox, pull the other devices' objects, apply them — every `poll_seconds`
 * while sync is on and S3 is configured, and at once on "sync now". One pass at a time (a pass asked for during
 * another runs right after it).
 *
 * Requests: an idle pass is 1 listing of the device folders + 1 listing per other device (nothing to push, nothing
 * new to read): with 2 devices polling every 5 s that is 2 × 720 = 1,440 requests an hour per device.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { FilmroomEvent } from '../../shared/contract/events.js';
import type { Logger } from '../platform/logger.js';
import { ChangeBucket } from './change-bucket.js';
import type { ChangeApplier } from './change-applier.js';
import { changeObjectSchema, changeSchema, type ChangeObject } from './changes.js';
import type { DeviceOutbox } from './device-outbox.js';
import type { DeviceSelfRepository } from './device-self-repository.js';
import type { MergeStateRepository } from './merge-state-repository.js';
import type { OutboxRepository } from './outbox-repository.js';
import type { PeersRepository } from './peers-repository.js';
import type { SnapshotResult, Snapshots } from './snapshots.js';

/** What the loop needs of the S3 configuration: sync's client, and its manifest signer's sign/verify. */
export interface DeviceStore {
  client: S3Client;
  bucket: string;
  prefix: string;
  sse: 'AES256' | 'off';
  sign(object: object): Promise<string>;
  verify(text: string): Promise<{ ok: true; value: unknown } | { ok: false; reason: string }>;
}

export interface DeviceSyncDeps {
  outbox: DeviceOutbox;
  outboxRows: OutboxRepository;
  self: DeviceSelfRepository;
  peers: PeersRepository;
  state: MergeStateRepository;
  applier: ChangeApplier;
  /** The configured store, or null while S3 is not configured. */
  store: () => DeviceStore | null;
  /** Brings sessions other devices created from their manifests (the restore path: sync's bucket sync). */
  discover: () => Promise<unknown>;
  /** Tells the clients a session changed (the library's announce). */
  announce: (sessionId: string) => void;
  emit: (event: FilmroomEvent) => void;
  logger: Logger;
  snapshots: Snapshots;
  /** A snapshot is written after this many changes pushed or applied here since the last one (default 10,000)… */
  snapshotEveryChanges: number;
  /** …or when any change came since the last one and it is this old (default 24 h). */
  snapshotEveryMs: number;
  /** Cursors are published when they moved, at most this often (default 60 s; the first pass always). */
  cursorsEveryMs: number;
}

const BATCH = 500;
const READ_LIMIT = 1000;
/** Parked changes ask the bucket for new sessions at most this often. */
const DISCOVER_EVERY_MS = 30_000;

export interface PassResult {
  pushed: number;
  applied: number;
}

export class DeviceSync {
  #running: Promise<PassResult> | null = null;
  #again = false;
  #timer: NodeJS.Timeout | null = null;
  #stopped = true;
  #lastDiscover = 0;
  /** Parked sessions a bucket sync was already run for. */
  readonly #asked = new Set<string>();
  #lastPassAt: string | null = null;
  /** An object refused in the running pass: kept as the pass's error although the pass went on. */
  #refused: string | null = null;
  /** A device that has read nothing yet catches up from the newest snapshot first (checked once per start). */
  #caughtUp = false;
  #sinceSnapshot = 0;
  #lastSnapshotMs = Date.now();
  #lastCursorsMs = 0;
  #wantSnapshot = false;
  #lastSnapshot: SnapshotResult | null = null;

  constructor(private readonly deps: DeviceSyncDeps) {}

  /** When the latest pass that worked ended (null: none since start). */
  lastPassAt(): string | null {
    return this.#lastPassAt;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule();
  }

  /** The poll interval changed: the next pass is one new interval from now. */
  reschedule(): void {
    if (this.#stopped || !this.#timer) return;
    clearTimeout(this.#timer);
    this.#timer = null;
    this.#schedule();
  }

  stop(): Promise<unknown> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    return this.#running ?? Promise.resolve();
  }

  /** A pass now (or right after the one running); resolves when it is done. */
  runNow(): Promise<PassResult> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#pass().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.runNow();
      }
    });
    return this.#running;
  }

  /** A snapshot now (on demand), written by a pass of its own; answers what it wrote and what retention deleted. */
  async snapshotNow(): Promise<SnapshotResult> {
    this.#wantSnapshot = true;
    while (this.#wantSnapshot) await this.runNow();
    return this.#lastSnapshot!;
  }

  #schedule(): void {
    if (this.#stopped) return;
    const self = this.deps.self.get();
    const seconds = self?.poll_seconds ?? 5;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const enabled = this.deps.outbox.current().enabled && this.deps.store() !== null;
      const pass = enabled ? this.runNow() : Promise.resolve();
      void pass.catch(() => undefined).finally(() => this.#schedule());
    }, seconds * 1000);
    this.#timer.unref?.();
  }

  async #pass(): Promise<PassResult> {
    const store = this.deps.store();
    if (!store) return { pushed: 0, applied: 0 };
    const bucket = new ChangeBucket(store.client, store.bucket, store.prefix, store.sse);
    this.#refused = null;
    try {
      const pushed = await this.#push(bucket, store);
      if (!this.#caughtUp) await this.#catchUp(bucket, store);
      const applied = await this.#pull(bucket, store);
      await this.#unpark();
      await this.#compact(bucket, store, pushed + applied);
      this.deps.self.setError(this.#refused);
      this.#lastPassAt = new Date().toISOString();
      return { pushed, applied };
    } catch (error) {
      const message = plain(error);
      this.deps.self.setError(message);
      this.deps.logger.warn({ err: message }, 'device sync pass failed');
      throw error;
    }
  }

  async #push(bucket: ChangeBucket, store: DeviceStore): Promise<number> {
    const { outboxRows, outbox } = this.deps;
    for (let rows = outboxRows.unbatched(BATCH); rows.length > 0; rows = outboxRows.unbatched(BATCH)) {
      const last = rows[rows.length - 1]!;
      outboxRows.assignBatch(
        rows.map((r) => r.seq),
        bucket.keyFor(outbox.deviceId, last.hlc, last.seq),
      );
    }
    let pushed = 0;
    for (let batch = outboxRows.nextBatch(); batch.length > 0; batch = outboxRows.nextBatch()) {
      const key = batch[0]!.batch_key!;
      const body: ChangeObject = {
        v: 1,
        device_id: outbox.deviceId,
        device_name: outbox.current().name,
        changes: batch.map((r) => ({ hlc: r.hlc, change: changeSchema.parse(JSON.parse(r.change)) })),
      };
      await bucket.write(key, await store.sign(body));
      outboxRows.dropBatch(key);
      pushed += batch.length;
    }
    return pushed;
  }

  async #pull(bucket: ChangeBucket, store: DeviceStore): Promise<number> {
    let applied = 0;
    for (const deviceId of await bucket.devices()) {
      if (deviceId === this.deps.outbox.deviceId) continue;
      const peer = this.deps.peers.ensure(deviceId);
      const listed = await bucket.after(deviceId, peer.cursor, READ_LIMIT);
      const newest = listed[listed.length - 1]?.lastModified?.toISOString() ?? null;
      this.deps.peers.setPending(deviceId, listed.length, newest);
      const touched = new Set<string>();
      let changes = 0;
      for (const item of listed) {
        // The key decides the device: an object whose body names another device, or fails the check, is refused.
        const object = await this.#read(bucket, store, item.key, deviceId);
        const seenAt = item.lastModified?.toISOString() ?? null;
        if (!object) {
          this.deps.peers.advance(deviceId, item.key, peer.name ?? deviceId, seenAt);
          continue;
        }
        for (const id of await this.deps.applier.applyObject(deviceId, item.key, object, seenAt)) touched.add(id);
        changes += object.changes.length;
      }
      applied += changes;
      if (changes > 0) this.#announce(deviceId, changes, touched);
    }
    return applied;
  }

  /** A device that has read nothing of any other device starts from the newest snapshot, not from the beginning. */
  async #catchUp(bucket: ChangeBucket, store: DeviceStore): Promise<void> {
    const { peers, snapshots } = this.deps;
    if (peers.all().every((p) => p.cursor === '')) {
      const { applied, touched } = await snapshots.catchUp(store, bucket);
      this.#refused = snapshots.refused;
      if (applied && touched.length > 0) this.#announce('snapshot', touched.length, new Set(touched));
    }
    this.#caughtUp = true;
  }

  /** Publishes the cursors when they moved; writes a snapshot when due or asked for (retention runs after it). */
  async #compact(bucket: ChangeBucket, store: DeviceStore, changes: number): Promise<void> {
    const now = Date.now();
    this.#sinceSnapshot += changes;
    if (this.#lastCursorsMs === 0 || now - this.#lastCursorsMs >= this.deps.cursorsEveryMs) {
      if (await this.deps.snapshots.publishCursors(store, this.#lastCursorsMs === 0)) this.#lastCursorsMs = now;
    }
    const due =
      this.#sinceSnapshot >= this.deps.snapshotEveryChanges ||
      (this.#sinceSnapshot > 0 && now - this.#lastSnapshotMs >= this.deps.snapshotEveryMs);
    if (!due && !this.#wantSnapshot) return;
    this.#lastSnapshot = await this.deps.snapshots.write(store, bucket);
    this.#wantSnapshot = false;
    this.#sinceSnapshot = 0;
    this.#lastSnapshotMs = now;
  }

  async #read(bucket: ChangeBucket, store: DeviceStore, key: string, deviceId: string): Promise<ChangeObject | null> {
    const refuse = (reason: string) => {
      this.deps.logger.warn({ key, reason }, 'device change object refused');
      this.#refused = `A change object was refused (${key}): ${reason}`;
      return null;
    };
    const verified = await store.verify(await bucket.read(key));
    if (!verified.ok) return refuse(verified.reason.replace('session.json', 'the change object'));
    const parsed = changeObjectSchema.safeParse(verified.value);
    if (!parsed.success) return refuse(`not a change object: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    if (parsed.data.device_id !== deviceId) return refuse('it names another device than its folder');
    return parsed.data;
  }

  /** Parked changes whose session arrived (through the restore path) are applied; new sessions are asked for. */
  async #unpark(): Promise<void> {
    const parked = this.deps.state.parkedSessions();
    if (parked.length === 0) return;
    // At once for a session not asked for yet; again every 30 s for those whose backup is not whole yet.
    const fresh = parked.filter((id) => !this.#asked.has(id));
    if (fresh.length > 0 || Date.now() - this.#lastDiscover >= DISCOVER_EVERY_MS) {
      this.#lastDiscover = Date.now();
      for (const id of fresh) this.#asked.add(id);
      await this.deps.discover().catch((error: unknown) => this.deps.logger.warn({ err: plain(error) }, 'discover'));
    }
    const touched = await this.deps.applier.unpark(parked);
    if (touched.length > 0) this.#announce('parked', touched.length, new Set(touched));
  }

  #announce(deviceId: string, changes: number, touched: Set<string>): void {
    for (const id of touched) this.deps.announce(id);
    this.deps.emit({ type: 'devices.applied', device_id: deviceId, changes, session_ids: [...touched] });
  }
}

function plain(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
