/**
 * `list_shapes`: first page (50, with `total`) of every list view a coach uses — filters alone and combined, every
 * sort, search with filters and sorts, deep offsets — measured through HTTP on a seeded 1M library (p50/p99), with
 * the worst shape named and each shape's 1M/1k ratio.
 *
 * The library is `filmroom seed --realistic` by default (recurring, Zoom default, dated and numbered titles, tags,
 * transcripts, accented names, inserted through the triggers in recording order: what a coach's library looks
 * like); FILMROOM_BENCH_LIBRARY=uniform measures the evenly spread synthetic library of earlier rounds.
 * FILMROOM_BENCH_LIST_SESSIONS sets its size (default 1M; the realistic seed inserts row by row and takes minutes).
 * Set FILMROOM_BENCH_LIST_DIR to a folder to seed it once and reuse it.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFilmroom, type FilmroomApp } from '../main/composition/index.js';
import { openDatabase } from '../main/db/index.js';
import { seedRealisticLibrary } from '../main/library/seed/realistic.js';
import { seedLibrary } from '../main/library/seed/seed-library.js';
import { silentLogger } from '../main/platform/logger.js';
import { listWithStalledExport, measureCsvExport, percentile } from './csv-export.js';

type Shape = [name: string, query: Record<string, string | number | string[]>];

/** Repeated requests (p50/p99), and first requests after a library change (cold: nothing kept from before). */
interface ShapeFigures {
  p50: number;
  p99: number;
  coldP50: number;
  coldMax: number;
  status: number;
}

/** The shapes, with values picked from the library itself (a real client, a two-week window ending at the newest). */
function shapes(sample: { client: string; firstName: string; newest: string }): Shape[] {
  const to = sample.newest.slice(0, 10);
  const from = new Date(Date.parse(sample.newest) - 14 * 86_400_000).toISOString().slice(0, 10);
  return [
    ['default', {}],
    ['status_ready', { status_filter: 'ready' }],
    ['platform_teams', { platform: 'teams' }],
    ['coach', { coach_id: 'coach-ben' }],
    ['sort_title', { sort: 'title' }],
    ['sort_size', { sort: '-size' }],
    ['sort_duration', { sort: '-duration' }],
    ['sort_oldest', { sort: 'recorded_at' }],
    ['sort_created', { sort: '-created_at' }],
    ['with_failed_sort_title', { exclude_failed: 'false', sort: 'title' }],
    ['failed_sort_size', { status_filter: 'failed', sort: '-size' }],
    ['two_weeks', { from, to }],
    ['client_two_weeks', { client: sample.client, from, to }],
    ['client_sort_size', { client: sample.client, sort: '-size' }],
    ['offset_400k', { offset: 400_000 }],
    ['offset_500k_sort_title', { offset: 500_000, sort: 'title' }],
    ['teams_ready_sort_title', { platform: 'teams', status_filter: 'ready', sort: 'title' }],
    [
      'coach_teams_ready_sort_duration',
      { coach_id: 'coach-ben', platform: 'teams', status_filter: 'ready', sort: '-duration' },
    ],
    ['q_first_name', { q: sample.firstName }],
    ['q_leadership', { q: 'leadership' }],
    ['q_leadership_sort_size', { q: 'leadership', sort: '-size' }],
    ['q_leadership_sort_title', { q: 'leadership', sort: 'title' }],
    ['q_leadership_teams_ready', { q: 'leadership', platform: 'teams', status_filter: 'ready' }],
    ['q_leadership_coach_sort_duration', { q: 'leadership', coach_id: 'coach-ben', sort: '-duration' }],
    ['q_leadership_two_weeks', { q: 'leadership', from, to }],
    ['q_client_full_name', { q: sample.client }],
    ['q_leadership_relevance', { q: 'leadership', sort: 'relevance' }],
    ['q_no_match', { q: 'zzzzqx' }],
    ['q_leadership_offset_5000', { q: 'leadership', offset: 5000 }],
    ['q_leadership_offset_50000', { q: 'leadership', offset: 50_000 }],
    ['q_leadership_sort_duration', { q: 'leadership', sort: '-duration' }],
    ['q_leadership_sort_created', { q: 'leadership', sort: '-created_at' }],
    ['q_leadership_sort_oldest', { q: 'leadership', sort: 'recorded_at' }],
    ['q_first_name_sort_title', { q: sample.firstName, sort: 'title' }],
    [
      'q_leadership_teams_ready_sort_size',
      { q: 'leadership', platform: 'teams', status_filter: 'ready', sort: '-size' },
    ],
    ['q_leadership_two_weeks_sort_title', { q: 'leadership', from, to, sort: 'title' }],
    ['q_leadership_coach_offset_5000', { q: 'leadership', coach_id: 'coach-ben', offset: 5000 }],
    ['q_leadership_sort_title_offset_5000', { q: 'leadership', sort: 'title', offset: 5000 }],
    ['q_leadership_sort_size_offset_50000', { q: 'leadership', sort: '-size', offset: 50_000 }],
    ['client_sort_title', { client: sample.client, sort: 'title' }],
    ['one_day_sort_title', { from: to, to, sort: 'title' }],
    ['teams_one_day_sort_duration', { platform: 'teams', from: to, to, sort: '-duration' }],
    ['two_weeks_sort_size', { from, to, sort: '-size' }],
    ['client_two_weeks_sort_title', { client: sample.client, from, to, sort: 'title' }],
    ['q_first_name_two_weeks_sort_size', { q: sample.firstName, from, to, sort: '-size' }],
    ['two_weeks_offset_20000', { from, to, offset: 20_000 }],
    ['coach_failed_offset_50000', { coach_id: 'coach-ben', status_filter: 'failed', offset: 50_000 }],
    ['client_sort_duration_offset_1000', { client: sample.client, sort: '-duration', offset: 1000 }],
    // Issue 21: title-sorted searches over recurring, default and ascending (dated, numbered) titles, tags,
    // accented prefixes, transcript words.
    ['q_zoom_sort_title', { q: 'zoom', sort: 'title' }],
    ['q_meeting_sort_title', { q: 'meeting', sort: 'title' }],
    ['q_weekly_check_sort_title', { q: 'weekly check', sort: 'title' }],
    ['q_session_sort_title', { q: 'session', sort: 'title' }],
    ['q_year_sort_title', { q: to.slice(0, 4), sort: 'title' }],
    ['q_coaching_sort_title', { q: 'coaching', sort: 'title' }],
    ['q_first_name_sort_title', { q: sample.firstName, sort: 'title' }],
    ['tag_delegation', { tag: 'delegation' }],
    ['tag_delegation_sort_title', { tag: 'delegation', sort: 'title' }],
    ['two_tags', { tag: ['delegation', 'goals'] }],
    ['q_feedback_tag_goals_sort_size', { q: 'feedback', tag: 'goals', sort: '-size' }],
    ['q_mul_prefix', { q: 'Mül' }],
    ['q_mull_sort_title', { q: 'Mull', sort: 'title' }],
    ['q_zoe_mu_sort_duration', { q: 'Zoe Mü', sort: '-duration' }],
    ['q_transcript_word', { q: 'quokka' }],
    ['q_transcript_word_sort_title', { q: 'quokka', sort: 'title' }],
    ['q_relevance', { q: 'feedback', sort: 'relevance' }],
  ];
}

export async function openSeeded(
  dir: string,
  sessions: number,
  kind: 'uniform' | 'realistic' = 'uniform',
): Promise<void> {
  if (existsSync(join(dir, 'library.db'))) return;
  const db = await openDatabase(join(dir, 'library.db'));
  const options = { sessions, seed: 5, now: new Date('2026-06-01T00:00:00Z') };
  if (kind === 'realistic') seedRealisticLibrary(db, options);
  else seedLibrary(db, options);
  db.close();
}

/**
 * CSV export of the whole library through HTTP (bench/csv-export.ts: rows/s, CPU, RSS growth; here the server is
 * this process, so its CPU includes the reading client's — `npm run bench -- list_export` measures a `filmroom
 * serve` child alone). Then the default list's p99 while an export is held open and unread (issue 11: a stalled
 * export must not slow or block the list).
 */
async function measureExport(app: FilmroomApp): Promise<Record<string, number>> {
  const figures = await measureCsvExport(app.api!.url, app.adminToken, process.pid);
  return { ...figures, ...(await listWithStalledExport(app.api!.url, app.adminToken)) };
}

async function measure(
  dir: string,
  runs: number,
  extra?: (app: FilmroomApp) => Promise<Record<string, number>>,
): Promise<{ shapes: Record<string, ShapeFigures>; extra: Record<string, number> }> {
  const app = await startFilmroom({ dataDir: dir, port: 0, logger: silentLogger, recover: false, watchFolders: false });
  // A write on the library connection (to a temp table: nothing of the library changes) makes the next request
  // "cold": counts, search anchors and offset anchors are kept only until the library changes.
  app.db.exec('CREATE TEMP TABLE IF NOT EXISTS bench_bump (x)');
  const bump = app.db.prepare('INSERT INTO temp.bench_bump VALUES (1)');
  try {
    const sample = app.db
      .prepare(
        `SELECT client, recorded_at AS newest FROM sessions WHERE listed = 1 AND status <> 'failed'
         ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      )
      .get() as { client: string; newest: string };
    const firstName = sample.client.split(' ')[0]!;
    const out: Record<string, ShapeFigures> = {};
    for (const [name, query] of shapes({ ...sample, firstName })) {
      const params = Object.entries(query).flatMap(([k, v]) =>
        (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, String(x)]),
      );
      const url = `${app.api!.url}/api/v1/sessions?${new URLSearchParams(params)}`;
      const get = async () => {
        const res = await fetch(url, { headers: { authorization: `Bearer ${app.adminToken}` } });
        await res.arrayBuffer();
        return res.status;
      };
      let status = 0;
      for (let i = 0; i < 3; i++) status = await get();
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await get();
        samples.push(performance.now() - t);
      }
      const cold: number[] = [];
      for (let i = 0; i < Math.ceil(runs / 2); i++) {
        bump.run();
        const t = performance.now();
        await get();
        cold.push(performance.now() - t);
      }
      out[name] = {
        p50: round(percentile(samples, 50)),
        p99: round(percentile(samples, 99)),
        coldP50: round(percentile(cold, 50)),
        coldMax: round(Math.max(...cold)),
        status,
      };
    }
    return { shapes: out, extra: extra ? await extra(app) : {} };
  } finally {
    await app.close();
  }
}

export async function benchListShapes(): Promise<Record<string, number>> {
  const reuse = process.env.FILMROOM_BENCH_LIST_DIR;
  const kind = process.env.FILMROOM_BENCH_LIBRARY === 'uniform' ? 'uniform' : 'realistic';
  const size = Number(process.env.FILMROOM_BENCH_LIST_SESSIONS ?? 1_000_000);
  const bigDir = reuse ?? mkdtempSync(join(tmpdir(), 'filmroom-bench-shapes-1m-'));
  const smallDir = mkdtempSync(join(tmpdir(), 'filmroom-bench-shapes-1k-'));
  try {
    await openSeeded(bigDir, size, kind);
    await openSeeded(smallDir, 1_000, kind);
    console.error(`list_shapes: ${kind} library of ${size} sessions`);
    const small = (await measure(smallDir, 20)).shapes;
    const measured = await measure(bigDir, 40, measureExport);
    const big = measured.shapes;
    const out: Record<string, number> = { ...measured.extra };
    let worst = { name: '', p50: 0 };
    let worstCold = { name: '', p50: 0 };
    for (const [name, m] of Object.entries(big)) {
      out[`${name}_p50_ms`] = m.p50;
      out[`${name}_p99_ms`] = m.p99;
      out[`${name}_cold_p50_ms`] = m.coldP50;
      out[`${name}_cold_max_ms`] = m.coldMax;
      if (m.coldP50 > worstCold.p50) worstCold = { name, p50: m.coldP50 };
      if (m.status !== 200) out[`${name}_http_status`] = m.status;
      out[`${name}_ratio_1m_vs_1k`] = round(m.p50 / (small[name]?.p50 ?? NaN));
      if (m.p50 > worst.p50) worst = { name, p50: m.p50 };
    }
    out.worst_p50_ms = worst.p50;
    out.worst_p99_ms = Math.max(...Object.values(big).map((m) => m.p99));
    out.worst_cold_p50_ms = worstCold.p50;
    out.shapes = Object.keys(big).length;
    console.error(`list_shapes worst shape: ${worst.name} (p50 ${worst.p50} ms)`);
    console.error(`list_shapes worst cold shape: ${worstCold.name} (p50 ${worstCold.p50} ms)`);
    return { ...out, [`worst_shape_is_${worst.name}`]: 1, [`worst_cold_shape_is_${worstCold.name}`]: 1 };
  } finally {
    if (!reuse) rmSync(bigDir, { recursive: true, force: true });
    rmSync(smallDir, { recursive: true, force: true });
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
