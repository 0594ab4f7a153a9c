/**
 * S3 backup benchmark against s3rver on 127.0.0.1 (same run, same server): a 300 MB backup by a real
 * `filmroom serve` vs `aws s3 cp` of the same file and vs one PutObject; peak RSS of the Filmroom process during a
 * 2 GB upload (VmHWM minus idle RSS); bytes re-sent after a kill -9 at 60 % of a 300 MB upload.
 * Run: `npx tsx bench/s3-sync.ts [--size-mb 300] [--big-mb 2048]` prints the JSON.
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createReadStream, readFileSync, rmSync } from 'node:fs';
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

function procKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** A data dir holding sessions with random recordings of the given sizes (MiB). */
async function library(sizesMb: number[]): Promise<{ dataDir: string; ids: string[] }> {
  const dataDir = tempDir('filmroom-bench-s3-');
  const app = await startFilmroom({ dataDir, logger: silentLogger, recover: false });
  const ids = sizesMb.map((mb, i) => seedSession(app, { size: mb * MiB, title: `Bench ${i}` }).id);
  await app.close();
  return { dataDir, ids };
}

async function backup(child: ServeChild, id: string): Promise<{ seconds: number; key: string }> {
  const started = performance.now();
  const res = await child.api(`/api/v1/sessions/${id}/sync`, { method: 'POST' });
  if (res.status !== 202) throw new Error(`sync answered ${res.status}: ${res.text}`);
  const recording = await until(async () => {
    const items = (await child.api(`/api/v1/sessions/${id}/uploads`)).body.items as {
      file: string;
      state: string;
      key: string;
      error: string;
    }[];
    const r = items.find((u) => u.file === 'recording.mp4');
    return r && ['completed', 'failed'].includes(r.state) ? r : undefined;
  }, 1_800_000);
  if (recording.state !== 'completed') throw new Error(`backup failed: ${recording.error}`);
  return { seconds: (performance.now() - started) / 1000, key: recording.key };
}

export async function benchS3Sync(sizeMb = 300, bigMb = 2048): Promise<Record<string, number>> {
  if (!awsCliPath()) throw new Error('awscli is not installed');
  const s3: S3TestServer = await startS3Server('filmroom-bench');
  const out: Record<string, number> = { size_mb: sizeMb };
  const { dataDir, ids } = await library([sizeMb, bigMb, sizeMb]);
  const file = `${dataDir}/library/${ids[0]}/recording.mp4`;
  let child: ServeChild | null = null;
  try {
    child = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...s3.env() });
    const idleKb = procKb(child.child.pid!, 'VmRSS');

    // 1. Filmroom vs aws s3 cp vs one PutObject, same file, same server.
    const ours = await backup(child, ids[0]!);
    out.filmroom_s = round(ours.seconds);
    const cpStart = performance.now();
    const cp = awsCli(s3, ['s3', 'cp', file, `s3://${s3.bucket}/bench/aws-cp.mp4`, '--only-show-errors']);
    if (cp.status !== 0) throw new Error(`aws s3 cp failed: ${cp.stderr}`);
    out.aws_cp_s = round((performance.now() - cpStart) / 1000);
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const putStart = performance.now();
    await client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: 'bench/one-put.mp4',
        Body: createReadStream(file),
        ContentLength: sizeMb * MiB,
      }),
    );
    out.single_put_s = round((performance.now() - putStart) / 1000);
    client.destroy();
    out.ratio_vs_aws_cp = round(out.filmroom_s / out.aws_cp_s); // goal ≤ 1.0
    out.throughput_vs_single_put = round(out.single_put_s / out.filmroom_s); // goal ≥ 0.9
    out.filmroom_mb_s = round(sizeMb / out.filmroom_s);

    // 2. Peak RSS during a 2 GB upload (VmHWM: the process's high-water mark).
    const big = await backup(child, ids[1]!);
    out.big_mb = bigMb;
    out.big_upload_s = round(big.seconds);
    out.idle_rss_mb = round(idleKb / 1024);
    out.peak_rss_mb = round(procKb(child.child.pid!, 'VmHWM') / 1024);
    out.peak_rss_above_idle_mb = round(out.peak_rss_mb - out.idle_rss_mb);
    out.rss_budget_mb = 8 * (4 + 1) + 64; // part size × (concurrency + 1) + 64 MiB
    await child.stop();
    child = null;

    // 3. kill -9 at 60 % of a 300 MB upload, restart, count the part bytes that crossed the wire twice.
    const proxy = await startFaultProxy(s3.endpoint);
    try {
      proxy.state.bytesPerSecond = 6 * MiB;
      const killed = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...s3.env(proxy.endpoint) });
      const id = ids[2]!;
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
      child = await startServe(dataDir, { FILMROOM_LOG_LEVEL: 'warn', ...s3.env(proxy.endpoint) });
      await until(async () => {
        const items = (await child!.api(`/api/v1/sessions/${id}/uploads`)).body.items as {
          file: string;
          state: string;
        }[];
        return items.find((u) => u.file === 'recording.mp4' && u.state === 'completed') ? true : undefined;
      }, 600_000);
      out.kill_resent_mb = round((proxy.partBytes() - sizeMb * MiB) / MiB);
      out.kill_resent_budget_mb = 4 * 8; // one 8 MiB part per worker
    } finally {
      await proxy.close();
    }
    return out;
  } finally {
    if (child) await child.stop();
    await s3.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { 'size-mb': { type: 'string' }, 'big-mb': { type: 'string' } } });
  const result = await benchS3Sync(Number(values['size-mb'] ?? 300), Number(values['big-mb'] ?? 2048));
  console.log(JSON.stringify(result, null, 2));
}
