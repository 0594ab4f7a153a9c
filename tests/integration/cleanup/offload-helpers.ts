/** Shared set-up of the offload tests (not a test file): a session with a real recording, backed up and verified. */
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { FilmroomApp } from '../../../main/composition/index.js';
import { S3_TEST_KEY, S3_TEST_SECRET, type S3TestServer } from '../../helpers/s3-server.js';
import type { Loose, TestServer } from '../../helpers/server.js';
import { seedSession, settledUploads, type SeededSession } from '../sync/sync-helpers.js';

export async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

type Api = Pick<TestServer, 'api'>;

/** Seeds a session in `app`, backs it up through `api`, and waits until every upload has completed. */
export async function backedUpSession(
  app: FilmroomApp,
  api: Api,
  options: { size: number; title?: string },
): Promise<SeededSession & { key: string }> {
  const s = seedSession(app, options);
  const started = await api.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
  expect(started.status).toBe(202);
  const uploads = await settledUploads(api, s.id);
  expect(uploads.map((u: Loose) => u.state)).toEqual(uploads.map(() => 'completed'));
  const recording = (await api.api(`/api/v1/sessions/${s.id}`)).body.files.find((f: Loose) => f.kind === 'recording');
  return { ...s, key: recording.s3_key as string };
}

/** The recording's file entry as the single-session route shows it. */
export async function recordingEntry(api: Api, id: string): Promise<Loose> {
  return (await api.api(`/api/v1/sessions/${id}`)).body.files.find((f: Loose) => f.kind === 'recording');
}

/** The test server's bucket through the SDK (an independent look at what is stored). */
export function bucketClient(s3: S3TestServer): S3Client {
  return new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_KEY, secretAccessKey: S3_TEST_SECRET },
  });
}

/**
 * 0 orphans both ways, offload-aware: every managed file row has its bytes somewhere — its local file, or (only when
 * offloaded) an object of the same size carrying its sha256; no offload is left half-done; every local file and
 * every object under the prefix belongs to a row.
 */
export async function offloadOrphans(
  db: Database.Database | FilmroomApp['db'],
  libraryDir: string,
  s3: S3TestServer,
  prefix = 'recordings/',
): Promise<string[]> {
  const problems: string[] = [];
  const rows = db
    .prepare(
      `SELECT f.path, f.size, f.sha256, f.s3_key, o.state FROM session_files f
       LEFT JOIN offloads o ON o.file_id = f.id WHERE f.managed = 1`,
    )
    .all() as { path: string; size: number; sha256: string | null; s3_key: string | null; state: string | null }[];
  const client = bucketClient(s3);
  try {
    for (const r of rows) {
      const local = existsSync(join(libraryDir, r.path));
      if (r.state === 'offloading') problems.push(`half-done offload: ${r.path}`);
      if (!r.state && !local) problems.push(`row without its file: ${r.path}`);
      if (r.state === 'offloaded' && local) problems.push(`offloaded but still local: ${r.path}`);
      if (r.state && r.s3_key) {
        const head = await client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: r.s3_key })).catch(() => null);
        if (!head || head.ContentLength !== r.size || head.Metadata?.sha256 !== r.sha256)
          problems.push(`offloaded row without its verified object: ${r.s3_key}`);
      }
    }
    const referenced = new Set(rows.map((r) => r.path));
    for (const entry of readdirSync(libraryDir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const rel = relative(libraryDir, join(entry.parentPath, entry.name));
      if (!referenced.has(rel)) problems.push(`file without a row: ${rel}`);
    }
    const keys = new Set(rows.map((r) => r.s3_key));
    const listed = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
    for (const o of listed.Contents ?? [])
      if (!keys.has(o.Key ?? null)) problems.push(`object without a row: ${o.Key}`);
  } finally {
    client.destroy();
  }
  return problems;
}
