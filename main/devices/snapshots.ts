/**
 * Compaction (issue 20): writing snapshots, catching up from the newest one, and retention.
 *
 * - **Write** (in a sync pass, so nothing is applied meanwhile): the cursor vector per change folder (each other
 *   device's folder's last object applied here, and the newest object of each of this device's own folders) and the merged state it covers, built in the same tick;
 *   parts first, each coach's manifest last (a set without its manifest is never read).
 * - **Catch up** (a device that has read nothing yet): per coach folder the newest set whose manifest passes the key
 *   check (a forged or incomplete one is refused and an older one tried), its parts checked against the manifest's
 *   SHA-256 and their own signature, applied through the merge, then the folder cursors raised to the vector: the
 *   pull then reads only later objects. A coach's device reads its coach's folder (and `_pending`) alone; a folder's
 *   cursor is raised only from the sets that cover it (its coach's, `_pending`; every set for an old-layout folder).
 * - **Retention** (after a write; each device deletes only its own objects): an object goes only when (1) every
 *   complete snapshot from the newest one at least `graceMs` old onwards that covers its folder covers it, and (2)
 *   every registered device — a folder of changes or published cursors in the bucket — that reads its folder (its
 *   published scope) has published that it read it. A device that never published its cursors keeps everything.
 *   Snapshot sets older than that base go too. The newest key deleted per folder is published as this device's
 *   floor of that folder: a new device whose cursor ends below it reads a newer snapshot.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../platform/logger.js';
import type { ChangeBucket } from './change-bucket.js';
import type { ChangeApplier } from './change-applier.js';
import type { DeviceOutbox } from './device-outbox.js';
import type { DeviceStore } from './device-sync.js';
import type { PeersRepository } from './peers-repository.js';
import { buildSnapshotEntries, coachGroup, type SnapshotSources } from './snapshot-builder.js';
import { newestFirst, SnapshotBucket } from './snapshot-bucket.js';
import {
  cursorsObjectSchema,
  PENDING_GROUP,
  SNAPSHOT_PART_SESSIONS,
  snapshotManifestSchema,
  snapshotPartSchema,
  type CursorVector,
  type CursorsObject,
  type SnapshotManifest,
} from './snapshot-format.js';
import { parseHlc } from './hlc.js';

export interface SnapshotResult {
  snapshot_id: string;
  groups: number;
  sessions: number;
  parts: number;
  deleted_changes: number;
  deleted_snapshot_objects: number;
  /** Why retention kept everything (null: it ran). */
  kept_because: string | null;
}

export interface SnapshotsDeps {
  outbox: DeviceOutbox;
  peers: PeersRepository;
  applier: ChangeApplier;
  sources: SnapshotSources;
  logger: Logger;
  /** Retention deletes only what snapshots at least this old cover (default 1 h). */
  graceMs: number;
  /** Sessions per part (default 5,000). */
  partSessions?: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const minKey = (a: string, b: string) => (a < b ? a : b);
/** The coach of a folder name (`{coach}/{device}`; null: the old layout's `{device}`) and its device. */
const parseFolder = (folder: string) => {
  const [a, b] = folder.split('/');
  return b === undefined ? { coach: null, device: a! } : { coach: a!, device: b };
};
/** Whether a set of `group` covers the folder (its coach's sets and `_pending`; every set for the old layout). */
const covers = (group: string, folder: string) => {
  const { coach } = parseFolder(folder);
  return coach === null || group === coach || group === PENDING_GROUP;
};
/** Whether a device reading `scope` (null: every coach) reads the folder. */
const reads = (scope: string | null | undefined, folder: string) => {
  const { coach } = parseFolder(folder);
  return !scope || coach === null || coach === scope;
};

export class Snapshots {
  /** The newest own key deleted per own folder (published with the cursors); read back from the bucket once. */
  #floors: CursorVector | null = null;
  #published = '';
  /** An object refused during the last catch-up, in plain words. */
  refused: string | null = null;

  constructor(private readonly deps: SnapshotsDeps) {}

  async write(store: DeviceStore, changes: ChangeBucket, scope: string | null): Promise<SnapshotResult> {
    const self = this.deps.outbox.deviceId;
    const own = new Map<string, string[]>();
    for (const f of await changes.folders(null))
      if (f.device === self)
        own.set(
          f.folder,
          (await changes.after(f.folder, '', Number.MAX_SAFE_INTEGER)).map((o) => o.key),
        );
    // From here to the last entry nothing awaits: the vector and the state are of the same moment.
    const vector: CursorVector = {};
    for (const c of this.deps.peers.cursors()) if (c.cursor && c.device_id !== self) vector[c.folder] = c.cursor;
    for (const [folder, keys] of own) if (keys.length > 0) vector[folder] = keys.at(-1)!;
    const groups = buildSnapshotEntries(this.deps.sources);
    const id = this.deps.outbox.stamp();
    const bucket = this.#bucket(store);
    const size = this.deps.partSessions ?? SNAPSHOT_PART_SESSIONS;
    let sessions = 0;
    let parts = 0;
    const manifests: SnapshotManifest[] = [];
    for (const [group, entries] of groups) {
      const manifest: SnapshotManifest = {
        v: 1,
        kind: 'filmroom.snapshot',
        snapshot_id: id,
        group,
        device_id: self,
        created_at: new Date().toISOString(),
        vector,
        sessions: entries.length,
        parts: [],
      };
      for (let i = 0; i * size < entries.length; i++) {
        const slice = entries.slice(i * size, (i + 1) * size);
        const part = { v: 1, kind: 'filmroom.snapshot.part', snapshot_id: id, group, entries: slice };
        const key = bucket.partKey(group, id, i + 1);
        const body = await store.sign(part);
        await bucket.write(key, body);
        manifest.parts.push({ key, sha256: sha256(body), sessions: slice.length });
      }
      sessions += entries.length;
      parts += manifest.parts.length;
      manifests.push(manifest);
    }
    for (const m of manifests) await bucket.write(bucket.manifestKey(m.group, id), await store.sign(m));
    const result = { snapshot_id: id, groups: manifests.length, sessions, parts };
    this.deps.logger.info(result, 'device snapshot written');
    const kept = await this.retain(store, changes, own, scope);
    return { ...result, ...kept };
  }

  /** Reads the newest complete set of every coach folder; answers whether one was applied and the sessions touched. */
  async catchUp(
    store: DeviceStore,
    changes: ChangeBucket,
    scope: string | null,
  ): Promise<{ applied: boolean; touched: string[] }> {
    const bucket = this.#bucket(store);
    this.refused = null;
    const chosen: SnapshotManifest[] = [];
    const { sets } = await bucket.layout();
    for (const [group, ids] of sets) {
      if (scope !== null && group !== scope && group !== PENDING_GROUP) continue; // a coach's device: its folder
      for (const id of newestFirst(ids)) {
        const manifest = await this.#manifest(store, bucket, group, id);
        if (manifest) {
          chosen.push(manifest);
          break;
        }
      }
    }
    if (chosen.length === 0) return { applied: false, touched: [] };
    // Different writers may have written the folders' newest sets: read on from the lowest cursor of any of the
    // sets that cover a folder (a folder no chosen set covers is read from its start).
    const folders = new Set(chosen.flatMap((m) => Object.keys(m.vector)));
    const vector: CursorVector = {};
    for (const f of folders) {
      const of = chosen.filter((m) => covers(m.group, f));
      if (of.length > 0 && reads(scope, f)) vector[f] = of.map((m) => m.vector[f] ?? '').reduce(minKey);
    }
    const touched = new Set<string>();
    const self = this.deps.outbox.deviceId;
    const all = chosen.flatMap((m) =>
      m.parts.map((p, i) => ({ m, p, last: m === chosen.at(-1) && i === m.parts.length - 1 })),
    );
    if (all.length === 0 || !all.at(-1)!.last)
      all.push({ m: chosen.at(-1)!, p: { key: '', sha256: '', sessions: 0 }, last: true });
    for (const { m, p, last } of all) {
      const entries = p.key ? await this.#part(store, bucket, m, p) : [];
      const stamped = entries.flatMap((e) =>
        e.changes.filter((c) => c.change.session_id === e.session_id && this.#owned(m.group, e.session_id)),
      );
      const done = () => {
        if (!last) return;
        for (const [f, cursor] of Object.entries(vector)) {
          const { device } = parseFolder(f);
          if (device !== self && cursor) this.deps.peers.raiseCursor(f, device, cursor);
        }
      };
      for (const t of await this.deps.applier.applySnapshot(stamped, done)) touched.add(t);
    }
    await this.#checkFloors(store, changes, bucket, scope);
    return { applied: true, touched: [...touched] };
  }

  /** Publishes this device's cursors when they moved (at most every `everyMs`; retention waits for them). */
  async publishCursors(store: DeviceStore, scope: string | null, force = false): Promise<boolean> {
    const self = this.deps.outbox.deviceId;
    const cursors: CursorVector = {};
    for (const c of this.deps.peers.cursors()) if (c.cursor && c.device_id !== self) cursors[c.folder] = c.cursor;
    const bucket = this.#bucket(store);
    if (this.#floors === null) this.#floors = (await this.#cursorsOf(store, bucket, self))?.floors ?? {};
    const text = JSON.stringify({ cursors, scope, floors: this.#floors });
    if (!force && text === this.#published) return false;
    const body: CursorsObject = {
      v: 1,
      kind: 'filmroom.cursors',
      device_id: self,
      at: new Date().toISOString(),
      cursors,
      scope,
      floors: this.#floors,
    };
    await bucket.write(bucket.cursorsKey(self), await store.sign(body));
    this.#published = text;
    return true;
  }

  async retain(
    store: DeviceStore,
    changes: ChangeBucket,
    own: Map<string, string[]>,
    scope: string | null,
  ): Promise<Pick<SnapshotResult, 'deleted_changes' | 'deleted_snapshot_objects' | 'kept_because'>> {
    const self = this.deps.outbox.deviceId;
    const bucket = this.#bucket(store);
    const keep = (why: string) => ({ deleted_changes: 0, deleted_snapshot_objects: 0, kept_because: why });
    const layout = await bucket.layout();
    const registered = new Set([...(await changes.folders(null)).map((f) => f.device), ...layout.cursorDevices]);
    registered.delete(self);
    const published: CursorsObject[] = [];
    for (const device of registered) {
      const p = await this.#cursorsOf(store, bucket, device);
      if (!p) return keep(`device ${device} has not published what it read`);
      published.push(p);
    }
    // Per own folder: the lowest cursor of the devices that read it ('' : one has read nothing of it).
    const readByAll = (folder: string) =>
      published
        .filter((p) => reads(p.scope, folder))
        .reduce<string | null>((low, p) => minKey(low ?? p.cursors[folder] ?? '', p.cursors[folder] ?? ''), null);
    // Every complete set from the newest one at least graceMs old onwards must cover what goes.
    const sets: { group: string; id: string; manifest: SnapshotManifest | null }[] = [];
    for (const [group, ids] of layout.sets) for (const id of ids.keys()) sets.push({ group, id, manifest: null });
    const cutoff = Date.now() - this.deps.graceMs;
    const ids = [...new Set(sets.map((s) => s.id))].sort().reverse();
    let base: string | null = null;
    for (const id of ids) {
      if ((parseHlc(id)?.ms ?? Infinity) > cutoff) continue;
      const ofId = sets.filter((s) => s.id === id);
      for (const s of ofId) s.manifest = await this.#manifest(store, bucket, s.group, s.id);
      if (ofId.every((s) => s.manifest)) {
        base = id;
        break;
      }
    }
    if (base === null) return keep('no complete snapshot is old enough yet');
    const later = sets.filter((x) => x.id >= base);
    for (const s of later) s.manifest ??= await this.#manifest(store, bucket, s.group, s.id);
    const gone: string[] = [];
    for (const [folder, keys] of own) {
      let covered: string | null = null;
      for (const s of later)
        if (s.manifest && covers(s.group, folder))
          covered = minKey(covered ?? s.manifest.vector[folder] ?? '', s.manifest.vector[folder] ?? '');
      const read = readByAll(folder);
      const bound = minKey(covered ?? '', read ?? covered ?? '');
      const out = keys.filter((k) => k <= bound);
      if (out.length === 0) continue;
      gone.push(...out);
      this.#floors = { ...(this.#floors ?? {}), [folder]: out.at(-1)! };
    }
    if (gone.length > 0) await this.publishCursors(store, scope, true); // the floors first: a new device knows
    const refused = await changes.remove(gone);
    const oldKeys = sets.filter((s) => s.id < base).flatMap((s) => layout.sets.get(s.group)?.get(s.id) ?? []);
    const refusedOld = await bucket.delete(oldKeys);
    return {
      deleted_changes: gone.length - refused.length,
      deleted_snapshot_objects: oldKeys.length - refusedOld.length,
      kept_because: gone.length === 0 ? 'nothing is both covered and read by every device' : null,
    };
  }

  /** A new device whose cursor ends below a device's floor missed deleted objects: it must read a newer snapshot. */
  async #checkFloors(
    store: DeviceStore,
    changes: ChangeBucket,
    bucket: SnapshotBucket,
    scope: string | null,
  ): Promise<void> {
    const devices = new Set((await changes.folders(scope)).map((f) => f.device));
    for (const device of devices) {
      if (device === this.deps.outbox.deviceId) continue;
      const floors = (await this.#cursorsOf(store, bucket, device))?.floors ?? {};
      for (const [folder, floor] of Object.entries(floors))
        if (reads(scope, folder) && floor && this.deps.peers.cursor(folder) < floor)
          this.refused = `The history of device ${device} before its newest snapshot is gone: sync again to read a newer snapshot`;
    }
  }

  #owned(group: string, sessionId: string): boolean {
    if (group === PENDING_GROUP) return true; // not held by the writer: the applier parks or applies by the rules
    const row = this.deps.sources.sessions.get(sessionId);
    return !row || coachGroup(row.coach_id) === group; // the folder must be the session's coach folder
  }

  async #manifest(
    store: DeviceStore,
    bucket: SnapshotBucket,
    group: string,
    id: string,
  ): Promise<SnapshotManifest | null> {
    const key = bucket.manifestKey(group, id);
    const text = await bucket.read(key);
    if (text === null) return null; // incomplete (or deleted): never read
    const verified = await store.verify(text);
    if (!verified.ok) return this.#refuse(key, verified.reason.replace('session.json', 'the snapshot'));
    const parsed = snapshotManifestSchema.safeParse(verified.value);
    if (!parsed.success) return this.#refuse(key, 'not a snapshot manifest');
    if (parsed.data.group !== group || parsed.data.snapshot_id !== id)
      return this.#refuse(key, 'it names another set than its folder');
    const inSet = `${bucket.root}${group}/${id}/`;
    if (parsed.data.parts.some((p) => !p.key.startsWith(inSet)))
      return this.#refuse(key, 'it names parts outside its set');
    return parsed.data;
  }

  async #part(store: DeviceStore, bucket: SnapshotBucket, m: SnapshotManifest, p: SnapshotManifest['parts'][number]) {
    const text = await bucket.read(p.key);
    if (text === null) throw new Error(`snapshot part ${p.key} is gone (a newer snapshot replaced it): sync again`);
    if (sha256(text) !== p.sha256) throw new Error(`snapshot part ${p.key} is not the one its manifest names`);
    const verified = await store.verify(text);
    const parsed = verified.ok ? snapshotPartSchema.safeParse(verified.value) : null;
    if (!parsed?.success || parsed.data.group !== m.group || parsed.data.snapshot_id !== m.snapshot_id)
      throw new Error(`snapshot part ${p.key} failed its check`);
    return parsed.data.entries;
  }

  async #cursorsOf(store: DeviceStore, bucket: SnapshotBucket, device: string): Promise<CursorsObject | null> {
    const text = await bucket.read(bucket.cursorsKey(device));
    if (text === null) return null;
    const verified = await store.verify(text);
    const parsed = verified.ok ? cursorsObjectSchema.safeParse(verified.value) : null;
    return parsed?.success && parsed.data.device_id === device ? parsed.data : null;
  }

  #refuse(key: string, reason: string): null {
    this.deps.logger.warn({ key, reason }, 'device snapshot refused');
    this.refused = `A snapshot was refused (${key}): ${reason}`;
    return null;
  }

  #bucket(store: DeviceStore): SnapshotBucket {
    return new SnapshotBucket(store.client, store.bucket, store.prefix, store.sse);
  }
}
