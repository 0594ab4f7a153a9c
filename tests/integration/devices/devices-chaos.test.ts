/**
 * Issue 20's property under kills and store faults, over real processes: three `filmroom serve` (clocks 10 minutes
 * ahead, 10 behind, on time), each reaching the one s3rver bucket through its own fault proxy. fast-check draws, per
 * run, random store faults on every call type (503 SlowDown, a connection reset mid-body, latency) and a random
 * sequence of edits on each device (title, client, notes, tags, participants, markers and notes added and removed,
 * to and from the trash, a rare delete) mixed with syncs that run while the next edits are made, partitions of one
 * device, and kill -9 of a device mid-sync (its change object written but the answer held — between the push and
 * dropping its outbox; while it reads another device's object — before the apply and the cursor; or at a random
 * moment of a pass), restarted at once.
 *
 * After quiescence (no more edits, partitions healed, three passes of every device worked — under the same faults): every library answers the same for
 * every session (fields, participants, trash state, markers and notes, transcript and analysis summary), and that
 * answer is the fold of every change object the store accepted by the pure merge rules; and nothing acknowledged is
 * lost: each edit an API answered 2xx is in the bucket and is either the final value or lost to a later edit or a
 * delete by the documented rule (`decide` as the oracle: chaos-oracle.ts).
 *
 * FILMROOM_DEVICES_CHAOS_RUNS (default 4) sets the runs; FILMROOM_DEVICES_CHAOS_SEED (and _PATH) replays a failure.
 */
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionField } from '../../../main/devices/changes.js';
import { makeVideo } from '../../helpers/media.js';
import { startFaultProxy, type CallType, type FaultProxy } from '../../helpers/s3-fault-proxy.js';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { tempDir, type Loose, type TestServer } from '../../helpers/server.js';
import { startServe, type ServeChild } from '../import-api/child-process.js';
import { analyse, backUp, importFolder, makeMeetingFolder } from '../restore/coach-library.js';
import { until } from '../sync/sync-helpers.js';
import { answers, bucketChanges, checkLedger, expected, fold, type Acked } from './chaos-oracle.js';

const RUNS = Number(process.env.FILMROOM_DEVICES_CHAOS_RUNS ?? 4) || 4;
const SEED = process.env.FILMROOM_DEVICES_CHAOS_SEED ? Number(process.env.FILMROOM_DEVICES_CHAOS_SEED) : undefined;
const PATH = process.env.FILMROOM_DEVICES_CHAOS_PATH;
const SKEWS = [10 * 60_000, -10 * 60_000, 0];

let s3: S3TestServer;
const proxies: FaultProxy[] = [];
const envs: Record<string, string>[] = [];
const devices: ServeChild[] = [];
const deviceIds: string[] = [];
const media = tempDir('filmroom-devchaos-media-');
const dirs = SKEWS.map((_, i) => tempDir(`filmroom-devchaos-${i}-`));
const ids: string[] = [];
/** What each library answered before any change: the fold's starting point. */
let initial: Loose[] = [];
const ledger: Acked[] = [];
let unique = 0;
const stats = { ops: 0, acked: 0, syncs: 0, faults: 0 };
/** Where the kills landed: push (own change object written), apply (a trash's manifest rewrite while applying),
 * read (another device's object), pass (a random moment), cut-off (partitioned: every call failing), idle (the
 * held call never came). */
const killsAt: Record<string, number> = {};
const refused: Record<string, number> = {};

/**
 * "Sync now" until a pass worked: the outbox is empty and a pass ended well after the request. The store's faults
 * are still on: a failed pass (its last_error) is asked for again every 1.5 s, as the poll would.
 */
async function syncNow(server: ServeChild): Promise<void> {
  alive();
  const before = (await server.api('/api/v1/devices')).body.devices[0].last_seen_at as string | null;
  let asked = 0;
  await until(async () => {
    if (Date.now() - asked > 1_500) {
      expect((await server.api('/api/v1/devices/sync-now', { method: 'POST', json: {} })).status).toBe(202);
      asked = Date.now();
    }
    const self = (await server.api('/api/v1/devices')).body.devices[0];
    return self.pending_out === 0 && self.last_seen_at !== null && self.last_seen_at !== before ? true : undefined;
  }, 90_000).catch((error: unknown) => {
    alive();
    throw error;
  });
}

/** No device may have died on its own (only the kills end a process, and restart it at once). */
function alive(): void {
  for (const [i, d] of devices.entries())
    if (d.child.exitCode !== null || d.child.signalCode !== null)
      throw new Error(`device ${i} exited by itself:\n${d.output().slice(-4000)}`);
}

type Edit =
  | { kind: 'title' | 'client' | 'notes'; value: string }
  | { kind: 'tags'; tags: string[] }
  | { kind: 'participants'; roles: ('client' | 'coach' | 'participant')[] }
  | { kind: 'marker'; note: boolean; t: number }
  | { kind: 'unmark' | 'trash' | 'untrash' | 'delete' };
type Op =
  | ({ device: number; session: number } & Edit)
  | { kind: 'sync'; device: number; waitMs: number }
  | { kind: 'partition' | 'heal'; device: number }
  | { kind: 'kill'; device: number; point: 'put' | 'get' | 'pass'; delayMs: number };

const device = fc.nat(2);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constantFrom('title' as const, 'client' as const, 'notes' as const), value: fc.string() }),
  fc.record({ kind: fc.constant('tags' as const), tags: fc.subarray(['x', 'y', 'z']) }),
  fc.record({
    kind: fc.constant('participants' as const),
    roles: fc.array(fc.constantFrom('client' as const, 'coach' as const, 'participant' as const), { maxLength: 2 }),
  }),
  fc.record({ kind: fc.constant('marker' as const), note: fc.boolean(), t: fc.nat(2) }),
  fc.record({ kind: fc.constantFrom('unmark' as const, 'trash' as const, 'untrash' as const) }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(device, fc.nat(2), editArb).map(([d, s, e]) => ({ device: d, session: s, ...e })) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('sync' as const), device, waitMs: fc.nat(300) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constantFrom('partition' as const, 'heal' as const), device }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('kill' as const),
      device,
      point: fc.constantFrom('put' as const, 'get' as const, 'pass' as const),
      delayMs: fc.nat(400),
    }),
  },
);
/** Store faults of one run: a share of every call type of every device fails (seeded, so a run replays). */
const faultsArb = fc.record({ rate: fc.constantFrom(0, 0.15, 0.25, 0.35), seed: fc.nat() });
/** A delete is rare and only of the third session (it ends that session for every later run). */
const deleteArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.record({ device, session: fc.constant(2), kind: fc.constant('delete' as const) }) },
);

function ack(status: number, entry: Acked): void {
  if (status < 200 || status >= 300) {
    refused[entry.kind] = (refused[entry.kind] ?? 0) + 1; // a trashed or deleted session, not trashed: no edit
    return;
  }
  ledger.push(entry);
  stats.acked += 1;
}

/** One edit through a device's API, written in the ledger when acknowledged. Values are unique per edit. */
async function edit(op: { device: number; session: number } & Edit): Promise<void> {
  const server = devices[op.device]!;
  const id = ids[op.session]!;
  const who = { device: deviceIds[op.device]!, session: id };
  const n = ++unique;
  const patch = async (field: SessionField, value: unknown) => {
    const res = await server.api(`/api/v1/sessions/${id}`, { method: 'PATCH', json: { [field]: value } });
    ack(res.status, { kind: 'fields', ...who, field, value });
  };
  switch (op.kind) {
    case 'title':
    case 'client':
    case 'notes':
      return patch(op.kind, `${op.value.trim() || op.kind} ${op.device}.${n}`);
    case 'tags':
      return patch('tags', [...op.tags, `t${n}`]);
    case 'participants':
      return patch(
        'participants',
        op.roles.map((role, i) => ({ name: `Person ${n}.${i}`, role })),
      );
    case 'marker': {
      const text = `${op.note ? 'note' : 'marker'} ${op.device}.${n}`;
      const res = await server.api(`/api/v1/sessions/${id}/markers`, {
        method: 'POST',
        json: { t: op.t, kind: op.note ? 'note' : 'marker', text },
      });
      return ack(res.status, { kind: 'marker', ...who, text });
    }
    case 'unmark': {
      const items = ((await server.api(`/api/v1/sessions/${id}/markers`)).body?.items ?? []) as Loose[];
      const target = items[n % Math.max(1, items.length)];
      if (!target) return;
      const res = await server.api(`/api/v1/sessions/${id}/markers/${target.id}`, { method: 'DELETE' });
      return ack(res.status, { kind: 'unmark', ...who, text: target.text as string });
    }
    case 'trash':
      return ack((await server.api(`/api/v1/sessions/${id}?trash=true`, { method: 'DELETE' })).status, {
        kind: 'trash',
        ...who,
      });
    case 'untrash':
      return ack((await server.api(`/api/v1/trash/${id}/restore`, { method: 'POST', json: {} })).status, {
        kind: 'untrash',
        ...who,
      });
    case 'delete':
      return ack((await server.api(`/api/v1/sessions/${id}`, { method: 'DELETE' })).status, { kind: 'delete', ...who });
  }
}

/** Waits (at most `ms`) for the device's proxy to pass a call of this type that the store answered 2xx. */
async function storeDid(d: number, type: CallType, from: number, ms: number): Promise<string | null> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    const done = proxies[d]!.requests.slice(from).find((r) => r.type === type && r.status >= 200 && r.status < 300);
    if (done) return done.url;
    await sleep(10);
  }
  return null;
}

/** kill -9 of a device mid-sync, then a restart on the same data folder (its outbox and cursors are its SQLite). */
async function killMidSync(op: Extract<Op, { kind: 'kill' }>): Promise<void> {
  const proxy = proxies[op.device]!;
  const from = proxy.requests.length;
  // put: the store has the change object, the device never hears so (killed before it drops its outbox rows);
  // get: killed while reading another device's object (before its apply and cursor); pass: a random moment.
  // So that there is something to write or to read, the device (put) or another one (get) edits first.
  const other = (op.device + 1) % devices.length;
  if (op.point === 'put') await edit({ device: op.device, session: 0, kind: 'title', value: 'before a kill' });
  if (op.point === 'get' && !proxies[other]!.state.down) {
    await edit({ device: other, session: 1, kind: 'client', value: 'to be read' });
    await syncNow(devices[other]!);
  }
  if (op.point !== 'pass') proxy.state.holdAnswersOf = op.point;
  await devices[op.device]!.api('/api/v1/devices/sync-now', { method: 'POST', json: {} });
  let at: string = op.point;
  if (op.point === 'pass') await sleep(op.delayMs);
  else {
    const url = await storeDid(op.device, op.point, from, 3_000);
    const where = op.point === 'get' ? 'read' : url?.includes('.sync/') ? 'push' : 'apply';
    at = url !== null ? where : proxy.state.down ? 'cut-off' : 'idle';
  }
  await devices[op.device]!.kill9();
  proxy.state.holdAnswersOf = null;
  devices[op.device] = await startServe(dirs[op.device]!, envs[op.device]!);
  killsAt[at] = (killsAt[at] ?? 0) + 1;
}

async function run(op: Op): Promise<void> {
  stats.ops += 1;
  switch (op.kind) {
    case 'sync':
      // Not waited for: the pass runs while the next edits are made (it may fail on a fault; a later one retries).
      stats.syncs += 1;
      await devices[op.device]!.api('/api/v1/devices/sync-now', { method: 'POST', json: {} });
      await sleep(op.waitMs);
      return;
    case 'partition':
    case 'heal':
      proxies[op.device]!.state.down = op.kind === 'partition' ? 'all' : null;
      return;
    case 'kill':
      return killMidSync(op);
    default:
      return edit(op);
  }
}

function setFaults(rate: number, seed: number): void {
  for (const [i, p] of proxies.entries()) {
    p.state.faults =
      rate > 0 ? { rate, types: 'all', kinds: ['slowdown', 'reset', 'latency'], latencyMs: 200, seed: seed + i } : null;
  }
}

beforeAll(async () => {
  s3 = await startS3Server();
  for (const [i, skew] of SKEWS.entries()) {
    const proxy = await startFaultProxy(s3.endpoint);
    proxy.state.keepPutBodiesUnder = '.sync/';
    proxies.push(proxy);
    envs.push({ ...s3.env(proxy.endpoint), FILMROOM_LOG_LEVEL: 'warn', FILMROOM_TEST_CLOCK_SKEW_MS: String(skew) });
    devices.push(await startServe(dirs[i]!, envs[i]!));
  }
  const a = devices[0]! as unknown as TestServer;
  // One session as a coach's real one (a Zoom folder: participants' tracks, a .vtt transcript, an analysis).
  const meeting = makeMeetingFolder(media, 'Chaos meeting', ['goals', 'budget']).folder;
  ids.push(await importFolder(a, meeting, { title: 'Session 0' }));
  expect((await analyse(a, ids[0]!)).analysis_status).toBe('ready');
  for (let i = 1; i < 3; i++)
    ids.push(await importFolder(a, makeVideo(media, undefined, i), { title: `Session ${i}` }));
  for (const id of ids) await backUp(a, id);
  for (const d of devices.slice(1))
    expect((await d.api('/api/v1/recordings/sync-bucket', { method: 'POST', json: {} })).status).toBe(200);
  for (const [i, d] of devices.entries()) {
    const put = await d.api('/api/v1/devices/settings', {
      method: 'PUT',
      json: { enabled: true, device_name: `Device ${i}`, poll_seconds: 3600 },
    });
    expect(put.status, put.text).toBe(200);
    deviceIds.push(put.body.this_device.id as string);
  }
  initial = await answers(devices[0]!, ids);
  expect(initial[0]!.transcript?.length).toBeGreaterThan(0);
  expect(initial[0]!.analysis?.speakers?.length).toBeGreaterThan(0);
  for (const d of devices.slice(1)) expect(await answers(d, ids)).toEqual(initial);
}, 400_000);

afterAll(async () => {
  for (const d of devices) await d.stop();
  for (const p of proxies) await p.close();
  await s3?.stop();
  for (const d of [media, ...dirs]) rmSync(d, { recursive: true, force: true });
});

describe('three devices under kills, store faults, partitions and skew', () => {
  it('property: after quiescence every library answers the fold of the bucket, and nothing acknowledged is lost', async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 20 }), faultsArb, deleteArb, async (ops, f, del) => {
        // Each run starts with the sessions out of the trash (edits of a trashed session are refused: no edit).
        for (let session = 0; session < ids.length; session++) await edit({ device: 0, session, kind: 'untrash' });
        setFaults(f.rate, f.seed);
        for (const op of del ? [...ops, del] : ops) await run(op);
        alive();
        // Quiescence: partitions healed, no more edits, every device syncs until three passes worked (the store's
        // faults stay on). Three, not two: a pass still running from the edits (not waited for) may end the first
        // round's wait, so only the third round's pass of each device surely started after every outbox was empty.
        for (const p of proxies) p.state.down = null;
        for (let round = 0; round < 3; round++) for (const d of devices) await syncNow(d);
        setFaults(0, 0);
        alive();
        stats.faults = proxies.reduce((n, p) => n + p.injected.length, 0);

        const changes = bucketChanges(proxies.flatMap((p) => p.putBodies));
        const final = fold(changes, ids);
        const want = initial.map((a) => expected(a, final.get(a.id as string)!));
        expect(checkLedger(ledger, changes, final), 'the acknowledged edits').toEqual([]);
        for (const [i, d] of devices.entries()) expect(await answers(d, ids), `device ${i}`).toEqual(want);
      }),
      {
        numRuns: RUNS,
        endOnFailure: true,
        ...(SEED !== undefined ? { seed: SEED, ...(PATH ? { path: PATH } : {}) } : {}),
      },
    );
    console.log(
      `devices chaos: ${RUNS} runs, ${stats.ops} ops, ${stats.acked} acknowledged edits, kills -9 ${JSON.stringify(killsAt)}, ` +
        `refused ${JSON.stringify(refused)}, ${stats.syncs} background syncs, ${stats.faults} store faults injected, in ${Date.now() - started} ms (loaded machine)`,
    );
  }, 900_000);
});
