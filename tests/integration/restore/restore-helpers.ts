/**
 * Small steps the restore-feature tests share: a recording imported through the API, a whole restore run waited
 * for, and what the bucket holds read with awscli (an independent client), never through Filmroom.
 */
import { awsCli, type S3TestServer } from '../../helpers/s3-server.js';
import { makeVideo } from '../../helpers/media.js';
import type { Loose, TestServer } from '../../helpers/server.js';
import { importFolder } from './coach-library.js';
import { until } from '../sync/sync-helpers.js';

export async function importVideo(server: TestServer, dir: string, title: string): Promise<string> {
  return importFolder(server, makeVideo(dir), { title });
}

/** Every key in the bucket (awscli). */
export function bucketKeys(s3: S3TestServer): string[] {
  const out = awsCli(s3, ['s3api', 'list-objects-v2', '--bucket', s3.bucket, '--output', 'json']);
  if (out.status !== 0) throw new Error(`aws list: ${out.stderr}`);
  const body = out.stdout.trim() ? (JSON.parse(out.stdout) as { Contents?: { Key: string }[] }) : {};
  return (body.Contents ?? []).map((c) => c.Key);
}

/** The session's `session.json` as the bucket holds it (awscli), or null when there is none. */
export function bucketManifest(s3: S3TestServer, sessionId: string): Loose | null {
  const key = bucketKeys(s3).find((k) => k.endsWith(`_${sessionId}/session.json`));
  if (!key) return null;
  const out = awsCli(s3, ['s3', 'cp', `s3://${s3.bucket}/${key}`, '-']);
  if (out.status !== 0) throw new Error(`aws cp: ${out.stderr}`);
  return JSON.parse(out.stdout) as Loose;
}

/** "Restore my library from S3" and wait for the run to finish; answers the run. */
export async function restoreLibrary(server: TestServer): Promise<Loose> {
  const started = await server.api('/api/v1/recordings/restore', { method: 'POST', json: {} });
  if (started.status !== 202) throw new Error(`restore: ${started.status} ${started.text}`);
  const jobId = started.body.job_id as string;
  return until(async () => {
    const runs = (await server.api('/api/v1/recordings/restore')).body.items as Loose[];
    const run = runs.find((r) => r.job_id === jobId);
    return run && run.state !== 'running' ? run : undefined;
  }, 120_000);
}
