/**
 * Orphan scan of a 100,000-file library against `find <library> -type f` on the same tree (goal: ≤ 2× its time),
 * plus the longest event-loop stall during the scan (it must not block the API). The tree: 1,000 session folders
 * of 100 files, 99,000 referenced by session_files rows in a real SQLite library, 1,000 unreferenced and old.
 * Medians of 5 warm runs. Standalone: `npx tsx bench/cleanup-scan.ts`; also `npm run bench -- cleanup_scan`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planOrphanedFiles } from '../main/cleanup/orphan-files.js';
import type { ReferenceLookup } from '../main/cleanup/reference-index.js';
import { openDatabase, openWorkConnection } from '../main/db/index.js';
import { JobStore } from '../main/jobs/job-store.js';
import { FileReferencesRepository } from '../main/library/index.js';
import { UploadsRepository } from '../main/sync/uploads-repository.js';

const FOLDERS = 1000;
const PER_FOLDER = 100;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export async function benchCleanupScan(): Promise<Record<string, number>> {
  // FILMROOM_BENCH_SCAN_DIR keeps the tree between runs (building 100,000 files takes minutes on a busy disk).
  const keep = process.env.FILMROOM_BENCH_SCAN_DIR;
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'filmroom-bench-scan-'));
  const lib = join(dir, 'library');
  const reuse = keep !== undefined && existsSync(join(dir, 'library.db'));
  try {
    const db = await openDatabase(join(dir, 'library.db'));
    const now = new Date().toISOString();
    const old = new Date(Date.now() - 72 * 3_600_000);
    const insertSession = db.prepare(
      `INSERT INTO sessions (id, title, status, platform, recorded_at, created_at, updated_at, size)
       VALUES (?, ?, 'ready', 'local', ?, ?, ?, 0)`,
    );
    const insertFile = db.prepare(
      `INSERT INTO session_files (session_id, kind, name, path, managed, size, created_at)
       VALUES (?, 'other', ?, ?, 1, 1, ?)`,
    );
    let orphans = reuse ? FOLDERS : 0;
    if (!reuse)
      db.transaction(() => {
        for (let f = 0; f < FOLDERS; f += 1) {
          const id = `ses_bench${String(f).padStart(11, '0')}`;
          insertSession.run(id, id, now, now, now);
          mkdirSync(join(lib, id), { recursive: true });
          for (let i = 0; i < PER_FOLDER; i += 1) {
            const name = `file${i}.bin`;
            const path = join(id, name);
            writeFileSync(join(lib, path), 'x');
            if (i === 0) {
              utimesSync(join(lib, path), old, old); // one unreferenced, old file per folder: an orphan
              orphans += 1;
            } else insertFile.run(id, name, path, now);
          }
        }
      })();
    const cutoffMs = Date.now() - 24 * 3_600_000;
    // The repositories the cleanup module is given, built once as there (jobs live on the work connection).
    const workDb = openWorkConnection(join(dir, 'library.db'));
    const sources = {
      references: new FileReferencesRepository(db),
      jobs: new JobStore(workDb),
      uploads: new UploadsRepository(db),
    };

    const findMs: number[] = [];
    for (let r = 0; r < RUNS + 1; r += 1) {
      const t = performance.now();
      const out = spawnSync('find', [lib, '-type', 'f'], { maxBuffer: 64 * 1024 * 1024 });
      if (r > 0) findMs.push(performance.now() - t); // the first run warms the dentry cache for both
      if (out.status !== 0) throw new Error('find failed');
    }

    // The same probe with nothing running: on a shared machine the process itself is descheduled for a while.
    const idleStallMs = await new Promise<number>((resolve) => {
      let worst = 0;
      let last = performance.now();
      const probe = setInterval(() => {
        const t = performance.now();
        worst = Math.max(worst, t - last - 5);
        last = t;
      }, 5);
      setTimeout(() => {
        clearInterval(probe);
        resolve(worst);
      }, 2000);
    });
    // Both lookups in the same run, alternating, so the machine's load hits them alike: `per-name` is the scan as
    // it was before (one index lookup per directory entry), `range` the current one (one index range per folder).
    const scanMs: Record<ReferenceLookup, number[]> = { range: [], 'per-name': [] };
    let maxStallMs = 0;
    let found = 0;
    for (let r = 0; r < RUNS * 2; r += 1) {
      const lookup: ReferenceLookup = r % 2 === 0 ? 'range' : 'per-name';
      // Event-loop stall probe: a 5 ms timer that records how late it fires while the scan runs.
      let last = performance.now();
      const probe = setInterval(() => {
        const t = performance.now();
        maxStallMs = Math.max(maxStallMs, t - last - 5);
        last = t;
      }, 5);
      const t = performance.now();
      const plan = await planOrphanedFiles({ sources, libraryDir: lib }, { cutoffMs, lookup });
      scanMs[lookup].push(performance.now() - t);
      clearInterval(probe);
      found = plan.scan.candidates.length;
      if (plan.scan.filesSeen !== FOLDERS * PER_FOLDER) throw new Error(`saw ${plan.scan.filesSeen} files`);
    }
    if (found !== orphans) throw new Error(`found ${found} orphans, expected ${orphans}`);
    workDb.close();
    db.close();
    const find = median(findMs);
    const scan = median(scanMs.range);
    const before = median(scanMs['per-name']);
    const ratio = (ms: number) => Math.round((ms / find) * 100) / 100;
    return {
      files: FOLDERS * PER_FOLDER,
      orphans_found: found,
      find_ms: Math.round(find),
      scan_ms: Math.round(scan),
      scan_vs_find: ratio(scan),
      per_name_scan_ms: Math.round(before),
      per_name_scan_vs_find: ratio(before),
      max_event_loop_stall_ms: Math.round(maxStallMs),
      idle_baseline_stall_ms: Math.round(idleStallMs),
    };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await benchCleanupScan(), null, 2));
}
