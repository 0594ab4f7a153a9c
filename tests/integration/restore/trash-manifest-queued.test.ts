/**
 * Issue 18: the trash state reaches the bucket even when the store is down at the move. Moving a backed-up session
 * to the trash rewrites its manifest with `trash` (so a restore brings it back in the trash); with the store down
 * that PUT failed and was only logged — lost, and a restore brought the trashed session back listed. Now it is
 * queued (`s3.trash-manifest`) and retried with backoff: with the fault proxy holding the store down, the bucket's
 * manifest stays as it was; once the store is up, the trash state lands without anyone touching the session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backedUpSession } from '../cleanup/offload-helpers.js';
import { startS3Stack, until, type S3Stack } from '../sync/sync-helpers.js';
import { bucketManifest } from './restore-helpers.js';

let stack: S3Stack;
let id: string;

beforeAll(async () => {
  stack = await startS3Stack();
  id = (await backedUpSession(stack.server.app, stack.server, { size: 2048, title: 'Trashed while down' })).id;
}, 60_000);
afterAll(async () => stack?.stop());

describe('the trash-state manifest PUT with the store down', () => {
  it('is queued while the store is down and lands once it is up', async () => {
    const { server, proxy, s3 } = stack;
    proxy.state.down = 'all';
    const moved = await server.api(`/api/v1/sessions/${id}`, { method: 'DELETE', query: { trash: 'true' } });
    expect(moved.status, moved.text).toBe(204);
    await server.app.services.cleanup.trash.published();
    // Held down for a while: retried, still not in the bucket.
    await new Promise((r) => setTimeout(r, 4000));
    expect(bucketManifest(s3, id)?.session?.trash ?? null).toBeNull();

    proxy.state.down = null;
    const manifest = await until(() => {
      const m = bucketManifest(s3, id);
      return m?.session?.trash ? m : undefined;
    }, 90_000);
    expect(manifest.session.trash).toMatchObject({ former_status: expect.any(String) });
    expect((await server.api('/api/v1/trash')).body.items.map((s: { id: string }) => s.id)).toEqual([id]);
  }, 180_000);
});
