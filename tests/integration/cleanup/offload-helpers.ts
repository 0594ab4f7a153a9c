/** Shared set-up of the offload tests (not a test file): a session with a real recording, backed up and verified. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { expect } from 'vitest';
import type { FilmroomApp } from '../../../main/composition/index.js';
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
