/**
 * The hybrid logical clock (Kulkarni et al.) every change is stamped with: the physical time in ms, a counter for
 * changes within one ms (or while the wall clock lags a clock seen from another device), and the device id that
 * breaks ties. Written as one string that sorts as the clock does (`0001733600000000-000000-dev_…`), so object keys,
 * SQLite columns and comparisons all use plain string order.
 *
 * Skew: a device whose wall clock is 10 minutes behind still stamps every change it makes after seeing another
 * device's change above that change (`observe` moves the clock up to it), so an edit made after reading another's is
 * never lost to a faster clock; truly concurrent edits are ordered by time, then counter, then device id — the same
 * order on every device.
 */
export interface Hlc {
  ms: number;
  counter: number;
  device: string;
}

const MS_DIGITS = 16;
const COUNTER_DIGITS = 6;
const PATTERN = /^(\d{16})-(\d{6})-(.+)$/;

export function formatHlc(h: Hlc): string {
  return `${String(h.ms).padStart(MS_DIGITS, '0')}-${String(h.counter).padStart(COUNTER_DIGITS, '0')}-${h.device}`;
}

export function parseHlc(text: string): Hlc | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  return { ms: Number(m[1]), counter: Number(m[2]), device: m[3]! };
}

/** Negative, zero or positive as `a` is before, equal to or after `b` (string order is clock order). */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The clock of one device. `now` is the wall clock (ms); `last` the latest value it issued or saw (persisted). */
export class HybridClock {
  #ms: number;
  #counter: number;

  constructor(
    readonly device: string,
    private readonly now: () => number,
    last?: string,
  ) {
    const parsed = last ? parseHlc(last) : null;
    this.#ms = parsed?.ms ?? 0;
    this.#counter = parsed?.counter ?? 0;
  }

  /** A new value, above every value this clock issued or observed. */
  tick(): string {
    const wall = this.now();
    if (wall > this.#ms) {
      this.#ms = wall;
      this.#counter = 0;
    } else {
      this.#counter += 1;
    }
    return this.current();
  }

  /** Moves the clock past a value received from another device. */
  observe(remote: string): void {
    const r = parseHlc(remote);
    if (!r) return;
    const wall = this.now();
    const ms = Math.max(wall, this.#ms, r.ms);
    if (ms === this.#ms && ms === r.ms) this.#counter = Math.max(this.#counter, r.counter) + 1;
    else if (ms === this.#ms) this.#counter += 1;
    else if (ms === r.ms) this.#counter = r.counter + 1;
    else this.#counter = 0;
    this.#ms = ms;
  }

  /** The latest value (what is persisted, so a restart never goes below it). */
  current(): string {
    return formatHlc({ ms: this.#ms, counter: this.#counter, device: this.device });
  }
}
