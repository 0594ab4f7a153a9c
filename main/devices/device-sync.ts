/**
 * The loop of one device: push the outbox, pull the other devices' objects, apply them — every `poll_seconds`
 * while sync is on and S3 is configured, and at once on "sync now". One pass at a time (a pass asked for during
 * another runs right after it).
 *
 * Requests: an idle pass is 1 listing of `.sync/`, 1 of each coach folder read, and 1 per other device folder in
 * them (nothing to push, nothing new to read); a folder of the old layout (`.sync/{device}/`) is listed at most
 * every 5 minutes. A coach's device with one other device of its coach: 3 a pass, 2,160 an hour at 5 s.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { FilmroomEvent } from '../../shared/contract/events.js';
import type { Logger } from '../platform/logger.js';
import { ChangeBucket, coachFolder, type ChangeFolder, type ListedChange } from './change-bucket.js';
import type { ChangeApplier } from './change-applier.js';
import { changeObjectSchema, changeSchema, type ChangeObject } from './changes.js';
import type { DeviceOutbox } from './device-outbox.js';
import type { DeviceSelfRepository } from './device-self-repository.js';
import type { KeepLocalPolicy } from './keep-local.js';
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
  /**
   * Brings sessions other devices created from their manifests (the restore path: sync's bucket sync), of one
   * coach's folders (a coach's device) or of all (null).
   */
  discover: (coachFolder: string | null) => Promise<unknown>;
  /** The coach of a session held here (for changes recorded before migration 0037 named theirs). */
  coachOf: (sessionId: string) => string | undefined;
  /** Tells the clients a session changed (the library's announce). */
  announce: (sessionId: string) => void;
  emit: (event: FilmroomEvent) => void;
  logger: Logger;
  /** Downloads recent recordings and gives old fetched copies back (run beside the passes, at most every 30 s). */
  keepLocal?: Pick<KeepLocalPolicy, 'run'>;
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
/** A folder of the old layout (no device writes there after the upgrade) is listed at most this often. */
const LEGACY_EVERY_MS = 5 * 60_000;
const KEEP_LOCAL_EVERY_MS = 30_000;

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
  /** Coach folders this process has announced (`.sync/{coach}.folder`) before writing there. */
  readonly #announced = new Set<string>();
  /** When each folder of the old layout was last listed. */
  readonly #legacyListed = new Map<string, number>();
  /** The next pass runs bucket sync over the scope first (at start, and once sync is turned on or re-scoped). */
  #discoverFirst = true;
  #keepLocalAt = 0;
  #keepLocalRunning: Promise<unknown> | null = null;
  /** A device that has read nothing yet catches up from the newest snapshot first (checked once per start). */
  #caughtUp = false;
  #sinceSnapshot = 0;
  #lastSnapshotMs = Date.now();
  #lastCursorsMs = 0;
  #wantSnapshot = false;
  #lastSnapshot: SnapshotResult | null = null;

  constructor(private readonly deps: DeviceSyncDeps) {}

  /** Something read was refused (logged; the pass goes on, and reports it as its error in plain words). */
  refuse(key: string | null, reason: string): void {
    this.deps.logger.warn({ key, reason }, 'device change refused');
    this.#refused = key ? `A change object was refused (${key}): ${reason}` : `A change was refused: ${reason}`;
  }

  discoverSoon(): void {
    this.#discoverFirst = true;
  }

  /** The keep-local days changed: the policy runs after the next pass. */
  keepLocalSoon(): void {
    this.#keepLocalAt = 0;
  }

  /** The keep-local run under way, if any (tests and stop wait on it). */
  keepLocalIdle(): Promise<unknown> {
    return this.#keepLocalRunning ?? Promise.resolve();
  }

  /** Beside the pass, one run at a time (a download is queued, an offload re-hashes a recording: never in the pass). */
  #keepLocal(): void {
    const policy = this.deps.keepLocal;
    if (!policy || this.#keepLocalRunning || Date.now() - this.#keepLocalAt < KEEP_LOCAL_EVERY_MS) return;
    this.#keepLocalAt = Date.now();
    this.#keepLocalRunning = policy
      .run()
      .catch((error: unknown) => this.deps.logger.warn({ err: plain(error) }, 'keep-local policy'))
      .finally(() => {
        this.#keepLocalRunning = null;
      });
  }

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
    return Promise.all([this.#running ?? Promise.resolve(), this.keepLocalIdle()]);
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
        // Nobody waits on this pass: its failure is its `last_error` (set in #pass), never an unhandled rejection
        // (that ended the whole process when the store was down — found by the devices chaos property).
        void this.runNow().catch(() => undefined);
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
      const coach = this.deps.outbox.current().coach_id;
      const scope = coach ? coachFolder(coach) : null;
      const pushed = await this.#push(bucket, store);
      if (!this.#caughtUp) await this.#catchUp(bucket, store, scope);
      const applied = await this.#pull(bucket, store, scope);
      // At start and once turned on or re-scoped: the scope's sessions from their manifests (after the changes:
      // a long bucket sync must not hold back this device's edits), then what was parked for them.
      if (this.#discoverFirst) {
        this.#discoverFirst = false;
        this.#asked.clear();
        await this.#discover(scope);
      }
      await this.#unpark(scope);
      await this.#compact(bucket, store, pushed + applied, scope);
      this.deps.self.setError(this.#refused);
      this.#lastPassAt = new Date().toISOString();
      this.#keepLocal();
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
      // One object per coach: each goes to its coach's folder, which only that coach's devices (and admins') read.
      const byCoach = new Map<string, typeof rows>();
      for (const r of rows) {
        const coach = r.coach_id ?? this.deps.coachOf(r.session_id) ?? 'default';
        byCoach.set(coach, [...(byCoach.get(coach) ?? []), r]);
      }
      for (const [coach, group] of byCoach) {
        const last = group[group.length - 1]!;
        outboxRows.assignBatch(
          group.map((r) => r.seq),
          bucket.keyFor(coach, outbox.deviceId, last.hlc, last.seq),
        );
      }
    }
    let pushed = 0;
    for (let batch = outboxRows.nextBatch(); batch.length > 0; batch = outboxRows.nextBatch()) {
      const key = batch[0]!.batch_key!;
      const folder = bucket.folderOf(key);
      if (folder?.coach && !this.#announced.has(folder.coach)) {
        await bucket.announce(folder.coach);
        this.#announced.add(folder.coach);
      }
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

  /** The folders to read this pass: the scope's coach folders and the old layout's (at most every 5 minutes). */
  async #folders(bucket: ChangeBucket, scope: string | null): Promise<ChangeFolder[]> {
    const now = Date.now();
    return (await bucket.folders(scope)).filter((f) => {
      if (f.device === this.deps.outbox.deviceId) return false;
      if (f.coach !== null) return true;
      if (now - (this.#legacyListed.get(f.folder) ?? 0) < LEGACY_EVERY_MS) return false;
      this.#legacyListed.set(f.folder, now);
      return true;
    });
  }

  async #pull(bucket: ChangeBucket, store: DeviceStore, scope: string | null): Promise<number> {
    const folders = await this.#folders(bucket, scope);
    const listings: { folder: ChangeFolder; listed: ListedChange[] }[] = [];
    const pending = new Map<string, { count: number; newest: string | null }>();
    for (const folder of folders) {
      this.deps.peers.ensure(folder.device);
      const listed = await bucket.after(folder.folder, this.deps.peers.cursor(folder.folder), READ_LIMIT);
      listings.push({ folder, listed });
      const seen = pending.get(folder.device) ?? { count: 0, newest: null };
      const newest = listed[listed.length - 1]?.lastModified?.toISOString() ?? null;
      pending.set(folder.device, {
        count: seen.count + listed.length,
        newest: newest && (!seen.newest || newest > seen.newest) ? newest : seen.newest,
      });
    }
    for (const [device, p] of pending) this.deps.peers.setPending(device, p.count, p.newest);
    let applied = 0;
    for (const { folder, listed } of listings) {
      const touched = new Set<string>();
      let changes = 0;
      for (const item of listed) {
        // The key decides the device and the coach: an object whose body names another device, or changes another
        // coach's session, or fails the check, is refused.
        const seenAt = item.lastModified?.toISOString() ?? null;
        const read = await this.#read(bucket, store, item.key, folder);
        // A coach's device takes of the old layout (which names no coach) only what concerns its coach's sessions.
        const object = read && scope !== null && folder.coach === null ? this.deps.applier.ofCoach(read, scope) : read;
        if (!object) {
          const name = this.deps.peers.get(folder.device)?.name ?? folder.device;
          this.deps.peers.advance(folder.folder, folder.device, item.key, name, seenAt);
          continue;
        }
        for (const id of await this.deps.applier.applyObject(folder, item.key, object, seenAt)) touched.add(id);
        changes += object.changes.length;
      }
      applied += changes;
      if (changes > 0) this.#announce(folder.device, changes, touched);
    }
    return applied;
  }

  /** A device that has read nothing of any other device starts from the newest snapshot, not from the beginning. */
  async #catchUp(bucket: ChangeBucket, store: DeviceStore, scope: string | null): Promise<void> {
    const { peers, snapshots } = this.deps;
    if (peers.cursors().every((c) => c.cursor === '')) {
      const { applied, touched } = await snapshots.catchUp(store, bucket, scope);
      this.#refused = snapshots.refused;
      if (applied && touched.length > 0) this.#announce('snapshot', touched.length, new Set(touched));
    }
    this.#caughtUp = true;
  }

  /** Publishes the cursors when they moved; writes a snapshot when due or asked for (retention runs after it). */
  async #compact(bucket: ChangeBucket, store: DeviceStore, changes: number, scope: string | null): Promise<void> {
    const now = Date.now();
    this.#sinceSnapshot += changes;
    if (this.#lastCursorsMs === 0 || now - this.#lastCursorsMs >= this.deps.cursorsEveryMs) {
      if (await this.deps.snapshots.publishCursors(store, scope, this.#lastCursorsMs === 0)) this.#lastCursorsMs = now;
    }
    const due =
      this.#sinceSnapshot >= this.deps.snapshotEveryChanges ||
      (this.#sinceSnapshot > 0 && now - this.#lastSnapshotMs >= this.deps.snapshotEveryMs);
    if (!due && !this.#wantSnapshot) return;
    this.#lastSnapshot = await this.deps.snapshots.write(store, bucket, scope);
    this.#wantSnapshot = false;
    this.#sinceSnapshot = 0;
    this.#lastSnapshotMs = now;
  }

  async #read(
    bucket: ChangeBucket,
    store: DeviceStore,
    key: string,
    folder: ChangeFolder,
  ): Promise<ChangeObject | null> {
    const refuse = (reason: string) => {
      this.refuse(key, reason);
      return null;
    };
    const verified = await store.verify(await bucket.read(key));
    if (!verified.ok) return refuse(verified.reason.replace('session.json', 'the change object'));
    const parsed = changeObjectSchema.safeParse(verified.value);
    if (!parsed.success) return refuse(`not a change object: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    if (parsed.data.device_id !== folder.device) return refuse('it names another device than its folder');
    const foreign = this.deps.applier.foreignTo(folder, parsed.data);
    return foreign ? refuse(foreign) : parsed.data;
  }

  /** Parked changes whose session arrived (through the restore path) are applied; new sessions are asked for. */
  async #unpark(scope: string | null): Promise<void> {
    const parked = this.deps.state.parkedSessions();
    if (parked.length === 0) return;
    // At once for a session not asked for yet; again every 30 s for those whose backup is not whole yet.
    const fresh = parked.filter((id) => !this.#asked.has(id));
    if (fresh.length > 0 || Date.now() - this.#lastDiscover >= DISCOVER_EVERY_MS) {
      for (const id of fresh) this.#asked.add(id);
      await this.#discover(scope);
    }
    const touched = await this.deps.applier.unpark(parked);
    if (touched.length > 0) this.#announce('parked', touched.length, new Set(touched));
  }

  async #discover(scope: string | null): Promise<void> {
    this.#lastDiscover = Date.now();
    await this.deps.discover(scope).catch((error: unknown) => this.deps.logger.warn({ err: plain(error) }, 'discover'));
  }

  #announce(deviceId: string, changes: number, touched: Set<string>): void {
    for (const id of touched) this.deps.announce(id);
    this.deps.emit({ type: 'devices.applied', device_id: deviceId, changes, session_ids: [...touched] });
  }
}

function plain(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
