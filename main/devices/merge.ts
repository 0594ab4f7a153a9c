/**
 * The merge rules, as one pure decision per received change, so every device decides the same whatever order the
 * changes reach it in (tests/unit/devices/merge.test.ts proves convergence with fast-check):
 *
 * - Session fields (title, client, notes, tags, participants) and the trash state: per field, last writer wins by
 *   hybrid logical clock (device id breaks ties). A change older than the value held is dropped for that field.
 * - Markers and notes: a set of ids (the clock of the add, unique across devices); add and remove by id, and
 *   a removed id stays removed (a late add of it is dropped), so add/remove commute.
 * - Delete against a concurrent edit: **delete wins**. Once a delete is known, every change to that session is
 *   dropped (and recorded in the audit log as lost), whatever its clock: a deleted session's files are gone, so an
 *   edit could not bring it back whole, and a resurrection would undo what the coach asked for.
 * - A re-written manifest (`manifest_updated`): last writer wins by clock, as one more field (`manifest`).
 */
import { SESSION_FIELDS, type SessionField, type SessionFields, type Stamped } from './changes.js';

/** What the library holds of one session's merge state. */
export interface VersionView {
  /** The clock of the value held for a field (`trashed`, `deleted` included); undefined: never changed by a device. */
  version(field: SessionField | 'trashed' | 'deleted' | 'manifest'): string | undefined;
  /** A marker id's state: present, removed (its removal is remembered), or unknown. */
  marker(uid: string): 'present' | 'removed' | undefined;
}

export type Decision =
  | { kind: 'ignore'; reason: 'deleted' | 'older' | 'known' }
  | { kind: 'fields'; fields: SessionFields; won: SessionField[] }
  | { kind: 'marker.add' }
  | { kind: 'marker.remove' }
  | { kind: 'trash' }
  | { kind: 'untrash' }
  | { kind: 'delete' }
  | { kind: 'manifest' };

const newer = (hlc: string, held: string | undefined) => held === undefined || hlc > held;

export function decide(view: VersionView, { hlc, change }: Stamped): Decision {
  if (view.version('deleted') !== undefined) return { kind: 'ignore', reason: 'deleted' };
  switch (change.op) {
    case 'delete':
      return { kind: 'delete' };
    case 'fields': {
      const fields: SessionFields = {};
      const won: SessionField[] = [];
      for (const field of SESSION_FIELDS) {
        if (change.fields[field] === undefined || !newer(hlc, view.version(field))) continue;
        Object.assign(fields, { [field]: change.fields[field] });
        won.push(field);
      }
      return won.length > 0 ? { kind: 'fields', fields, won } : { kind: 'ignore', reason: 'older' };
    }
    case 'marker.add':
      return view.marker(change.uid) === undefined ? { kind: 'marker.add' } : { kind: 'ignore', reason: 'known' };
    case 'marker.remove':
      return view.marker(change.uid) === 'removed' ? { kind: 'ignore', reason: 'known' } : { kind: 'marker.remove' };
    case 'trash':
    case 'untrash':
      return newer(hlc, view.version('trashed')) ? { kind: change.op } : { kind: 'ignore', reason: 'older' };
    case 'published':
      return { kind: 'ignore', reason: 'known' }; // a session held here: nothing to restore
    case 'manifest_updated':
      return newer(hlc, view.version('manifest')) ? { kind: 'manifest' } : { kind: 'ignore', reason: 'older' };
  }
}

/** The merge state of one session held in memory: the model the property test converges, and a reference. */
export interface SessionState {
  values: Partial<Record<SessionField, unknown>>;
  versions: Partial<Record<SessionField | 'trashed' | 'deleted' | 'manifest', string>>;
  trashed: boolean;
  markers: Map<string, unknown>;
  removed: Set<string>;
}

export const emptyState = (): SessionState => ({
  values: {},
  versions: {},
  trashed: false,
  markers: new Map(),
  removed: new Set(),
});

export function viewOf(state: SessionState): VersionView {
  return {
    version: (field) => state.versions[field],
    marker: (uid) => (state.removed.has(uid) ? 'removed' : state.markers.has(uid) ? 'present' : undefined),
  };
}

/** Applies one change to the in-memory state by the same decision the library applies. */
export function applyToState(state: SessionState, stamped: Stamped): Decision {
  const decision = decide(viewOf(state), stamped);
  const { hlc, change } = stamped;
  switch (decision.kind) {
    case 'delete':
      state.values = {};
      state.markers.clear();
      state.versions = { deleted: hlc };
      state.trashed = false;
      break;
    case 'fields':
      for (const field of decision.won) {
        state.values[field] = decision.fields[field];
        state.versions[field] = hlc;
      }
      break;
    case 'marker.add':
      if (change.op === 'marker.add') state.markers.set(change.uid, change.marker);
      break;
    case 'marker.remove':
      if (change.op === 'marker.remove') {
        state.markers.delete(change.uid);
        state.removed.add(change.uid);
      }
      break;
    case 'trash':
    case 'untrash':
      state.trashed = decision.kind === 'trash';
      state.versions.trashed = hlc;
      break;
    case 'manifest':
      state.versions.manifest = hlc;
      break;
    case 'ignore':
      break;
  }
  return decision;
}
