/**
 * "Verify backups" (after restic/rclone `check`: verify what the bucket holds, not what the uploader believed).
 * A run HEADs every object the library references and compares its size and `sha256` metadata with the library's
 * record; a sample (0–100 %) is downloaded and re-hashed. Findings per session: missing (no object), changed (size,
 * metadata or bytes differ), unverifiable (nothing to compare with, the store did not answer, or a backup still
 * pending). Nothing is repaired: a changed object is reported, never uploaded over (the upload job refuses to
 * replace an object it did not write). Runs are jobs (`s3.verify`) and kept in `verify_runs`.
 */
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { z } from 'zod';
import { conflict } from '../../../shared/contract/errors.js';
import type { VerifyFinding, VerifyRun } from '../../../shared/contract/verify.js';
import { defineJobType, type JobHandler, type JobQueue } from '../../jobs/index.js';
import type { SessionsRepository } from '../../library/index.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import { plainError, plainReason } from '../../platform/plain-errors.js';
import type { SyncConfigService } from '../config.js';
import { isNotFound } from '../retry.js';
import type { S3ClientCache } from '../s3-client.js';
import type { Findings, ReferencedObject, VerifyRunsRepository } from './verify-runs-repository.js';

export const VERIFY_JOB = defineJobType({
  name: 's3.verify',
  payload: z.object({ runId: z.string().min(1) }),
  maxAttempts: 2,
});

/** HEADs in flight at once: enough to hide the store's latency, few enough not to be throttled. */
const CONCURRENCY = 16;
/** This many store failures in a row end the run early (the store is down: report it, try again later). */
const GIVE_UP_AFTER = 25;

export interface VerifyDeps {
  runs: VerifyRunsRepository;
  /** The library's answer to which objects it references (verify does not read the library's tables). */
  sessions: Pick<SessionsRepository, 'objectsInBucket'>;
  config: SyncConfigService;
  clients: S3ClientCache;
  queue: Pick<JobQueue, 'enqueue' | 'isActive'>;
  clock: Clock;
  logger: Logger;
}

type Verdict = { kind: 'ok' } | { kind: keyof Omit<Findings, 'rehashed'>; detail: string; storeDown?: boolean };

export class VerifyService {
  constructor(private readonly deps: VerifyDeps) {}

  #now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Starts a run as a job; 409 while another is under way. */
  start(trigger: VerifyRun['trigger'], sampleRehash: number): { job_id: string; run_id: string } {
    this.deps.config.require();
    const running = this.deps.runs.unfinished();
    if (running?.job_id && this.deps.queue.isActive(running.job_id))
      throw conflict('A verify run is already under way', { run_id: running.id, job_id: running.job_id });
    if (running) this.#interrupted(running.id);
    const runId = this.createRun(trigger, sampleRehash);
    const jobId = this.deps.queue.enqueue(VERIFY_JOB, { runId });
    this.deps.runs.setJob(runId, jobId);
    return { job_id: jobId, run_id: runId };
  }

  /** A run's row, not yet started (the CLI runs it at once with `run`, without the queue). */
  createRun(trigger: VerifyRun['trigger'], sampleRehash: number): string {
    this.deps.config.require();
    const runId = newId('vr_');
    this.deps.runs.create({ id: runId, trigger, sampleRehash, now: this.#now() });
    return runId;
  }

  list(): { items: VerifyRun[] } {
    return { items: this.deps.runs.list() };
  }

  #interrupted(runId: string): void {
    const row = this.deps.runs.get(runId);
    if (!row) return;
    this.deps.runs.save(runId, {
      checked: row.checked,
      ok: row.ok,
      findings: row.findingsParsed,
      finishedAt: this.#now(),
      error: 'The run was interrupted before it finished',
    });
  }

  /** Does one run's work (the job's handler, and the CLI without a queue). */
  async run(
    runId: string,
    signal: AbortSignal,
    progress: (percent: number, message: string) => void = () => undefined,
  ): Promise<VerifyRun> {
    const config = this.deps.config.require();
    const client = this.deps.clients.get(config);
    const run = this.deps.runs.get(runId);
    if (!run) throw new Error(`verify run ${runId} not found`);
    const objects = this.deps.sessions.objectsInBucket();
    const latest = this.deps.runs.latestUploadStates();
    const sample = pickSample(objects.length, run.sample_rehash);
    const findings: Findings = { rehashed: 0, missing: [], changed: [], unverifiable: [] };
    let checked = 0;
    let ok = 0;
    let failuresInRow = 0;
    let stopped: string | null = null;
    let lastSave = performance.now();
    const save = (finishedAt?: string) =>
      this.deps.runs.save(runId, { checked, ok, findings, finishedAt, error: stopped });

    setMaxListeners(CONCURRENCY * 4, signal); // every request in flight listens for the run's cancel
    let next = 0;
    const worker = async () => {
      while (next < objects.length && !stopped) {
        if (signal.aborted) throw signal.reason ?? new Error('aborted');
        const index = next++;
        const object = objects[index]!;
        const state = latest.get(object.file_id);
        const pending = state === 'queued' || state === 'uploading' || state === 'paused';
        const verdict = await this.#check(client, config.bucket, object, sample.has(index), pending, findings, signal);
        checked += 1;
        if (verdict.kind === 'ok') ok += 1;
        else findings[verdict.kind].push(finding(object, verdict.detail));
        failuresInRow = verdict.kind !== 'ok' && verdict.storeDown ? failuresInRow + 1 : 0;
        if (failuresInRow >= GIVE_UP_AFTER)
          stopped = `The S3 store stopped answering after ${checked} of ${objects.length} objects; run it again later`;
        if (performance.now() - lastSave > 1000) {
          lastSave = performance.now();
          save();
          progress(Math.floor((checked / objects.length) * 100), `Checked ${checked} of ${objects.length} objects`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, objects.length) }, worker));
    save(this.#now());
    const done = this.deps.runs.list().find((r) => r.run_id === runId)!;
    this.deps.logger.info(
      { runId, checked, ok, missing: findings.missing.length, changed: findings.changed.length, stopped },
      'verify backups finished',
    );
    return done;
  }

  async #check(
    client: S3Client,
    bucket: string,
    o: ReferencedObject,
    rehash: boolean,
    pending: boolean,
    findings: Findings,
    signal: AbortSignal,
  ): Promise<Verdict> {
    let head;
    try {
      head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: o.key }), { abortSignal: signal });
    } catch (error) {
      if (signal.aborted) throw error;
      if (isNotFound(error)) return { kind: 'missing', detail: 'No object at this key' };
      return { kind: 'unverifiable', detail: plainReason(error), storeDown: plainError(error)?.transient ?? true };
    }
    const size = head.ContentLength ?? -1;
    const meta = head.Metadata?.sha256;
    const mismatch =
      size !== o.size
        ? `${size} bytes in the bucket, ${o.size} in the library`
        : o.sha256 && !meta
          ? 'The object has lost its sha256 metadata: it was replaced outside Filmroom'
          : o.sha256 && meta !== o.sha256
            ? 'The sha256 metadata differs from the library’s'
            : null;
    if (mismatch && pending)
      return { kind: 'unverifiable', detail: `A newer backup of this file is under way (${mismatch})` };
    if (mismatch) return { kind: 'changed', detail: mismatch };
    if (!o.sha256)
      return { kind: 'unverifiable', detail: 'The library has no sha256 for this file (uploaded by another tool)' };
    if (!rehash) return { kind: 'ok' };
    findings.rehashed += 1;
    try {
      const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.key }), { abortSignal: signal });
      const hash = createHash('sha256');
      for await (const chunk of got.Body as AsyncIterable<Uint8Array>) hash.update(chunk);
      if (hash.digest('hex') !== o.sha256)
        return { kind: 'changed', detail: 'The bytes do not match the sha256 (re-hashed by download)' };
    } catch (error) {
      if (signal.aborted) throw error;
      return { kind: 'unverifiable', detail: `Re-hash failed: ${plainReason(error)}`, storeDown: true };
    }
    return { kind: 'ok' };
  }
}

function finding(o: ReferencedObject, detail: string): VerifyFinding {
  return { session_id: o.session_id, title: o.title, key: o.key, detail };
}

/** `percent` % of `count` indices, spread at random (all at 100, none at 0). */
function pickSample(count: number, percent: number): Set<number> {
  const want = Math.ceil((count * percent) / 100);
  const indices = Array.from({ length: count }, (_, i) => i);
  for (let i = 0; i < want; i++) {
    const j = i + Math.floor(Math.random() * (count - i));
    [indices[i], indices[j]] = [indices[j]!, indices[i]!];
  }
  return new Set(indices.slice(0, want));
}

export function createVerifyJobHandler(service: VerifyService): JobHandler<{ runId: string }> {
  return async ({ job, signal, reportProgress }) => {
    const run = await service.run(job.payload.runId, signal, reportProgress);
    const counts = {
      run_id: run.run_id,
      checked: run.checked,
      ok: run.ok,
      missing: run.missing.length,
      changed: run.changed.length,
      unverifiable: run.unverifiable.length,
    };
    return { status: 'done', result: counts };
  };
}
