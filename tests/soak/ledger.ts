/**
 * What the API acknowledged (a 2xx answer), per session: the driver's own record, checked against the library after
 * every restart. A write whose answer never came (the server was killed first) may or may not have happened: its
 * field holds both values until the next check observes one of them and settles it.
 */
export type Presence = 'present' | 'gone';

export interface Entry {
  id: string;
  /** The step that created it (for the report). */
  step: number;
  presence: Set<Presence>;
  trashed: Set<boolean>;
  /** Titles it may have (null: not tracked, e.g. discovered by a bucket sync). */
  titles: Set<string> | null;
  /** Acknowledged markers (id → text) that must exist, and ids whose delete was sent. */
  markers: Map<number, string>;
  markersMaybeGone: Set<number>;
  /** sha256 values the main recording may have (its source's); null when unknown (a corrupt or folder import). */
  shas: Set<string> | null;
  /** A file it references in place: the library must never delete it. */
  inPlace: string | null;
}

export class Ledger {
  readonly entries = new Map<string, Entry>();
  /** Files the driver made: sources of imports. Nothing may delete or change them. */
  readonly sources = new Map<string, string>();

  add(id: string, step: number, fields: Partial<Omit<Entry, 'id' | 'step'>> = {}): Entry {
    const existing = this.entries.get(id);
    if (existing) {
      existing.presence = new Set(['present']);
      return existing;
    }
    const entry: Entry = {
      id,
      step,
      presence: new Set(['present']),
      trashed: new Set([false]),
      titles: null,
      markers: new Map(),
      markersMaybeGone: new Set(),
      shas: null,
      inPlace: null,
      ...fields,
    };
    this.entries.set(id, entry);
    return entry;
  }

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  /** Sessions that should exist now (for picking a target). */
  present(): Entry[] {
    return [...this.entries.values()].filter((e) => e.presence.has('present'));
  }

  /** A write was sent: until it is acknowledged (or observed), both values are allowed. */
  pending<K extends 'presence' | 'trashed'>(
    entry: Entry,
    field: K,
    value: Entry[K] extends Set<infer V> ? V : never,
  ): void {
    (entry[field] as Set<unknown>).add(value);
  }

  /** A write was acknowledged: only its value is allowed now. */
  settle<K extends 'presence' | 'trashed'>(
    entry: Entry,
    field: K,
    value: Entry[K] extends Set<infer V> ? V : never,
  ): void {
    (entry[field] as Set<unknown>).clear();
    (entry[field] as Set<unknown>).add(value);
  }
}
