/**
 * The merge state the library's rows are compared with (migration 0034): `device_versions` (the clock of each
 * field's value, `trashed`, `deleted`), `device_markers` (marker ids across devices ↔ local rows, and removed ids)
 * and `device_parked` (changes for sessions not here yet).
 */
import type { LibraryDb } from '../db/index.js';

export class MergeStateRepository {
  constructor(private readonly db: LibraryDb) {}

  version(sessionId: string, field: string): string | undefined {
    return this.db
      .prepare('SELECT hlc FROM device_versions WHERE session_id = ? AND field = ?')
      .pluck()
      .get(sessionId, field) as string | undefined;
  }

  /** Keeps the later of the held clock and `hlc`. */
  setVersion(sessionId: string, field: string, hlc: string): void {
    this.db
      .prepare(
        `INSERT INTO device_versions (session_id, field, hlc) VALUES (?, ?, ?)
         ON CONFLICT (session_id, field) DO UPDATE SET hlc = MAX(hlc, excluded.hlc)`,
      )
      .run(sessionId, field, hlc);
  }

  markerState(uid: string): { local_id: number | null; removed_hlc: string | null } | undefined {
    return this.db.prepare('SELECT local_id, removed_hlc FROM device_markers WHERE uid = ?').get(uid) as
      { local_id: number | null; removed_hlc: string | null } | undefined;
  }

  markerUid(sessionId: string, localId: number): string | undefined {
    return this.db
      .prepare('SELECT uid FROM device_markers WHERE session_id = ? AND local_id = ?')
      .pluck()
      .get(sessionId, localId) as string | undefined;
  }

  addMarker(uid: string, sessionId: string, localId: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO device_markers (uid, session_id, local_id) VALUES (?, ?, ?)')
      .run(uid, sessionId, localId);
  }

  /** Remembers a removed id (so a late add of it is dropped). */
  removeMarker(uid: string, sessionId: string, hlc: string): void {
    this.db
      .prepare(
        `INSERT INTO device_markers (uid, session_id, local_id, removed_hlc) VALUES (?, ?, NULL, ?)
         ON CONFLICT (uid) DO UPDATE SET local_id = NULL, removed_hlc = excluded.removed_hlc`,
      )
      .run(uid, sessionId, hlc);
  }

  /** `coach`: the coach folder the change was read from (null: the old layout, which names none). */
  park(sessionId: string, hlc: string, change: string, coach: string | null): void {
    this.db
      .prepare('INSERT INTO device_parked (session_id, hlc, change, coach) VALUES (?, ?, ?, ?)')
      .run(sessionId, hlc, change, coach);
  }

  parkedSessions(): string[] {
    return this.db.prepare('SELECT DISTINCT session_id FROM device_parked').pluck().all() as string[];
  }

  /** The parked changes of a session, oldest clock first. */
  parked(sessionId: string): { hlc: string; change: string; coach: string | null }[] {
    return this.db
      .prepare('SELECT hlc, change, coach FROM device_parked WHERE session_id = ? ORDER BY hlc, seq')
      .all(sessionId) as { hlc: string; change: string; coach: string | null }[];
  }

  /** Once they are applied (in the same transaction). */
  dropParked(sessionId: string): void {
    this.db.prepare('DELETE FROM device_parked WHERE session_id = ?').run(sessionId);
  }

  /** Every session with merge state (versions, marker ids or parked changes): what a snapshot covers. */
  sessionIds(): string[] {
    return this.db
      .prepare(
        `SELECT session_id FROM device_versions UNION SELECT session_id FROM device_markers
         UNION SELECT session_id FROM device_parked ORDER BY 1`,
      )
      .pluck()
      .all() as string[];
  }

  /** Every held version, by session (one query for a whole snapshot). */
  allVersions(): Map<string, Map<string, string>> {
    const out = new Map<string, Map<string, string>>();
    const rows = this.db.prepare('SELECT session_id, field, hlc FROM device_versions').all() as {
      session_id: string;
      field: string;
      hlc: string;
    }[];
    for (const r of rows) {
      const held = out.get(r.session_id) ?? new Map<string, string>();
      held.set(r.field, r.hlc);
      out.set(r.session_id, held);
    }
    return out;
  }

  /** Every marker id (present with its local row, or removed), by session. */
  allMarkers(): Map<string, { uid: string; local_id: number | null; removed_hlc: string | null }[]> {
    const out = new Map<string, { uid: string; local_id: number | null; removed_hlc: string | null }[]>();
    const rows = this.db.prepare('SELECT uid, session_id, local_id, removed_hlc FROM device_markers').all() as {
      uid: string;
      session_id: string;
      local_id: number | null;
      removed_hlc: string | null;
    }[];
    for (const { session_id, ...m } of rows) {
      const list = out.get(session_id) ?? [];
      list.push(m);
      out.set(session_id, list);
    }
    return out;
  }

  /** Every parked change, by session, oldest clock first. */
  allParked(): Map<string, { hlc: string; change: string }[]> {
    const out = new Map<string, { hlc: string; change: string }[]>();
    const rows = this.db
      .prepare('SELECT session_id, hlc, change FROM device_parked ORDER BY session_id, hlc, seq')
      .all() as { session_id: string; hlc: string; change: string }[];
    for (const { session_id, ...p } of rows) {
      const list = out.get(session_id) ?? [];
      list.push(p);
      out.set(session_id, list);
    }
    return out;
  }
}
