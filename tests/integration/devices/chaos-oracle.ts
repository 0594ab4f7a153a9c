/**
 * The oracle of the devices chaos property (not a test file): what every library must answer after quiescence,
 * computed from the change objects the store accepted (kept by the fault proxies as they went by, so a later
 * compaction or rewrite in the bucket cannot hide one) folded by the pure merge rules (`merge.ts`); and the ledger
 * of what each device's API acknowledged, each entry checked against that fold: in the bucket, and either the
 * final value or lost to a later edit (or a delete) by the documented rule — `decide` says which.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SessionField, Stamped } from '../../../main/devices/changes.js';
import { applyToState, decide, emptyState, viewOf, type SessionState } from '../../../main/devices/merge.js';
import type { Loose } from '../../helpers/server.js';
import type { ServeChild } from '../import-api/child-process.js';

/** One acknowledged edit (a 2xx answer of the device's API). Values are unique, so each names one change. */
export type Acked =
  | { kind: 'fields'; device: string; session: string; field: SessionField; value: unknown }
  | { kind: 'marker'; device: string; session: string; text: string }
  | { kind: 'unmark'; device: string; session: string; text: string }
  | { kind: 'trash' | 'untrash' | 'delete'; device: string; session: string };

export interface BucketChange extends Stamped {
  device: string;
}

/** The changes in the change objects the store accepted (a re-PUT of one object after a kill counts once). */
export function bucketChanges(bodies: { url: string; body: string }[]): BucketChange[] {
  const seen = new Map<string, BucketChange>();
  for (const { body } of bodies) {
    let object: Loose;
    try {
      object = JSON.parse(body) as Loose;
    } catch {
      continue;
    }
    if (!Array.isArray(object?.changes) || typeof object.device_id !== 'string') continue; // not a change object
    for (const c of object.changes as Stamped[])
      seen.set(`${object.device_id as string}|${c.hlc}`, { ...c, device: object.device_id as string });
  }
  return [...seen.values()].sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
}

/** Every session's merge state after all the changes, by the same pure rules the libraries apply. */
export function fold(changes: BucketChange[], sessionIds: string[]): Map<string, SessionState> {
  const states = new Map(sessionIds.map((id) => [id, emptyState()]));
  for (const c of changes) {
    const state = states.get(c.change.session_id);
    if (state) applyToState(state, c);
  }
  return states;
}

/** Participants compare by name and role (the stored list may carry more). */
const same = (field: SessionField, a: unknown, b: unknown) =>
  field === 'participants'
    ? isDeepStrictEqual(people(a as Loose[] | undefined), people(b as Loose[] | undefined))
    : isDeepStrictEqual(a, b);
const markerLabel = (m: Loose) => `${m.kind}:${m.t}:${m.text}`;
const people = (list: Loose[] | undefined) => list?.map((p) => ({ name: p.name, role: p.role }));

/** What one library answers for one session (fields, trash state, markers, transcript and analysis summary). */
export async function answer(server: ServeChild, id: string, trash: Loose[]): Promise<Loose> {
  const live = await server.api(`/api/v1/sessions/${id}`);
  const row = live.status === 200 ? live.body : trash.find((t) => t.id === id);
  if (!row) return { id, deleted: true };
  const out: Loose = {
    id,
    trashed: live.status !== 200,
    title: row.title,
    client: row.client,
    notes: row.notes,
    tags: row.tags,
    participants: people(row.participants),
  };
  if (live.status !== 200) return out;
  const markers = (await server.api(`/api/v1/sessions/${id}/markers`)).body.items as Loose[];
  out.markers = markers.map(markerLabel).sort();
  if (row.transcript_status === 'ready')
    out.transcript = (await server.api(`/api/v1/sessions/${id}/transcript`)).body.segments;
  if (row.analysis_status === 'ready') {
    const data = (await server.api(`/api/v1/sessions/${id}/analysis`)).body.data as Loose;
    out.analysis = {
      speakers: (data?.speakers?.per_speaker as Loose[] | undefined)?.map((s) => [s.name, s.talk_time_s, s.share]),
      talk_ratio: data?.speakers?.talk_ratio,
    };
  }
  return out;
}

export async function answers(server: ServeChild, ids: string[]): Promise<Loose[]> {
  const trash = ((await server.api('/api/v1/trash?limit=500')).body.items as Loose[]) ?? [];
  const out: Loose[] = [];
  for (const id of ids) out.push(await answer(server, id, trash));
  return out;
}

/** What the fold says a library answers: `initial` (the answer before any change) with the merged state over it. */
export function expected(initial: Loose, state: SessionState): Loose {
  if (state.versions.deleted !== undefined) return { id: initial.id, deleted: true };
  const value = (field: SessionField, fallback: unknown) => (field in state.values ? state.values[field] : fallback);
  const out: Loose = {
    id: initial.id,
    trashed: state.trashed,
    title: value('title', initial.title),
    client: value('client', initial.client),
    notes: value('notes', initial.notes),
    tags: value('tags', initial.tags),
    participants: people(value('participants', initial.participants) as Loose[]),
  };
  if (state.trashed) return out;
  out.markers = [...(initial.markers as string[]), ...[...state.markers.values()].map(markerLabel)].sort();
  if (initial.transcript !== undefined) out.transcript = initial.transcript;
  if (initial.analysis !== undefined) out.analysis = initial.analysis;
  return out;
}

/**
 * Each acknowledged edit is in the bucket, and is the final value or lost by the rule (`decide` on the final state
 * ignores it: a later clock holds the field, or the session was deleted). Answers the problems found, in words.
 */
export function checkLedger(ledger: Acked[], changes: BucketChange[], final: Map<string, SessionState>): string[] {
  const problems: string[] = [];
  const of = (a: Acked) => changes.filter((c) => c.device === a.device && c.change.session_id === a.session);
  const addOf = (session: string, text: string) =>
    changes.find(
      (c) => c.change.op === 'marker.add' && c.change.session_id === session && c.change.marker.text === text,
    );
  const counts = new Map<string, number>();
  for (const a of ledger) {
    const state = final.get(a.session)!;
    const deleted = state.versions.deleted !== undefined;
    const say = (what: string) => problems.push(`${JSON.stringify(a)}: ${what}`);
    switch (a.kind) {
      case 'fields': {
        const change = of(a).find((c) => c.change.op === 'fields' && same(a.field, c.change.fields[a.field], a.value));
        if (!change) {
          say('acknowledged but never reached the bucket');
          break;
        }
        const won = state.versions[a.field] === change.hlc && same(a.field, state.values[a.field], a.value);
        if (won) break;
        const decision = decide(viewOf(state), change);
        const later = deleted || (state.versions[a.field] ?? '') > change.hlc;
        if (decision.kind !== 'ignore' || !later) say(`neither the final value nor lost to a later edit`);
        break;
      }
      case 'marker': {
        const add = of(a).find((c) => c.change.op === 'marker.add' && c.change.marker.text === a.text);
        if (!add) say('acknowledged but never reached the bucket');
        else if (add.change.op === 'marker.add' && !deleted && !state.markers.has(add.change.uid)) {
          // Only a remove of this very marker (remove wins) may take it away.
          if (!state.removed.has(add.change.uid) || decide(viewOf(state), add).kind !== 'ignore')
            say('the marker is gone without a remove of it');
        }
        break;
      }
      case 'unmark': {
        const add = addOf(a.session, a.text);
        const uid = add?.change.op === 'marker.add' ? add.change.uid : undefined;
        const removed = of(a).some((c) => c.change.op === 'marker.remove' && c.change.uid === uid);
        if (!removed) say('acknowledged but never reached the bucket');
        else if (uid && state.markers.has(uid)) say('a removed marker is back');
        break;
      }
      default: {
        const key = `${a.device}|${a.session}|${a.kind}`;
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        // A device's acknowledged moves are its changes of that kind in clock order (its clock only goes up).
        const change = of(a).filter((c) => c.change.op === a.kind)[n - 1];
        if (!change) say('acknowledged but never reached the bucket');
        else if (a.kind === 'delete') {
          if (!deleted) say('a delete did not win');
        } else if (!deleted) {
          const won = state.versions.trashed === change.hlc && state.trashed === (a.kind === 'trash');
          const later = (state.versions.trashed ?? '') > change.hlc && decide(viewOf(state), change).kind === 'ignore';
          if (!won && !later) say('neither the final trash state nor lost to a later move');
        }
      }
    }
  }
  return problems;
}
