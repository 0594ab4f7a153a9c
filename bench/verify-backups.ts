/**
 * "Verify backups" of 10,000 backed-up sessions against s3rver on 127.0.0.1: a library seeded with synthetic
 * sessions, each with a recording object in the bucket (1 KiB, with the sha256 metadata the uploader writes) and
 * its key on the file row. Measures the run's wall time with HEADs only (`sample_rehash: 0`) and with a 5 % re-hash
 * sample, plus objects per second, beside the same HEADs from a bare SDK client (16 at a time, as the run does): the
 * run's time over the bare HEADs' is Filmroom's own overhead; the rest is the store (s3rver answers each HEAD in its
 * one JS thread after reading the object's metadata file, on the same two shared cores as Filmroom and this bench).
 * Run: `npx tsx bench/verify-backups.ts [--sessions 10000]`, or `npm run bench -- verify_backups`.
 */
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Agent } from 'node:http';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startFilmroom } from '../main/composition/index.js';
import { seedLibrary } from '../main/library/index.js';
import { silentLogger } from '../main/platform/logger.js';
import { objectKey } from '../main/sync/object-keys.js';
import { S3_TEST_KEY, S3_TEST_SECRET, startS3Server } from '../tests/helpers/s3-server.js';
import { tempDir } from '../tests/helpers/server.js';

interface Row {
  id: string;
  title: string;
  client: string;
  coach_id: string;
  recorded_at: string;
}

export async function benchVerifyBackups(options: { sessions?: number } = {}): Promise<Record<string, number>> {
  const count = options.sessions ?? 10_000;
  const s3 = await startS3Server('filmroom-verify-bench');
  const dataDir = tempDir('filmroom-bench-verify-');
  const app = await startFilmroom({
    dataDir,
    logger: silentLogger,
    recover: false,
    env: { ...process.env, ...s3.env() },
  });
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 32 }) },
  });
  try {
    seedLibrary(app.db, { sessions: count, seed: 18, now: new Date() });
    const rows = app.db.prepare('SELECT id, title, client, coach_id, recorded_at FROM sessions').all() as Row[];
    const body = Buffer.alloc(1024, 7);
    const sha256 = createHash('sha256').update(body).digest('hex');
    const seedStarted = performance.now();
    const { sessions } = app.services;
    const now = new Date().toISOString();
    const keys = app.db.transaction(() =>
      rows.map((row) => {
        const key = objectKey('recordings/', row, 'recording.mp4');
        const fileId = sessions.addFile(
          row.id,
          {
            kind: 'recording',
            name: 'recording.mp4',
            path: `${row.id}/recording.mp4`,
            managed: true,
            size: 1024,
            sha256,
          },
          now,
        );
        sessions.setFileS3Key(fileId, key);
        return { key, sessionId: row.id };
      }),
    )();
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < keys.length) {
          const { key, sessionId } = keys[next++]!;
          await client.send(
            new PutObjectCommand({
              Bucket: s3.bucket,
              Key: key,
              Body: body,
              Metadata: { sha256, 'session-id': sessionId },
            }),
          );
        }
      }),
    );
    const seedS = (performance.now() - seedStarted) / 1000;

    // The store alone: the same HEADs, 16 at a time, from a bare SDK client (what bounds the run).
    const headsStarted = performance.now();
    let h = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (h < keys.length) await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: keys[h++]!.key }));
      }),
    );
    const bareHeadsS = (performance.now() - headsStarted) / 1000;

    const verify = app.services.sync.verify;
    const timed = async (sample: number) => {
      const started = performance.now();
      const run = await verify.run(verify.createRun('cli', sample), new AbortController().signal);
      const seconds = (performance.now() - started) / 1000;
      if (run.ok !== keys.length) throw new Error(`verify found problems: ${JSON.stringify(run).slice(0, 300)}`);
      return { seconds, rehashed: run.rehashed };
    };
    const heads = await timed(0);
    const sampled = await timed(5);
    return {
      sessions: count,
      objects: keys.length,
      seed_objects_s: Number(seedS.toFixed(1)),
      bare_sdk_heads_s: Number(bareHeadsS.toFixed(2)),
      verify_heads_only_s: Number(heads.seconds.toFixed(2)),
      verify_heads_only_objects_per_s: Math.round(keys.length / heads.seconds),
      verify_rehash_5pct_s: Number(sampled.seconds.toFixed(2)),
      verify_rehash_5pct_rehashed: sampled.rehashed,
    };
  } finally {
    client.destroy();
    await app.close();
    await s3.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { sessions: { type: 'string' } } });
  const result = await benchVerifyBackups({ sessions: values.sessions ? Number(values.sessions) : undefined });
  console.log(JSON.stringify(result, null, 2));
}
