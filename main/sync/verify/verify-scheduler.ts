/**
 * "Verify backups" on a schedule (optional, off by default): every `every_days` days a run (trigger `schedule`)
 * goes into the job queue like a manual one, and its results join the same history. The next run is counted from
 * the latest scheduled run, or from when the schedule was set; a run missed while the app was closed runs once at
 * the next check. The clock and the timer are injected, and the longest sleep between checks is a setting of the
 * scheduler (`FILMROOM_VERIFY_CHECK_MS`), so tests move the clock instead of waiting days.
 */
import { z } from 'zod';
import type { VerifySchedule } from '../../../shared/contract/verify.js';
import type { Clock } from '../../platform/clock.js';
import type { Logger } from '../../platform/logger.js';
import type { SettingsRepository } from '../../settings/index.js';
import type { SyncConfigService } from '../config.js';
import type { VerifyRunsRepository } from './verify-runs-repository.js';

const KEY = 'verify_schedule';
const DAY_MS = 86_400_000;
/** Longest sleep between checks: a changed setting or a clock jump is noticed within it. */
const DEFAULT_CHECK_MS = 15 * 60_000;

const stored = z.object({
  every_days: z.number().int().min(0).max(365),
  sample_rehash: z.number().int().min(0).max(100),
  /** When the schedule was last set: the first run is one interval after it. */
  set_at: z.string(),
});
type Stored = z.infer<typeof stored>;

export interface VerifySchedulerDeps {
  settingsStore: SettingsRepository;
  runs: Pick<VerifyRunsRepository, 'lastStartedAt'>;
  config: Pick<SyncConfigService, 'current'>;
  start: (sampleRehash: number) => unknown;
  clock: Clock;
  logger: Logger;
  env: NodeJS.ProcessEnv;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export class VerifyScheduler {
  #timer: unknown = null;
  #stopped = true;

  constructor(private readonly deps: VerifySchedulerDeps) {}

  #stored(): Stored | null {
    const parsed = stored.safeParse(this.deps.settingsStore.get(KEY));
    return parsed.success ? parsed.data : null;
  }

  get(): VerifySchedule {
    const s = this.#stored();
    const last = this.deps.runs.lastStartedAt('schedule');
    return {
      every_days: s?.every_days ?? 0,
      sample_rehash: s?.sample_rehash ?? 0,
      next_run_at: this.#next(s, last)?.toISOString() ?? null,
      last_run_at: last,
    };
  }

  set(input: { every_days: number; sample_rehash: number }): VerifySchedule {
    const value: Stored = { ...input, set_at: this.deps.clock.now().toISOString() };
    this.deps.settingsStore.put({ [KEY]: value });
    if (!this.#stopped) this.#arm();
    return this.get();
  }

  #next(s: Stored | null, last: string | null): Date | null {
    if (!s || s.every_days === 0) return null;
    const from = Math.max(Date.parse(s.set_at), last ? Date.parse(last) : 0);
    return new Date(from + s.every_days * DAY_MS);
  }

  /** Starts the scheduled run when it is due (and S3 is configured); returns whether it did. */
  check(): boolean {
    const s = this.#stored();
    const next = this.#next(s, this.deps.runs.lastStartedAt('schedule'));
    if (!s || !next || next.getTime() > this.deps.clock.now().getTime() || !this.deps.config.current()) return false;
    try {
      this.deps.start(s.sample_rehash);
      return true;
    } catch (error) {
      // A run already under way (409): the next check tries again.
      this.deps.logger.warn({ error: (error as Error).message }, 'scheduled verify-backups not started');
      return false;
    }
  }

  start(): void {
    this.#stopped = false;
    this.#arm();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #clear(): void {
    if (this.#timer) (this.deps.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout)))(this.#timer);
    this.#timer = null;
  }

  #arm(): void {
    this.#clear();
    if (this.#stopped) return;
    this.check();
    const s = this.#stored();
    if (!s || s.every_days === 0) return; // off: armed again when set
    const next = this.#next(s, this.deps.runs.lastStartedAt('schedule'));
    const longest = Number(this.deps.env.FILMROOM_VERIFY_CHECK_MS) || DEFAULT_CHECK_MS;
    const wait = Math.min(longest, Math.max(50, (next?.getTime() ?? 0) - this.deps.clock.now().getTime()));
    const set = this.deps.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms).unref());
    this.#timer = set(() => this.#arm(), wait);
  }
}
