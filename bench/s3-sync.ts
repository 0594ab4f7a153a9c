/**
 * S3 backup benchmark against s3rver on 127.0.0.1 (same run, same server): a 300 MB backup by a real
 * `filmroom serve` vs `aws s3 cp` of the same file, vs one PutObject, and vs a bare SDK multipart upload with the same
 * parts (what the store allows any multipart client); peak RSS of the Filmroom process during a 2 GB upload (VmHWM
 * minus idle RSS); bytes re-sent after a kill -9 at 60 % of a 300 MB upload.
 *
 * Two targets, one after the other: `s3rver` as it is (the tests' store, on the OS temp dir), whose
 * CompleteMultipartUpload re-reads and md5-hashes the whole object (as much work as the PutObject it is compared
 * with), and `s3like`, the same server completing as S3 does (no whole-object hash; see
 * tests/helpers/s3-server-child.cjs) on a tmpfs folder. The store's own complete time is measured in the server
 * process for every multipart client, so it can be told apart from the client's time.
 *
 * `--baseline DIR` also backs up through another checkout's `filmroom serve` (e.g. an export of the main branch) in
 * the same rounds: before/after from one run. Each figure is reported as min / median / max over `--rounds`.
 * Run: `npx tsx bench/s3-sync.ts [--size-mb 300] [--big-mb 2048] [--rounds 3] [--baseline DIR] [--kill 1]`.
 */
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import Database from 'better-sqlite3';
import { createReadStream, existsSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startFilmroom } from '../main/composition/index.js';
import { silentLogger } from '../main/platform/logger.js';
import { startFaultProxy } from '../tests/helpers/s3-fault-proxy.js';
import {
  awsCli,
  awsCliPath,
  S3_TEST_KEY,
  S3_TEST_SECRET,
  startS3Server,
  type S3TestServer,
} from '../tests/helpers/s3-server.js';
import { tempDir } from '../tests/helpers/server.js';
import { startServe, type ServeChild } from '../tests/integration/import-api/child-process.js';
import { seedSession, until } from '../tests/integration/sync/sync-helpers.js';

const MiB = 1024 * 1024;
const PART = 8 * MiB; // what Filmroom picks for a 300 MB file (max(8 MiB, size / 9000))
const CONCURRENCY = 4; // Filmroom's default

export interface S3BenchOptions {
  sizeMb: number;
  bigMb: number;
  rounds: number;
  baseline: string | null;
  kill: boolean;
}

const serveEnv = (s3: S3TestServer, endpoint?: string) => ({ FILMROOM_LOG_LEVEL: 'warn', ...s3.env(endpoint) });

function procKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * A data dir holding sessions with random recordings of the given sizes (MiB). `schemaVersion`: the seeded library
 * is taken back to an older checkout's schema (this branch's later migrations only add tables that are empty here).
 */
async function library(sizesMb: number[], schemaVersion?: number): Promise<{ dataDir: string; ids: string[] }> {
  const dataDir = tempDir('filmroom-bench-s3-');
  const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
  const ids = sizesMb.map((mb, i) => seedSession(app, { size: mb * MiB, title: `Bench ${i}` }).id);
  await app.close();
  if (schemaVersion !== undefined) {
    const db = new Database(join(dataDir, 'library.db'));
    db.exec('DROP TABLE IF EXISTS file_fingerprints');
    db.pragma(`user_version = ${schemaVersion}`);
    db.close();
  }
  return { dataDir, ids };
}

/** The schema version an older checkout ends at (its last registered migration). */
async function schemaVersionOf(repo: string): Promise<number> {
  const mod = (await import(pathToFileURL(join(repo, 'main/db/migrations/index.ts')).href)) as {
    migrations: { version: number }[];
  };
  return mod.migrations.at(-1)!.version;
}

async function backup(child: ServeChild, id: string): Promise<number> {
  const started = performance.now();
  const res = await child.api(`/api/v1/sessions/${id}/sync`, { method: 'POST' });
  if (res.status !== 202) throw new Error(`sync answered ${res.status}: ${res.text}`);
  const recording = await until(async () => {
    const items = (await child.api(`/api/v1/sessions/${id}/uploads`)).body.items as {
      file: string;
      state: string;
      error: string;
    }[];
    const r = items.find((u) => u.file === 'recording.mp4');
    return r && ['completed', 'failed'].includes(r.state) ? r : undefined;
  }, 1_800_000);
  if (recording.state !== 'completed') throw new Error(`backup failed: ${recording.error}`);
  return (performance.now() - started) / 1000;
}

function sdkClient(s3: S3TestServer): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) },
  });
}

/** The least any multipart client can take on this store: the SDK's commands alone, same parts, same concurrency. */
async function bareMultipart(client: S3Client, bucket: string, key: string, file: string, size: number) {
  const started = performance.now();
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const pending = Array.from({ length: Math.ceil(size / PART) }, (_, i) => i + 1);
  const parts: { PartNumber: number; ETag: string }[] = [];
  const worker = async () => {
    for (let n = pending.shift(); n !== undefined; n = pending.shift()) {
      const start = (n - 1) * PART;
      const length = Math.min(PART, size - start);
      const body = createReadStream(file, { start, end: start + length - 1, highWaterMark: MiB });
      const r = await client.send(
        new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: n, Body: body, ContentLength: length }),
      );
      parts.push({ PartNumber: n, ETag: r.ETag! });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  parts.sort((a, b) => a.PartNumber - b.PartNumber);
  await client.send(
    new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }),
  );
  return (performance.now() - started) / 1000;
}

type Samples = Record<string, number[]>;

function push(samples: Samples, name: string, value: number): void {
  (samples[name] ??= []).push(value);
}

/** min / median / max of every sample series, flattened into the JSON's keys. */
function summarise(prefix: string, samples: Samples, out: Record<string, number>): void {
  for (const [name, values] of Object.entries(samples)) {
    const sorted = [...values].sort((a, b) => a - b);
    out[`${prefix}${name}_min`] = round(sorted[0]!);
    out[`${prefix}${name}_med`] = round(sorted[Math.floor((sorted.length - 1) / 2)]!);
    out[`${prefix}${name}_max`] = round(sorted.at(-1)!);
  }
}

/**
 * The store's time for the complete that followed `seen` earlier ones. Its line may still be on its way (awscli runs
 * synchronously, so the server's stdout is read after it returns): wait for it.
 */
async function completeSince(s3: S3TestServer, seen: number): Promise<number> {
  const c = await until(() => s3.completes()[seen], 10_000);
  return c.ms / 1000;
}

/** Section 1 on one target: `rounds` × (Filmroom, baseline Filmroom, aws s3 cp, one PutObject, bare multipart). */
async function compare(target: 's3rver' | 's3like', o: S3BenchOptions, out: Record<string, number>): Promise<void> {
  // s3like: the S3-like complete on a RAM-backed folder, so neither the store's hash pass nor this machine's shared
  // disk decides the figures: what is left is the clients' own work.
  const s3 = await startS3Server('filmroom-bench', {
    s3LikeComplete: target === 's3like',
    ...(target === 's3like' && existsSync('/dev/shm') ? { directoryRoot: '/dev/shm' } : {}),
  });
  const sizes = Array.from({ length: o.rounds }, () => o.sizeMb);
  const ours = await library(sizes);
  const before = o.baseline ? await library(sizes, await schemaVersionOf(o.baseline)) : null;
  const children: ServeChild[] = [];
  const client = sdkClient(s3);
  const samples: Samples = {};
  try {
    const child = await startServe(ours.dataDir, serveEnv(s3));
    children.push(child);
    const baseChild = before ? await startServe(before.dataDir, serveEnv(s3), 60_000, o.baseline!) : null;
    if (baseChild) children.push(baseChild);
    const size = o.sizeMb * MiB;
    for (let r = 0; r < o.rounds; r++) {
      const file = `${ours.dataDir}/library/${ours.ids[r]}/recording.mp4`;
      // Alternate who goes first, so neither always meets a warmer page cache or a quieter machine.
      const order = r % 2 === 0 ? ['ours', 'baseline'] : ['baseline', 'ours'];
      for (const who of order) {
        if (who === 'baseline' && (!baseChild || !before)) continue;
        const seen = s3.completes().length;
        const seconds = who === 'ours' ? await backup(child, ours.ids[r]!) : await backup(baseChild!, before!.ids[r]!);
        const prefix = who === 'ours' ? 'filmroom' : 'baseline';
        push(samples, `${prefix}_s`, seconds);
        push(samples, `${prefix}_store_complete_s`, await completeSince(s3, seen));
      }
      let seen = s3.completes().length;
      const cpStart = performance.now();
      const cp = awsCli(s3, ['s3', 'cp', file, `s3://${s3.bucket}/bench/aws-cp-${r}.mp4`, '--only-show-errors']);
      if (cp.status !== 0) throw new Error(`aws s3 cp failed: ${cp.stderr}`);
      push(samples, 'aws_cp_s', (performance.now() - cpStart) / 1000);
      push(samples, 'aws_cp_store_complete_s', await completeSince(s3, seen));

      const putStart = performance.now();
      await client.send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: `bench/one-put-${r}.mp4`,
          Body: createReadStream(file, { highWaterMark: MiB }),
          ContentLength: size,
        }),
      );
      push(samples, 'single_put_s', (performance.now() - putStart) / 1000);

      seen = s3.completes().length;
      push(samples, 'sdk_multipart_s', await bareMultipart(client, s3.bucket, `bench/sdk-mp-${r}.mp4`, file, size));
      push(samples, 'sdk_multipart_store_complete_s', await completeSince(s3, seen));

      // The reference copies are not needed again: keep a RAM-backed store small.
      await client.send(
        new DeleteObjectsCommand({
          Bucket: s3.bucket,
          Delete: { Objects: ['aws-cp', 'one-put', 'sdk-mp'].map((k) => ({ Key: `bench/${k}-${r}.mp4` })) },
        }),
      );

      // Ratios within the round (same minute of a noisy machine).
      const at = (name: string) => samples[name]!.at(-1)!;
      push(samples, 'ratio_vs_aws_cp', at('filmroom_s') / at('aws_cp_s')); // goal ≤ 1.0
      push(samples, 'throughput_vs_single_put', at('single_put_s') / at('filmroom_s')); // goal ≥ 0.9
      // What the store leaves possible: the bare SDK's multipart against the same PutObject.
      push(samples, 'sdk_multipart_vs_single_put', at('single_put_s') / at('sdk_multipart_s'));
      // Filmroom's own share: its time less the store's complete, against the PutObject.
      push(
        samples,
        'throughput_vs_single_put_without_store_complete',
        at('single_put_s') / (at('filmroom_s') - at('filmroom_store_complete_s')),
      );
      push(samples, 'vs_sdk_multipart', at('sdk_multipart_s') / at('filmroom_s'));
      if (baseChild) {
        push(samples, 'baseline_ratio_vs_aws_cp', at('baseline_s') / at('aws_cp_s'));
        push(samples, 'baseline_throughput_vs_single_put', at('single_put_s') / at('baseline_s'));
      }
    }
    summarise(`${target}_`, samples, out);
  } finally {
    client.destroy();
    for (const c of children) await c.stop();
    await s3.stop();
    rmSync(ours.dataDir, { recursive: true, force: true });
    if (before) rmSync(before.dataDir, { recursive: true, force: true });
  }
}

/** Section 2: peak RSS of the Filmroom process during a `bigMb` upload (VmHWM: the process's high-water mark). */
async function peakRss(o: S3BenchOptions, out: Record<string, number>): Promise<void> {
  const s3 = await startS3Server('filmroom-bench');
  const { dataDir, ids } = await library([o.bigMb]);
  let child: ServeChild | null = null;
  try {
    child = await startServe(dataDir, serveEnv(s3));
    const idleKb = procKb(child.child.pid!, 'VmRSS');
    out.big_mb = o.bigMb;
    out.big_upload_s = round(await backup(child, ids[0]!));
    out.idle_rss_mb = round(idleKb / 1024);
    out.peak_rss_mb = round(procKb(child.child.pid!, 'VmHWM') / 1024);
    out.peak_rss_above_idle_mb = round(out.peak_rss_mb - out.idle_rss_mb);
    const partMb = Math.max(8, Math.ceil((o.bigMb * MiB) / 9000) / MiB);
    out.rss_budget_mb = round(partMb * (CONCURRENCY + 1) + 64); // part size × (concurrency + 1) + 64 MiB
  } finally {
    if (child) await child.stop();
    await s3.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Section 3: kill -9 at 60 % of a `sizeMb` upload, restart, count the part bytes that crossed the wire twice. */
async function killResend(o: S3BenchOptions, out: Record<string, number>): Promise<void> {
  const s3 = await startS3Server('filmroom-bench');
  const { dataDir, ids } = await library([o.sizeMb]);
  const proxy = await startFaultProxy(s3.endpoint);
  let child: ServeChild | null = null;
  try {
    proxy.state.bytesPerSecond = 6 * MiB;
    const killed = await startServe(dataDir, serveEnv(s3, proxy.endpoint));
    const id = ids[0]!;
    await killed.api(`/api/v1/sessions/${id}/sync`, { method: 'POST' });
    await until(async () => {
      const items = (await killed.api(`/api/v1/sessions/${id}/uploads`)).body.items as {
        file: string;
        parts_done: number;
        parts_total: number;
      }[];
      const r = items.find((u) => u.file === 'recording.mp4');
      return r && r.parts_done >= Math.ceil(0.6 * r.parts_total) ? true : undefined;
    }, 600_000);
    await killed.kill9();
    proxy.state.bytesPerSecond = 0;
    child = await startServe(dataDir, serveEnv(s3, proxy.endpoint));
    await until(async () => {
      const items = (await child!.api(`/api/v1/sessions/${id}/uploads`)).body.items as {
        file: string;
        state: string;
      }[];
      return items.find((u) => u.file === 'recording.mp4' && u.state === 'completed') ? true : undefined;
    }, 600_000);
    out.kill_resent_mb = round((proxy.partBytes() - o.sizeMb * MiB) / MiB);
    out.kill_resent_budget_mb = CONCURRENCY * 8; // one 8 MiB part per worker
  } finally {
    if (child) await child.stop();
    await proxy.close();
    await s3.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchS3Sync(options: Partial<S3BenchOptions> = {}): Promise<Record<string, number>> {
  if (!awsCliPath()) throw new Error('awscli is not installed');
  const o: S3BenchOptions = { sizeMb: 300, bigMb: 2048, rounds: 3, baseline: null, kill: true, ...options };
  const out: Record<string, number> = { size_mb: o.sizeMb, rounds: o.rounds };
  await compare('s3rver', o, out);
  await compare('s3like', o, out);
  if (o.bigMb > 0) await peakRss(o, out);
  if (o.kill) await killResend(o, out);
  return out;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      'size-mb': { type: 'string' },
      'big-mb': { type: 'string' },
      rounds: { type: 'string' },
      baseline: { type: 'string' },
      kill: { type: 'string' },
    },
  });
  const result = await benchS3Sync({
    sizeMb: Number(values['size-mb'] ?? 300),
    bigMb: Number(values['big-mb'] ?? 2048),
    rounds: Number(values.rounds ?? 3),
    baseline: values.baseline ?? null,
    kill: values.kill !== '0',
  });
  console.log(JSON.stringify(result, null, 2));
}
