/**
 * The soak driver: real `filmroom serve` processes on one data folder, a real S3-protocol store behind the fault
 * proxy, a seeded mixed workload, and SIGKILL at random moments (during start-up too; sometimes the store as well,
 * sometimes with the disk full). After every kill the crashed database is checked; after every restart the whole
 * library is (see invariants.ts). Everything random comes from the seed, so a failure names the seed and step.
 */
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareDisk, type Disk } from './disk.js';
import { call } from './http.js';
import { checkCrashedDatabase, checkLibrary, snapshot, type Failure } from './invariants.js';
import { Ledger } from './ledger.js';
import { MediaPool, startMediaHost, type MediaHost } from './media.js';
import { Rng } from './rng.js';
import { startSoakStore, type SoakStore } from './s3-store.js';
import { groupMembers, killAllGroups, startServe, type Serve } from './serve.js';
import { checkRestoredLibrary } from './restore-check.js';
import { OPS, WEIGHTS, type Ctx, type OpName } from './workload.js';
import { emptyReport, type SoakReport } from './report.js';

export interface SoakOptions {
  kills: number;
  seed: number;
  /** Use a small tmpfs as the data folder (to fill the disk); skipped with the reason when mount is refused. */
  tmpfs: boolean;
  /** Start-up time allowed beyond an empty library's (the "API answers within 1 s of start" budget). */
  startBudgetMs: number;
  /** How long to wait for queued/running work to finish before checking (work still live is exempt). */
  settleMs: number;
  /**
   * Wait the whole `settleMs` only every N rounds (and at the end); other rounds wait at most 1 s. The checks run
   * after every restart either way (live work is exempt from them), the long waits only make sure that work which
   * keeps running is checked once it is done. Default 4; 1: every round.
   */
  fullSettleEvery?: number;
  /** Stop starting new rounds after this long (the kills done so far are reported). */
  maxMs: number;
  /** A restore from the bucket into a second data folder every N rounds (0: never). */
  restoreEvery: number;
  log: (line: string) => void;
  /** Appends every API call and answer (and kills, restarts) to this file. */
  traceFile?: string;
  /** Aborted: no new round starts; the current one ends with its kill, then everything is cleaned up. */
  signal?: AbortSignal;
  /** Weights to change (0: never drawn), e.g. to leave out an operation whose open defect is being fixed elsewhere. */
  weights?: Partial<Record<OpName, number>>;
}

const PREFIX = 'recordings/';

export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const began = Date.now();
  const rng = new Rng(o.seed);
  const report = emptyReport(o.seed);
  const root = mkdtempSync(join(tmpdir(), 'filmroom-soak-'));
  const disk: Disk = prepareDisk(join(root, 'disk'), o.tmpfs);
  report.diskFull = disk.reason ?? 'tmpfs data folder: disk-full rounds enabled';
  let store: SoakStore | null = null;
  let host: MediaHost | null = null;
  let serve: Serve | null = null;
  let round = 0;
  let step = 0;
  const trace = o.traceFile ? (line: string) => appendFileSync(o.traceFile!, `${line}\n`) : null;
  const fail = (f: Failure, at = step) => {
    trace?.(`FAIL round ${round} step ${at}: ${f.check}: ${f.detail}`);
    report.failures.push({ ...f, step: at, round });
    o.log(`FAIL round ${round} step ${at}: ${f.check}: ${f.detail}`);
  };
  const checked = (name: string, failures: Failure[], at = step) => {
    const c = (report.checks[name] ??= { run: 0, failed: 0 });
    c.run += 1;
    c.failed += failures.length > 0 ? 1 : 0;
    for (const f of failures) fail(f, at);
  };
  let lap = Date.now();
  /** Adds the time since the last lap to `part` (the report's "time per part of a round"). */
  const spent = (part: string) => {
    const now = Date.now();
    report.timeMs[part] = (report.timeMs[part] ?? 0) + (now - lap);
    lap = now;
  };
  try {
    store = await startSoakStore();
    const pool = new MediaPool(join(root, 'media'), rng);
    pool.prepare();
    host = await startMediaHost(pool.dir);
    const ledger = new Ledger();
    const env = { ...store.env(), FILMROOM_AUTO_ANALYZE: rng.chance(0.5) ? '1' : '0', FILMROOM_S3_SSE: 'AES256' };
    o.log(`seed ${o.seed}: ${report.diskFull}`);
    let listenMs = 5_000;
    let settingsDone = false;
    let previousPid: number | null = null;

    while (report.kills < o.kills && Date.now() - began < o.maxMs && !o.signal?.aborted) {
      round += 1;
      lap = Date.now();
      // 1. Start (sometimes killed while starting up: recovery itself must survive a crash).
      if (!store.running() && rng.chance(0.7)) await store.start();
      const early = rng.chance(0.1) ? rng.int(50, listenMs + 500) : null;
      const started = await startServe(disk.dataDir, env, 90_000, early);
      spent('start (spawn to listening)');
      if (started.killedEarly) {
        report.kills += 1;
        bump(report.killsByPhase, 'startup');
        checked(
          'crashed database: integrity + foreign keys',
          checkCrashedDatabase(join(disk.dataDir, 'library.db')).failures,
        );
        continue;
      }
      if (!started.serve) {
        fail({ check: 'the server starts', detail: tail(started.proc.output()) });
        disk.free();
        await store.start();
        if (report.failures.filter((f) => f.check === 'the server starts').length >= 3) break;
        continue;
      }
      serve = started.serve;
      const healthAt = Date.now();
      const health = await call(serve.url, serve.token, '/api/v1/health', { timeoutMs: 5_000 });
      listenMs = started.ms;
      const ready = await readyLine(serve);
      const readyMs = ready?.ms ?? null;
      const load = loadavg()[0] ?? 0;
      if (readyMs !== null) {
        report.startMs.push(readyMs);
        report.startLoad.push(load);
      }
      report.spawnMs.push(started.ms);
      const slow =
        health.status !== 200 ||
        Date.now() - healthAt > o.startBudgetMs ||
        readyMs === null ||
        readyMs > o.startBudgetMs;
      checked(
        'API answers within 1 s of start',
        slow
          ? [
              {
                check: 'API answers within 1 s of start',
                detail: `ready ${readyMs ?? '?'} ms after start (budget ${o.startBudgetMs}; ${ready?.steps ?? 'no steps'}), health ${health.status} in ${Date.now() - healthAt} ms, load average ${load.toFixed(1)}`,
              },
            ]
          : [],
      );
      if (!store.running()) await store.start();
      if (!settingsDone) {
        const s = await call(serve.url, serve.token, '/api/v1/settings', {
          method: 'PATCH',
          json: { url_import_allow_local: true },
        });
        settingsDone = s.status === 200;
      }
      spent('start (ready line, health)');

      // 2. Settle, then check everything.
      const fullSettle = round % (o.fullSettleEvery ?? 4) === 0;
      await settle(disk.dataDir, fullSettle ? o.settleMs : Math.min(o.settleMs, 1_000));
      spent('settle (queued work finishing)');
      if (previousPid !== null) {
        const members = await stillRunning(previousPid, 3_000);
        const left = members.length > 0;
        checked(
          'nothing of a killed server keeps running',
          left
            ? [
                {
                  check: 'nothing of a killed server keeps running',
                  detail: `process group ${previousPid} still runs after restart and settle: ${members.join('; ')}`,
                },
              ]
            : [],
        );
        if (left) killGroup(previousPid);
      }
      const library = await checkTwice(() =>
        checkLibrary({
          dataDir: disk.dataDir,
          client: store!.client()!,
          bucket: store!.bucket,
          prefix: PREFIX,
          ledger,
          objects: true,
        }),
      );
      checked('library invariants', library);
      spent('library invariants');
      if (o.restoreEvery > 0 && round % o.restoreEvery === 0) {
        const r = await checkRestoredLibrary({
          root,
          env,
          store,
          ledger,
          rng,
          mainDb: join(disk.dataDir, 'library.db'),
        });
        if (r.killed) bump(report.killsByPhase, 'restore-from-bucket (not counted)');
        checked('restore from bucket into a second data folder', r.failures);
        spent('restore from bucket');
      }

      // 3. The workload, until the kill.
      const ctx: Ctx = {
        rng,
        ledger,
        pool,
        host,
        base: serve.url,
        token: serve.token,
        step,
        busy: new Set(),
        diskFull: false,
        failures: [],
        trace,
        serverLog: () => serve?.output() ?? '',
      };
      trace?.(`round ${round}: server pid ${serve.pid} up after ${started.ms} ms`);
      const killAt = Date.now() + rng.int(200, 4_000);
      const s3KillAt = rng.chance(0.12) ? Date.now() + rng.int(0, 3_000) : null;
      const fillAt = disk.mount && rng.chance(0.1) ? Date.now() + rng.int(0, 2_000) : null;
      const inFlight = new Map<number, { label: OpName; done: Promise<void> }>();
      let s3Killed = false;
      while (Date.now() < killAt) {
        if (s3KillAt && !s3Killed && Date.now() >= s3KillAt) {
          await store.kill9();
          s3Killed = true;
        }
        if (fillAt && !ctx.diskFull && Date.now() >= fillAt) {
          disk.fill();
          ctx.diskFull = true;
        }
        if (inFlight.size < 3) {
          step += 1;
          ctx.step = step;
          const label = rng.weighted({ ...WEIGHTS, ...o.weights });
          const id = step;
          const done = OPS[label](ctx)
            .catch((error: Error) => fail({ check: 'driver', detail: `${label}: ${error.stack ?? error.message}` }, id))
            .finally(() => inFlight.delete(id));
          inFlight.set(id, { label, done });
        }
        await Promise.race([sleep(rng.int(0, 250)), ...[...inFlight.values()].map((f) => f.done)]);
      }

      spent('workload until the kill');
      // 4. The kill, and what the crash left.
      const last = [...inFlight.values()].at(-1);
      previousPid = serve.pid;
      await serve.kill9();
      trace?.(`kill -9 ${serve.pid}${s3Killed ? ' (S3 killed)' : ''}${ctx.diskFull ? ' (disk full)' : ''}`);
      report.kills += 1;
      await Promise.all([...inFlight.values()].map((f) => f.done));
      for (const f of ctx.failures) fail(f, f.step);
      const crashed = checkCrashedDatabase(join(disk.dataDir, 'library.db'));
      const phase = last
        ? `op:${last.label}`
        : crashed.running.length
          ? `job:${crashed.running.sort().join('+')}`
          : 'idle';
      bump(report.killsByPhase, phase + (s3Killed ? ' (+S3 killed)' : '') + (ctx.diskFull ? ' (+disk full)' : ''));
      checked('crashed database: integrity + foreign keys', crashed.failures);
      if (ctx.diskFull) disk.free();
      spent('kill, in-flight answers, crashed database');
      if (report.kills % 10 === 0) o.log(`${report.kills} kills, ${step} steps, ${report.failures.length} failures`);
    }
    // A last clean start, so the final state is checked too.
    if (!store.running()) await store.start();
    const final = await startServe(disk.dataDir, env, 90_000);
    if (final.serve) {
      serve = final.serve;
      await settle(disk.dataDir, o.settleMs);
      checked(
        'library invariants',
        await checkTwice(() =>
          checkLibrary({
            dataDir: disk.dataDir,
            client: store!.client()!,
            bucket: store!.bucket,
            prefix: PREFIX,
            ledger,
            objects: true,
          }),
        ),
      );
      report.sessions = snapshot(join(disk.dataDir, 'library.db')).sessions.size;
      await serve.kill9();
    } else fail({ check: 'the server starts', detail: tail(final.proc.output()) });
  } finally {
    report.steps = step;
    report.rounds = round;
    report.ms = Date.now() - began;
    await serve?.kill9().catch(() => undefined);
    killAllGroups();
    await host?.close().catch(() => undefined);
    await store?.close().catch(() => undefined);
    disk.close();
    rmSync(root, { recursive: true, force: true });
  }
  return report;
}

/** The server's own "Ready N ms after start (step ms, …)" line (opening the library, recovery, listening). */
async function readyLine(serve: Serve): Promise<{ ms: number; steps: string } | null> {
  for (let i = 0; i < 100; i += 1) {
    const m = /Ready (\d+) ms after start(?: \(([^)]*)\))?/.exec(serve.output());
    if (m) return { ms: Number(m[1]), steps: m[2] ?? '' };
    await sleep(20);
  }
  return null;
}

/** The members of a killed server's process group still running after up to `ms` (they exit on their own). */
async function stillRunning(pgid: number, ms: number): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const members = groupMembers(pgid);
    if (members.length === 0 || Date.now() >= until) return members;
    await sleep(100);
  }
}

/** Waits (up to `ms`) until no job or import is queued or running. */
async function settle(dataDir: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if (snapshot(join(dataDir, 'library.db')).liveCount === 0) return;
    } catch {
      /* busy: try again */
    }
    await sleep(250);
  }
}

/** Runs a check; failures are only those it finds again 1.5 s later (work finishing between two reads is not one). */
async function checkTwice(run: () => Promise<{ failures: Failure[] }>): Promise<Failure[]> {
  const first = await run().catch((e: Error) => ({ failures: [{ check: 'checker', detail: e.message }] }));
  if (first.failures.length === 0) return [];
  await sleep(1_500);
  const second = await run().catch((e: Error) => ({ failures: [{ check: 'checker', detail: e.message }] }));
  const again = new Set(second.failures.map((f) => `${f.check}|${f.detail}`));
  return first.failures.filter((f) => again.has(`${f.check}|${f.detail}`));
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

function tail(text: string, max = 1500): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}
