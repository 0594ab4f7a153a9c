/**
 * The `speaker_edits` table (migration 0026): the coach's renames and merges of a session's speakers, an ordered
 * log the analysis module replays on every result it stores. The only code that reads or writes the table; on
 * the library connection (synchronous=FULL: an edit is the coach's own work, not something to compute again).
 */
import type { Statement } from 'better-sqlite3';
import type { LibraryDb } from '../db/index.js';

type Span = [number, number];

export type StoredSpeakerEdit =
  { kind: 'rename'; name: string; target: Span[] } | { kind: 'merge'; target: Span[]; source: Span[] };

interface Row {
  kind: 'rename' | 'merge';
  name: string | null;
  target: string;
  source: string | null;
}

export class SpeakerEditsRepository {
  readonly #add: Statement;
  readonly #list: Statement<[string], Row>;

  constructor(private readonly db: LibraryDb) {
    this.#add = db.prepare(
      'INSERT INTO speaker_edits (session_id, kind, name, target, source, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#list = db.prepare(
      'SELECT kind, name, target, source FROM speaker_edits WHERE session_id = ? ORDER BY id',
    ) as Statement<[string], Row>;
  }

  add(sessionId: string, edit: StoredSpeakerEdit, now: string): void {
    this.#add.run(
      sessionId,
      edit.kind,
      edit.kind === 'rename' ? edit.name : null,
      JSON.stringify(edit.target),
      edit.kind === 'merge' ? JSON.stringify(edit.source) : null,
      now,
    );
  }

  /** The whole log replaced (a newer manifest from another device carries it whole, issue 20). */
  replaceAll(sessionId: string, edits: StoredSpeakerEdit[], now: string): void {
    this.db.prepare('DELETE FROM speaker_edits WHERE session_id = ?').run(sessionId);
    for (const e of edits) this.add(sessionId, e, now);
  }

  /** The session's edits in the order they were made. */
  list(sessionId: string): StoredSpeakerEdit[] {
    return this.#list
      .all(sessionId)
      .map((r) =>
        r.kind === 'rename'
          ? { kind: 'rename', name: r.name ?? '', target: JSON.parse(r.target) as Span[] }
          : { kind: 'merge', target: JSON.parse(r.target) as Span[], source: JSON.parse(r.source ?? '[]') as Span[] },
      );
  }
}
