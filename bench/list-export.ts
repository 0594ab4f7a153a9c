/**
 * `list_export`: the CSV export of a 1M-session library by a `filmroom serve` process of its own (issue 12: ≥100k
 * rows/s with flat memory). Two exports one after the other: the first starts with a cold page cache, the second
 * shows whether memory keeps growing. Uses FILMROOM_BENCH_LIST_DIR like list_shapes (seeded once, reused).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe } from '../tests/integration/import-api/child-process.js';
import { listWithStalledExport, measureCsvExport } from './csv-export.js';
import { openSeeded } from './list-shapes.js';

export async function benchListExport(): Promise<Record<string, number>> {
  const reuse = process.env.FILMROOM_BENCH_LIST_DIR;
  const dir = reuse ?? mkdtempSync(join(tmpdir(), 'filmroom-bench-export-1m-'));
  try {
    await openSeeded(dir, 1_000_000);
    const serve = await startServe(dir);
    try {
      const pid = serve.child.pid!;
      const first = await measureCsvExport(serve.url, serve.token, pid);
      const second = await measureCsvExport(serve.url, serve.token, pid);
      const out: Record<string, number> = {};
      for (const [key, value] of Object.entries(first)) out[`first_${key}`] = value;
      for (const [key, value] of Object.entries(second)) out[`second_${key}`] = value;
      return { ...out, ...(await listWithStalledExport(serve.url, serve.token)) };
    } finally {
      await serve.stop();
    }
  } finally {
    if (!reuse) rmSync(dir, { recursive: true, force: true });
  }
}
