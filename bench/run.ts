/**
 * `npm run bench`: every benchmark in one run, printed as one JSON object (and kept in bench/results/latest.json).
 * Ratios compare figures measured in the same run, because these machines are shared and noisy.
 * `npm run bench -- library` runs one group.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchAccuracy } from './accuracy.js';
import { benchAnalysis } from './analysis.js';
import { benchCleanupScan } from './cleanup-scan.js';
import { benchDevicesCatchup, benchDevicesIdle, benchDevicesPropagation } from './devices.js';
import { benchImportCopyHash } from './import-copy-hash.js';
import { benchBulkDelete, benchLibrary } from './library.js';
import { benchFirstPaint } from './first-paint.js';
import { benchListExport } from './list-export.js';
import { benchListShapes } from './list-shapes.js';
import { benchListUnderAttack } from './list-under-attack.js';
import { benchStatusPollers } from './status-pollers.js';
import { benchS3Sync } from './s3-sync.js';
import { benchSearchWriteCost } from './search-write-cost.js';
import { benchServeStartup } from './serve-startup.js';
import { benchRestore } from './restore.js';
import { benchSpeakerLane } from './speaker-lane.js';
import { benchVerifyBackups } from './verify-backups.js';

type Group = () => Promise<Record<string, number>>;

const groups: Record<string, Group> = {
  library: () => benchLibrary(),
  bulk_delete: () => benchBulkDelete(),
  search_write_cost: () => benchSearchWriteCost(),
  import_copy_hash: () => benchImportCopyHash(),
  analysis: () => benchAnalysis(),
  accuracy: () => benchAccuracy(),
  status_pollers: () => benchStatusPollers(),
  list_shapes: () => benchListShapes(),
  list_export: () => benchListExport(),
  list_first_paint: () => benchFirstPaint(),
  cleanup_scan: () => benchCleanupScan(),
  list_under_attack: () => benchListUnderAttack(),
  // FILMROOM_BENCH_BASELINE=<another checkout>: its backup beside ours in the same rounds (before/after).
  s3_sync: () => benchS3Sync({ baseline: process.env.FILMROOM_BENCH_BASELINE ?? null }),
  speaker_lane: () => benchSpeakerLane(),
  // FILMROOM_BENCH_BASELINE=<another checkout>: its `filmroom serve` started in the same rounds (before/after).
  serve_startup: () => benchServeStartup({ baseline: process.env.FILMROOM_BENCH_BASELINE ?? null }),
  // FILMROOM_BENCH_RESTORE_SESSIONS=10000 for the figure (default 2,000: under ~2 minutes).
  restore: () => benchRestore(),
  verify_backups: () => benchVerifyBackups(),
  // Issue 20. FILMROOM_BENCH_DEVICES_SESSIONS (default 100,000): the sessions a new device catches up on.
  devices_catchup: () => benchDevicesCatchup(),
  devices_propagation: () => benchDevicesPropagation(),
  devices_idle: () => benchDevicesIdle(),
};

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const results: Record<string, Record<string, number> | { error: string }> = {};
for (const [name, run] of Object.entries(groups)) {
  if (wanted.length && !wanted.includes(name)) continue;
  try {
    results[name] = await run();
  } catch (error) {
    results[name] = { error: (error as Error).message };
  }
  console.error(`${name}: ${JSON.stringify(results[name])}`);
}
const report = { at: new Date().toISOString(), node: process.version, results };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));
