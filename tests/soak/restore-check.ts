/**
 * Restore from the bucket into a second data folder (`filmroom restore --from-bucket`, sometimes killed and run
 * again): the new library passes the same checks, holds every session the first one has backed up, and none the
 * driver deleted with an acknowledged answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkCrashedDatabase, checkLibrary, snapshot, type Failure } from './invariants.js';
import type { Ledger } from './ledger.js';
import type { Rng } from './rng.js';
import type { SoakStore } from './s3-store.js';
import { spawnCli } from './serve.js';

export interface RestoreInput {
  root: string;
  env: Record<string, string>;
  store: SoakStore;
  ledger: Ledger;
  rng: Rng;
  mainDb: string;
}

export async function checkRestoredLibrary(i: RestoreInput): Promise<{ failures: Failure[]; killed: boolean }> {
  const failures: Failure[] = [];
  const main = snapshot(i.mainDb);
  const backedUp = [...main.sessions]
    .filter(([id, s]) => s.upload_state === 'synced' && !main.trash.has(id))
    .map(([id]) => id);
  const dataDir = mkdtempSync(join(i.root, 'restored-'));
  let killed = false;
  try {
    if (i.rng.chance(0.3)) {
      const first = spawnCli(['restore', '--from-bucket', '--data-dir', dataDir], i.env);
      await Promise.race([first.exited, sleep(i.rng.int(200, 4_000))]);
      killed = first.alive();
      await first.kill9();
      failures.push(...checkCrashedDatabase(join(dataDir, 'library.db')).failures);
    }
    const run = spawnCli(['restore', '--from-bucket', '--data-dir', dataDir], i.env);
    const done = await Promise.race([run.exited, sleep(180_000).then(() => null)]);
    if (!done) {
      await run.kill9();
      failures.push({ check: 'restore from bucket finishes', detail: 'still running after 180 s' });
      return { failures, killed };
    }
    if (done.code !== 0)
      failures.push({
        check: 'restore from bucket finishes',
        detail: `exit ${done.code}: ${run.output().slice(-800)}`,
      });
    const restored = snapshot(join(dataDir, 'library.db'));
    for (const id of backedUp)
      if (!restored.sessions.has(id) && main.sessions.has(id))
        failures.push({ check: 'restore brings back every backed-up session', detail: id });
    // A session deleted while the store was unreachable still has objects, owed as a storage debt: the bucket
    // cannot tell another device about that delete until the debt is paid, so it is not counted here.
    const owed = (id: string) => [...main.debts].some((location) => location.includes(`_${id}/`));
    for (const id of restored.sessions.keys()) {
      const e = i.ledger.get(id);
      if (e && e.presence.size === 1 && e.presence.has('gone') && !owed(id))
        failures.push({ check: 'restore brings back no deleted session', detail: id });
    }
    const client = i.store.client();
    if (client) {
      const lib = await checkLibrary({
        dataDir,
        client,
        bucket: i.store.bucket,
        prefix: 'recordings/',
        ledger: null,
        objects: false,
      });
      failures.push(...lib.failures);
    }
    return { failures, killed };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
