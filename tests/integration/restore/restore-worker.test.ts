/**
 * Issue 18: "Restore my library from S3" writes in the restore worker thread (its own connections), not on the
 * API's thread. Seeded signed manifests restored on a fresh data folder: the log says the batches ran in the worker
 * (never that it could not start), every session is restored once, listed and searchable through the API's own
 * connection, and announced on the event stream from the API thread (the worker hands back the ids).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type S3TestServer } from '../../helpers/s3-server.js';
import { seedManifests, SEED_MANIFEST_KEY } from '../../helpers/seed-manifests.js';
import { openEvents, startTestServer, type Loose, type TestServer } from '../../helpers/server.js';
import { restoreLibrary } from './restore-helpers.js';

const COUNT = 60;
let s3: S3TestServer;
let server: TestServer | undefined;
let log = '';

/** A server on a fresh data folder; `worker`: the FILMROOM_RESTORE_WORKER value (undefined: not set, the default). */
async function serverWith(worker: string | undefined): Promise<TestServer> {
  await server?.close();
  log = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      log += chunk.toString();
      done();
    },
  });
  const env: NodeJS.ProcessEnv = { ...process.env, ...s3.env(), FILMROOM_MANIFEST_KEY: SEED_MANIFEST_KEY };
  delete env.FILMROOM_RESTORE_WORKER;
  if (worker !== undefined) env.FILMROOM_RESTORE_WORKER = worker;
  server = await startTestServer({ env, logger: pino({ level: 'info' }, sink) });
  return server;
}

beforeAll(async () => {
  s3 = await startS3Server();
  await seedManifests(s3, COUNT);
}, 120_000);

afterAll(async () => {
  await server?.close();
  await s3?.stop();
});

describe('restore in the worker thread', () => {
  it('restores every seeded session through the worker, announced and searchable on the API thread', async () => {
    const server = await serverWith(undefined);
    const events = await openEvents(server.url, server.admin);
    const run = await restoreLibrary(server);
    expect(run, JSON.stringify(run.errors)).toMatchObject({ state: 'completed', restored: COUNT, errors: [] });
    expect(log).toContain('restore batches run in the restore worker thread');
    expect(log).not.toContain('did not start');
    expect((await server.api('/api/v1/sessions', { query: { limit: 1 } })).body.total).toBe(COUNT);
    const found = (await server.api('/api/v1/sessions', { query: { q: 'Seeded session 42' } })).body.items as Loose[];
    expect(found.map((s) => s.id)).toContain('ses_seed00000042');
    const analysis = (await server.api('/api/v1/sessions/ses_seed00000042/analysis')).body;
    expect(analysis.status).toBe('ready');
    await events.waitFor(() => events.events.filter((e) => e.event === 'session.created').length === COUNT, 30_000);
    events.close();
  }, 120_000);

  it('restores on the API thread with FILMROOM_RESTORE_WORKER=0, counting the same', async () => {
    const server = await serverWith('0');
    const run = await restoreLibrary(server);
    expect(run, JSON.stringify(run.errors)).toMatchObject({ state: 'completed', restored: COUNT, errors: [] });
    expect(log).not.toContain('restore batches run in the restore worker thread');
    expect((await server.api('/api/v1/sessions', { query: { limit: 1 } })).body.total).toBe(COUNT);
  }, 120_000);
});
