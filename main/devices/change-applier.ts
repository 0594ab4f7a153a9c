/**
 * Applies another device's changes to this library by the merge rules (`merge.ts`), through the library's
 * repositories (not its services, so nothing applied is recorded for the other devices again).
 *
 * Ownership: a change is applied only to a session this library already holds (a row of the library, whose coach
 * came from the key path of a signed manifest or from an import here) — never to the session or coach an object
 * names for itself. A change for a session not here yet is parked until the restore path brings the session
 * (`device_parked`). Trash, restore from the trash and delete go through the trash and deletion services (their
 * work is cancelled, their storage removed); their version is recorded after they ran, so a kill in between runs
 * them again (each is idempotent). Everything else of an object and the read cursor commit in one transaction.
 *
 * Coaches: an object read under coach X's folder may only concern sessions of coach X (`foreignTo`, checked before
 * anything of it applies); a change parked for a session not here yet remembers X, and is refused if the session
 * that arrives belongs to another coach. A manifest re-written by another device's backup (`manifest_updated`) is
 * read again through the restore path (`refresh`), last writer wins by clock like a field.
 */
import type { AuditLog, MarkersRepository, SessionsRepository } from '../library/index.js';
import { coachFolder, type ChangeFolder } from './change-bucket.js';
import { changeSchema, type ChangeObject, type DeviceChange, type Stamped } from './changes.js';
import type { MergeStateRepository } from './merge-state-repository.js';
import { decide, type Decision, type VersionView } from './merge.js';
import type { PeersRepository } from './peers-repository.js';

/** The moves of a whole session, done by the services that own them (handed in by the composition root). */
export interface SessionLifecycle {
  trash(sessionId: string): Promise<void>;
  untrash(sessionId: string): void;
  delete(sessionId: string): Promise<void>;
  /**
   * Reads the session's manifest in the bucket again (the restore path for one session): transcript, analysis,
   * speaker edits, new files. Answers why a manifest was refused (it fails its checks: skipped, reported), or
   * null; a store failure throws (the object is read again on the next pass).
   */
  refresh(sessionId: string): Promise<string | null>;
}

export interface ChangeApplierDeps {
  sessions: SessionsRepository;
  markers: MarkersRepository;
  state: MergeStateRepository;
  peers: PeersRepository;
  audit: AuditLog;
  lifecycle: SessionLifecycle;
  /** The clock of every change read moves this device's clock past it. */
  observe: (hlc: string) => void;
  nowIso: () => string;
  /** A parked change refused when its session arrived under another coach (logged, shown as the pass's error). */
  refuse: (reason: string) => void;
}

const LIFECYCLE = new Set<Decision['kind']>(['trash', 'untrash', 'delete', 'manifest']);

export class ChangeApplier {
  constructor(private readonly deps: ChangeApplierDeps) {}

  /**
   * Why an object under a coach's folder may not be applied: a change concerning a session held here of another
   * coach (null: none). The session's coach came from its verified manifest's key path or an import here.
   */
  foreignTo(folder: ChangeFolder, object: ChangeObject): string | null {
    if (folder.coach === null) return null;
    for (const { change } of object.changes) {
      const row = this.deps.sessions.get(change.session_id);
      if (row && coachFolder(row.coach_id) !== folder.coach)
        return `it is in coach "${folder.coach}"'s folder but changes session ${change.session_id} of another coach`;
    }
    return null;
  }

  /** The changes of an object that concern a session held here of this coach (a coach's device, old layout). */
  ofCoach(object: ChangeObject, coach: string): ChangeObject {
    const mine = (id: string) => {
      const row = this.deps.sessions.get(id);
      return row !== undefined && coachFolder(row.coach_id) === coach;
    };
    return { ...object, changes: object.changes.filter((s) => mine(s.change.session_id)) };
  }

  /** Applies one object's changes and moves the folder's cursor past it; answers the sessions it touched. */
  applyObject(folder: ChangeFolder, key: string, object: ChangeObject, lastSeenAt: string | null): Promise<string[]> {
    return this.#applyAll(
      folder.device,
      object.changes,
      () => this.deps.peers.advance(folder.folder, folder.device, key, object.device_name, lastSeenAt),
      folder.coach,
    );
  }

  /** A snapshot's changes (one part), by the same merge as any change; `done` runs in the last transaction. */
  applySnapshot(changes: Stamped[], done: () => void): Promise<string[]> {
    return this.#applyAll('snapshot', changes, done);
  }

  /** The parked changes of sessions that arrived since (through the restore path); answers the sessions touched. */
  async unpark(sessionIds: string[]): Promise<string[]> {
    const touched: string[] = [];
    for (const id of sessionIds) {
      const row = this.deps.sessions.get(id);
      if (!row || row.origin !== 'library') continue;
      const parked = this.deps.state
        .parked(id)
        .filter((p) => {
          if (p.coach === null || p.coach === coachFolder(row.coach_id)) return true;
          this.deps.refuse(`a change read in coach "${p.coach}"'s folder concerns session ${id} of another coach`);
          return false;
        })
        .map((p) => ({ hlc: p.hlc, change: changeSchema.parse(JSON.parse(p.change)) }));
      touched.push(...(await this.#applyAll('parked', parked, () => this.deps.state.dropParked(id))));
    }
    return touched;
  }

  async #applyAll(
    deviceId: string,
    changes: Stamped[],
    done: () => void,
    coach: string | null = null,
  ): Promise<string[]> {
    const touched = new Set<string>();
    const ordered = [...changes].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    let pending: Stamped[] = [];
    const flush = (last: boolean) => {
      const batch = pending;
      pending = [];
      this.deps.sessions.transaction(() => {
        for (const s of batch) if (this.applyOne(deviceId, s, coach)) touched.add(s.change.session_id);
        if (last) done();
      });
    };
    // The clock moves past the newest change once (it is persisted: once per object or snapshot part, not per
    // change — a write per change outside a transaction was one fsync each, 20 s of a 4,000-change catch-up).
    const newest = ordered[ordered.length - 1];
    if (newest) this.deps.observe(newest.hlc);
    for (const stamped of ordered) {
      const decision = this.#decide(stamped);
      if (decision && LIFECYCLE.has(decision.kind)) {
        flush(false);
        await this.#lifecycle(stamped, decision);
        touched.add(stamped.change.session_id);
      } else pending.push(stamped);
    }
    flush(true);
    return [...touched];
  }

  /** A change for a session held here (null: not here; the synchronous path parks or drops it). */
  #decide(stamped: Stamped): Decision | null {
    const id = stamped.change.session_id;
    const row = this.deps.sessions.get(id);
    if (!row || row.origin !== 'library') return null;
    return decide(this.#view(id), stamped);
  }

  async #lifecycle(stamped: Stamped, decision: Decision): Promise<void> {
    const id = stamped.change.session_id;
    const { lifecycle, state } = this.deps;
    if (decision.kind === 'manifest') {
      const refused = await lifecycle.refresh(id);
      if (refused) this.deps.refuse(`the manifest of session ${id} was not read again: ${refused}`);
      state.setVersion(id, 'manifest', stamped.hlc);
      return;
    }
    if (decision.kind === 'delete') {
      await lifecycle.delete(id);
      state.setVersion(id, 'deleted', stamped.hlc); // after: a kill before this line deletes again on the next read
      return;
    }
    if (decision.kind === 'trash') await lifecycle.trash(id);
    else lifecycle.untrash(id);
    state.setVersion(id, 'trashed', stamped.hlc);
  }

  /** One change inside the object's transaction; true when it changed the library. */
  applyOne(deviceId: string, stamped: Stamped, coach: string | null = null): boolean {
    const { change, hlc } = stamped;
    const id = change.session_id;
    const row = this.deps.sessions.get(id);
    if (!row || row.origin !== 'library') {
      if (this.deps.state.version(id, 'deleted') !== undefined) return false;
      if (change.op === 'delete') this.deps.state.setVersion(id, 'deleted', hlc);
      else this.deps.state.park(id, hlc, JSON.stringify(change), coach);
      return false;
    }
    const decision = decide(this.#view(id), stamped);
    if (decision.kind === 'ignore') {
      if (decision.reason === 'deleted') this.#lost(deviceId, stamped);
      return false;
    }
    return this.#write(change, hlc, decision);
  }

  #write(change: DeviceChange, hlc: string, decision: Decision): boolean {
    const { sessions, markers, state } = this.deps;
    const id = change.session_id;
    const now = this.deps.nowIso();
    if (decision.kind === 'fields') {
      const { title, client, notes, tags, participants } = decision.fields;
      const patch: Parameters<SessionsRepository['update']>[1] = {};
      if (title !== undefined) patch.title = title;
      if (client !== undefined) patch.client = client;
      if (notes !== undefined) patch.notes = notes;
      if (tags !== undefined) patch.tags = JSON.stringify(tags);
      sessions.update(id, patch, now);
      if (participants !== undefined) sessions.replaceParticipants(id, participants, now);
      for (const field of decision.won) state.setVersion(id, field, hlc);
      return true;
    }
    if (decision.kind === 'marker.add' && change.op === 'marker.add') {
      const m = change.marker;
      // The same marker may be here already without its id: restored from a manifest written after it was added.
      const same = markers
        .list(id)
        .find(
          (l) =>
            l.t === m.t &&
            l.kind === m.kind &&
            l.text === m.text &&
            l.created_at === m.created_at &&
            state.markerUid(id, l.id) === undefined,
        );
      const localId =
        same?.id ?? markers.add(id, { t: m.t, kind: m.kind, author: m.author, text: m.text, now: m.created_at }).id;
      state.addMarker(change.uid, id, localId);
      if (same) return false;
      sessions.update(id, {}, now);
      return true;
    }
    if (decision.kind === 'marker.remove' && change.op === 'marker.remove') {
      const held = state.markerState(change.uid);
      if (held?.local_id != null) markers.remove(id, held.local_id);
      state.removeMarker(change.uid, id, hlc);
      return held?.local_id != null;
    }
    return false;
  }

  /** Delete wins: an edit that reached a deleted session is kept in the audit log, not applied. */
  #lost(deviceId: string, stamped: Stamped): void {
    this.deps.audit.write({
      actor: `device:${deviceId}`,
      action: 'devices.edit_lost',
      sessionId: stamped.change.session_id,
      details: {
        hlc: stamped.hlc,
        change: stamped.change,
        reason: 'the session was deleted on a device (delete wins)',
      },
    });
  }

  #view(id: string): VersionView {
    const { state } = this.deps;
    return {
      version: (field) => state.version(id, field),
      marker: (uid) => {
        const m = state.markerState(uid);
        return !m ? undefined : m.removed_hlc !== null ? 'removed' : 'present';
      },
    };
  }
}
