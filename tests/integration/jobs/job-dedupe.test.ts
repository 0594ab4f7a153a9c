/**
 * Jobs' dedupe key (migration 0030, issue 22, after Immich's `jobId`): at most one queued or running job holds a
 * key, so "make sure this upload has a job" is one enqueue. A v28 library's live upload jobs get their upload's key
 * (the oldest one when a crash had left two), and a finished job's key can be queued again.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrations, openDatabase, type WorkDb } from '../../../main/db/index.js';
import { defineJobType, JobQueue, jobRegistration } from '../../../main/jobs/index.js';
import { tempDir } from '../../helpers/server.js';

let dir: string;
beforeAll(() => {
  dir = tempDir('filmroom-m0030-');
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const job = (id: string, type: string, state: string, payload: object, created: string) => [
  id,
  type,
  state,
  JSON.stringify(payload),
  created,
];

describe('migration 0030', () => {
  it('keys the live upload jobs of a v28 library, one per upload, and refuses a second live job with a key', async () => {
    const file = join(dir, 'v28.db');
    const v28 = await openDatabase(file, { migrations: migrations.filter((m) => m.version <= 28) });
    const insert = v28.prepare(
      `INSERT INTO jobs (id, type, state, payload, run_after, created_at, updated_at) VALUES (?, ?, ?, ?, '2026', ?, '2026')`,
    );
    insert.run(...job('j_old', 's3.upload', 'queued', { uploadId: 'up_1' }, '2026-01-01'));
    insert.run(...job('j_dup', 's3.upload', 'running', { uploadId: 'up_1' }, '2026-01-02'));
    insert.run(...job('j_done', 's3.upload', 'done', { uploadId: 'up_2' }, '2026-01-01'));
    insert.run(...job('j_other', 'analysis', 'queued', { uploadId: 'up_3' }, '2026-01-01'));
    v28.close();

    const d = await openDatabase(file);
    try {
      expect(d.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
      const keys = d.prepare('SELECT id, dedupe_key FROM jobs ORDER BY id').all();
      expect(keys).toEqual([
        { id: 'j_done', dedupe_key: null },
        { id: 'j_dup', dedupe_key: null },
        { id: 'j_old', dedupe_key: 's3.upload:up_1' },
        { id: 'j_other', dedupe_key: null },
      ]);
      const second = d.prepare(
        `INSERT INTO jobs (id, type, state, run_after, created_at, updated_at, dedupe_key)
         VALUES ('j_new', 's3.upload', 'queued', '2026', '2026', '2026', 's3.upload:up_1')`,
      );
      expect(() => second.run()).toThrow(/UNIQUE/);
      d.prepare("UPDATE jobs SET state = 'done' WHERE id = 'j_old'").run();
      expect(() => second.run()).not.toThrow(); // a finished job's key is free again
    } finally {
      d.close();
    }
  });
});

describe('JobQueue dedupe key', () => {
  it('answers the live job for its key, and queues a new one once that job has ended', async () => {
    const db = await openDatabase(join(dir, 'queue.db'));
    const type = defineJobType({ name: 'k', payload: z.object({ n: z.number() }) });
    const queue = new JobQueue({ db: db as unknown as WorkDb });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    queue.register(jobRegistration(type, async () => (await gate, { status: 'done' })));
    try {
      const first = queue.enqueue(type, { n: 1 }, { dedupeKey: 'one' });
      expect(queue.enqueue(type, { n: 2 }, { dedupeKey: 'one' })).toBe(first);
      const unkeyed = queue.enqueue(type, { n: 3 });
      expect(unkeyed).not.toBe(first);
      expect(db.prepare('SELECT COUNT(*) FROM jobs').pluck().get()).toBe(2);
      queue.start();
      expect(queue.enqueue(type, { n: 4 }, { dedupeKey: 'one' })).toBe(first); // running: still the same job
      release();
      await queue.waitForIdle();
      const again = queue.enqueue(type, { n: 5 }, { dedupeKey: 'one' });
      expect(again).not.toBe(first);
      await queue.waitForIdle();
    } finally {
      await queue.stop();
      db.close();
    }
  });
});
