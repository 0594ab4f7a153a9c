/**
 * Import benchmark: copy+hash of one large file through `copyIntoLibrary` (single read pass, `.part`, fsync,
 * rename) against `cp` followed by `sha256sum` of the same file, in the same run and on the same disk.
 * Goal (issue 3): ratio = copy_hash_s / cp_plus_sha256sum_s ≤ 1.1.
 *
 * Caches are not dropped (that needs root); to be fair both contenders start with the source in the page cache:
 * it is read once before the first timing. `cp` does not fsync while copyIntoLibrary must (a saved recording
 * has to survive a power cut), so `copy_hash_s` includes durability that the baseline does not; the extra
 * `cp_plus_sha256sum_plus_sync_s` / `ratio_vs_durable_baseline` add a `sync` of the copy to the baseline.
 *
 * Run: `npx tsx bench/import-copy-hash.ts [sizeBytes] [dir]` prints the JSON.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { copyIntoLibrary, hashFile } from '../main/library/files/copy-hash.js';

const run = promisify(execFile);
const GIB = 1024 * 1024 * 1024;

/** Writes `size` bytes of incompressible-looking data quickly: one 16 MiB random block, varied per repeat. */
async function writeTestFile(path: string, size: number): Promise<void> {
  const block = randomBytes(16 * 1024 * 1024);
  const handle = await open(path, 'w');
  try {
    for (let offset = 0, i = 0; offset < size; offset += block.length, i++) {
      block.writeUInt32LE(i, 0); // no two blocks alike, so nothing can deduplicate them
      await handle.write(block, 0, Math.min(block.length, size - offset), offset);
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function seconds(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

export async function benchImportCopyHash(
  opts: { sizeBytes?: number; dir?: string } = {},
): Promise<Record<string, number>> {
  const size = opts.sizeBytes ?? GIB;
  const dir = await mkdtemp(join(opts.dir ?? tmpdir(), 'filmroom-bench-'));
  try {
    const source = join(dir, 'source.mp4');
    await writeTestFile(source, size);
    await hashFile(source); // warm the page cache for both contenders alike

    // Three rounds, the order alternating, medians compared: one round on a shared disk swings by ±10%.
    const oursS: number[] = [];
    const baselineS: number[] = [];
    const syncS: number[] = [];
    const runOurs = async (n: number): Promise<void> => {
      let ours = '';
      const target = join(dir, 'library', `copy-${n}.mp4`);
      oursS.push(await seconds(async () => (ours = (await copyIntoLibrary(source, target)).sha256)));
      await rm(target);
      if (ours !== expected) throw new Error(`sha256 mismatch: copyIntoLibrary ${ours}, sha256sum ${expected}`);
    };
    const runBaseline = async (n: number): Promise<void> => {
      let theirs = '';
      const target = join(dir, `cp-copy-${n}.mp4`);
      baselineS.push(
        await seconds(async () => {
          await run('cp', [source, target]);
          theirs = (await run('sha256sum', [target])).stdout.split(/\s+/)[0] ?? '';
        }),
      );
      // What the baseline still owes for durability: its copy is only in the page cache until written back.
      syncS.push(await seconds(() => run('sync', [target])));
      await rm(target);
      if (theirs !== expected) throw new Error(`sha256 mismatch: sha256sum ${theirs}, expected ${expected}`);
    };
    const expected = (await run('sha256sum', [source])).stdout.split(/\s+/)[0] ?? '';
    for (let n = 0; n < ROUNDS; n++) {
      if (n % 2 === 0) {
        await runOurs(n);
        await runBaseline(n);
      } else {
        await runBaseline(n);
        await runOurs(n);
      }
    }
    const copyHashS = median(oursS);
    const cpS = median(baselineS);
    const durableS = median(baselineS.map((b, i) => b + syncS[i]!));

    return {
      size_bytes: size,
      rounds: ROUNDS,
      copy_hash_s: round(copyHashS),
      cp_plus_sha256sum_s: round(cpS),
      ratio: round(copyHashS / cpS),
      cp_plus_sha256sum_plus_sync_s: round(durableS),
      ratio_vs_durable_baseline: round(copyHashS / durableS),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [sizeArg, dirArg] = process.argv.slice(2);
  const result = await benchImportCopyHash({ sizeBytes: sizeArg ? Number(sizeArg) : undefined, dir: dirArg });
  console.log(JSON.stringify(result, null, 2));
}
