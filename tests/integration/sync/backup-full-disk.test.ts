/**
 * Backing up a session onto a full disk (issue 19): `POST /sessions/{id}/sync` first writes the session's
 * `session.json` manifest into its folder; on a full disk that write answered 500 "Internal error". Now it answers
 * 507 `{ reason: "disk_full" }` in plain words, leaves no `session.json.part` and no file row for a manifest that was
 * not written, queues no upload, and the same backup succeeds once space is freed.
 * The library folder is a real tmpfs; real S3-protocol server, real HTTP server. Skipped with the reason when
 * `mount -t tmpfs` is not permitted.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Loose } from '../../helpers/server.js';
import { mountSmallDisk, tmpfsUnavailable, type SmallDisk } from '../../helpers/small-disk.js';
import { seedSession, settledUploads, startS3Stack, type S3Stack } from './sync-helpers.js';

const cannot = tmpfsUnavailable();
let stack: S3Stack | undefined;
let disk: SmallDisk | undefined;

beforeAll(async () => {
  if (cannot) return;
  stack = await startS3Stack();
  disk = mountSmallDisk(stack.server.app.paths.libraryDir, '2m');
}, 60_000);
afterAll(async () => {
  disk?.unmount();
  await stack?.stop();
});

describe.skipIf(cannot !== null)(`a backup onto a full disk${cannot ? ` (skipped: ${cannot})` : ''}`, () => {
  it('answers 507 in plain words, leaves nothing, and backs up once space is freed', async () => {
    const { server } = stack!;
    const s = seedSession(server.app, { size: 32 * 1024, title: 'Full disk backup' });
    disk!.fill(0);

    const r = await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    expect(r.status, r.text).toBe(507);
    expect(r.body).toMatchObject({ code: 507, reason: 'disk_full' });
    expect(r.body.error).toMatch(/^The disk that holds the library is full\. Free some space/);
    const folder = join(server.app.paths.libraryDir, s.id);
    expect(readdirSync(folder).sort()).toEqual(['recording.mp4']);
    expect(server.app.services.sessions.files(s.id).map((f) => f.name)).toEqual(['recording.mp4']);
    expect((await server.api(`/api/v1/sessions/${s.id}/uploads`)).body.items).toEqual([]);

    disk!.free();
    const again = await server.api(`/api/v1/sessions/${s.id}/sync`, { method: 'POST' });
    expect(again.status, again.text).toBe(202);
    const uploads = await settledUploads(server, s.id);
    expect(uploads.map((u: Loose) => u.state)).toEqual(uploads.map(() => 'completed'));
    expect(existsSync(join(folder, 'session.json'))).toBe(true);
  });
});
