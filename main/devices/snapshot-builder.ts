/**
 * The merged state of every session this device holds, as snapshot entries (stamped changes, see
 * `snapshot-format.ts`), grouped by the coach folder the session belongs to. Built synchronously from one
 * connection, so it is exactly the state after the objects the cursor vector names (read in the same tick).
 */
import type { MarkersRepository, SessionsRepository } from '../library/index.js';
import { slug } from '../sync/index.js';
import { changeSchema, SESSION_FIELDS, type SessionFields, type Stamped } from './changes.js';
import type { MergeStateRepository } from './merge-state-repository.js';
import { PENDING_GROUP, type SnapshotEntry } from './snapshot-format.js';

export interface SnapshotSources {
  sessions: SessionsRepository;
  markers: MarkersRepository;
  state: MergeStateRepository;
}

/** The coach folder of a coach id (as the session keys name it: `object-keys.ts`). */
export const coachGroup = (coachId: string) => slug(coachId, 'default');

export function buildSnapshotEntries(src: SnapshotSources): Map<string, SnapshotEntry[]> {
  const versions = src.state.allVersions();
  const markers = src.state.allMarkers();
  const parked = src.state.allParked();
  const groups = new Map<string, SnapshotEntry[]>();
  for (const id of src.state.sessionIds()) {
    const held = versions.get(id) ?? new Map<string, string>();
    const row = src.sessions.get(id);
    const changes: Stamped[] = [];
    const deleted = held.get('deleted');
    if (deleted !== undefined) changes.push({ hlc: deleted, change: { op: 'delete', session_id: id } });
    let group = PENDING_GROUP;
    if (row && row.origin === 'library' && deleted === undefined) {
      group = coachGroup(row.coach_id);
      for (const field of SESSION_FIELDS) {
        const hlc = held.get(field);
        if (hlc === undefined) continue;
        const fields: SessionFields = {};
        if (field === 'participants') fields.participants = src.sessions.participants(id);
        else if (field === 'tags') fields.tags = parseTags(row.tags);
        else fields[field] = row[field] ?? '';
        changes.push({ hlc, change: { op: 'fields', session_id: id, fields } });
      }
      const trashed = held.get('trashed');
      if (trashed !== undefined) {
        const op = row.status === 'trashed' ? 'trash' : 'untrash';
        changes.push({ hlc: trashed, change: { op, session_id: id } });
      }
      const ids = markers.get(id) ?? [];
      const bodies = ids.some((m) => m.local_id !== null) ? src.markers.list(id) : [];
      for (const m of ids) {
        if (m.removed_hlc !== null) {
          changes.push({ hlc: m.removed_hlc, change: { op: 'marker.remove', session_id: id, uid: m.uid } });
          continue;
        }
        const body = bodies.find((b) => b.id === m.local_id);
        if (!body) continue;
        const { t, kind, author, text, created_at } = body;
        const marker = { t, kind, author, text, created_at };
        changes.push({ hlc: m.uid, change: { op: 'marker.add', session_id: id, uid: m.uid, marker } });
      }
    }
    for (const p of parked.get(id) ?? [])
      changes.push({ hlc: p.hlc, change: changeSchema.parse(JSON.parse(p.change)) });
    if (changes.length === 0) continue;
    const list = groups.get(group) ?? [];
    list.push({ session_id: id, changes });
    groups.set(group, list);
  }
  return groups;
}

function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}
