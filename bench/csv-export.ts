/**
 * CSV export of a whole library through HTTP, measured from outside the server: rows per second (wall clock), the
 * server's CPU seconds for it (rows per CPU-second is the figure a shared, loaded machine cannot skew), and the
 * growth of the server's resident memory while it streams (flat memory: it must not grow with the library).
 * The server is a process of its own (`pid`), read through /proc, so the reading client's work is not counted.
 */
import { readFileSync } from 'node:fs';

export interface ExportFigures {
  export_rows: number;
  export_rows_per_s: number;
  export_server_cpu_s: number;
  export_rows_per_server_cpu_s: number;
  export_rss_before_mb: number;
  export_rss_peak_growth_mb: number;
}

/** utime + stime of a process, in seconds (Linux). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the command name may hold spaces
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

/** Resident set size of a process, in bytes (Linux). */
export function processRss(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) * 1024;
}

export async function measureCsvExport(baseUrl: string, token: string, pid: number): Promise<ExportFigures> {
  const rssBefore = processRss(pid);
  let rssPeak = rssBefore;
  const cpuBefore = processCpuSeconds(pid);
  const t = performance.now();
  const res = await fetch(`${baseUrl}/api/v1/sessions/export.csv?exclude_failed=false`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`export answered ${res.status}`);
  let lines = 0;
  let sampled = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    if (++sampled % 16 === 0) rssPeak = Math.max(rssPeak, processRss(pid));
  }
  const seconds = (performance.now() - t) / 1000;
  rssPeak = Math.max(rssPeak, processRss(pid));
  const cpu = processCpuSeconds(pid) - cpuBefore;
  const rows = lines - 1; // the header
  return {
    export_rows: rows,
    export_rows_per_s: Math.round(rows / seconds),
    export_server_cpu_s: round(cpu),
    export_rows_per_server_cpu_s: Math.round(rows / cpu),
    export_rss_before_mb: round(rssBefore / 1e6),
    export_rss_peak_growth_mb: round((rssPeak - rssBefore) / 1e6),
  };
}

/** The default list's p50/p99 while an export is held open and never read (issue 11). */
export async function listWithStalledExport(baseUrl: string, token: string): Promise<Record<string, number>> {
  const headers = { authorization: `Bearer ${token}` };
  const stalled = await fetch(`${baseUrl}/api/v1/sessions/export.csv?exclude_failed=false`, { headers });
  const reader = (stalled.body as ReadableStream<Uint8Array>).getReader();
  await reader.read(); // then never read again
  await new Promise((r) => setTimeout(r, 500));
  const samples: number[] = [];
  try {
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now();
      const r = await fetch(`${baseUrl}/api/v1/sessions`, { headers });
      await r.arrayBuffer();
      samples.push(performance.now() - t0);
    }
  } finally {
    await reader.cancel();
  }
  return {
    list_p50_with_stalled_export_ms: round(percentile(samples, 50)),
    list_p99_with_stalled_export_ms: round(percentile(samples, 99)),
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
