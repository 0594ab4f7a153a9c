/**
 * The hybrid logical clock and the merge rules of issue 20: clocks stay monotonic and causal under skew, and any
 * order of applying the same changes converges to the same state on every device (fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceChange, Stamped } from '../../../main/devices/changes.js';
import { HybridClock, compareHlc, formatHlc, parseHlc } from '../../../main/devices/hlc.js';
import { applyToState, emptyState, type SessionState } from '../../../main/devices/merge.js';

describe('hybrid logical clock', () => {
  it('formats so that string order is clock order', () => {
    const a = formatHlc({ ms: 9, counter: 12, device: 'dev_b' });
    const b = formatHlc({ ms: 10, counter: 0, device: 'dev_a' });
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(parseHlc(a)).toEqual({ ms: 9, counter: 12, device: 'dev_b' });
    expect(parseHlc('nonsense')).toBeNull();
  });

  it('never goes backwards, even when the wall clock does, and resumes above its persisted value', () => {
    let wall = 1000;
    const clock = new HybridClock('dev_a', () => wall);
    const first = clock.tick();
    wall = 500; // the wall clock jumped back
    const second = clock.tick();
    expect(second > first).toBe(true);
    const restarted = new HybridClock('dev_a', () => 400, clock.current());
    expect(restarted.tick() > second).toBe(true);
  });

  it('an edit made after seeing a change from a clock 10 minutes ahead is stamped after it', () => {
    const ahead = new HybridClock('dev_a', () => 1_000_000 + 600_000);
    const behind = new HybridClock('dev_b', () => 1_000_000);
    const remote = ahead.tick();
    behind.observe(remote);
    expect(behind.tick() > remote).toBe(true);
  });

  it('property: ticks after any sequence of observes are strictly increasing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }))), (steps) => {
        let wall = 0;
        const clock = new HybridClock('dev_x', () => wall);
        let last = '';
        for (const [w, remoteMs] of steps) {
          wall = w;
          clock.observe(formatHlc({ ms: remoteMs, counter: 0, device: 'dev_y' }));
          const t = clock.tick();
          if (!(t > last)) return false;
          last = t;
        }
        return true;
      }),
    );
  });
});

const SESSION = 'ses_1';
const changeArb: fc.Arbitrary<DeviceChange> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('fields' as const),
      session_id: fc.constant(SESSION),
      fields: fc.record({ title: fc.constantFrom('A', 'B', 'C') }, { requiredKeys: [] }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('fields' as const),
      session_id: fc.constant(SESSION),
      fields: fc.record(
        { tags: fc.array(fc.constantFrom('x', 'y', 'z'), { maxLength: 3 }), client: fc.constantFrom('Ann', 'Bo') },
        { requiredKeys: [] },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('marker.add' as const),
      session_id: fc.constant(SESSION),
      uid: fc.constantFrom('a:1', 'a:2', 'b:1'),
      marker: fc.constant({
        t: 1,
        kind: 'note' as const,
        author: null,
        text: 'n',
        created_at: '2026-01-01T00:00:00.000Z',
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('marker.remove' as const),
      session_id: fc.constant(SESSION),
      uid: fc.constantFrom('a:1', 'a:2', 'b:1'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('trash' as const, 'untrash' as const),
      session_id: fc.constant(SESSION),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), session_id: fc.constant(SESSION) }) },
);

/** Changes from up to three devices, each device's clock increasing, stamps distinct (clock + device). */
const historyArb: fc.Arbitrary<Stamped[]> = fc
  .array(fc.tuple(fc.constantFrom('dev_a', 'dev_b', 'dev_c'), fc.integer({ min: 0, max: 50 }), changeArb), {
    maxLength: 25,
  })
  .map((items) => items.map(([device, ms, change], i) => ({ hlc: formatHlc({ ms, counter: i, device }), change })));

/** What a library answers for the session (a deleted session answers nothing but "deleted"). */
function canonical(state: SessionState) {
  if (state.versions.deleted !== undefined) return { deleted: true };
  return {
    values: state.values,
    trashed: state.trashed,
    markers: [...state.markers.keys()].sort(),
  };
}

function replay(changes: Stamped[]) {
  const state = emptyState();
  for (const c of changes) applyToState(state, c);
  return canonical(state);
}

describe('merge', () => {
  it('property: any order of applying the same changes converges (with duplicates delivered twice)', () => {
    fc.assert(
      fc.property(historyArb, fc.array(fc.nat()), (history, seeds) => {
        const shuffled = [...history];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = (seeds[i % Math.max(1, seeds.length)] ?? 0) % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const again = [...shuffled, ...history.slice(0, 3)]; // a change read twice (a retried push) changes nothing
        expect(replay(again)).toEqual(replay(history));
      }),
      { numRuns: 500 },
    );
  });

  it('last writer wins per field, whatever order the two edits arrive in', () => {
    const older: Stamped = {
      hlc: formatHlc({ ms: 5, counter: 0, device: 'dev_b' }),
      change: { op: 'fields', session_id: SESSION, fields: { title: 'Old', client: 'Kept' } },
    };
    const newer: Stamped = {
      hlc: formatHlc({ ms: 5, counter: 0, device: 'dev_c' }),
      change: { op: 'fields', session_id: SESSION, fields: { title: 'New' } },
    };
    for (const order of [
      [older, newer],
      [newer, older],
    ]) {
      expect(replay(order)).toEqual({ values: { title: 'New', client: 'Kept' }, trashed: false, markers: [] });
    }
  });

  it('a delete wins over a later edit, and a removed marker is not added back by a late add', () => {
    const del: Stamped = {
      hlc: formatHlc({ ms: 1, counter: 0, device: 'dev_a' }),
      change: { op: 'delete', session_id: SESSION },
    };
    const edit: Stamped = {
      hlc: formatHlc({ ms: 9, counter: 0, device: 'dev_b' }),
      change: { op: 'fields', session_id: SESSION, fields: { title: 'Late' } },
    };
    const state = emptyState();
    applyToState(state, del);
    expect(applyToState(state, edit)).toEqual({ kind: 'ignore', reason: 'deleted' });
    const marker = { t: 1, kind: 'note' as const, author: null, text: 'x', created_at: '2026-01-01T00:00:00.000Z' };
    const removeFirst = replay([
      {
        hlc: formatHlc({ ms: 2, counter: 0, device: 'dev_b' }),
        change: { op: 'marker.remove', session_id: SESSION, uid: 'a:1' },
      },
      {
        hlc: formatHlc({ ms: 1, counter: 0, device: 'dev_a' }),
        change: { op: 'marker.add', session_id: SESSION, uid: 'a:1', marker },
      },
    ]);
    expect(removeFirst.markers).toEqual([]);
  });
});
