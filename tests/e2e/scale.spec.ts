/**
 * "Smooth at 100,000 rows": the list API is answered with synthetic pages (5,000 rows each, so the 100,000 rows
 * arrive in 20 requests instead of 500) and the table is jumped around: only the visible rows are in the DOM, the
 * right rows show after a jump, and the time from jump to painted frame is logged at 5,000 and 100,000 rows.
 */
import type { Locator } from '@playwright/test';
import type { Session, SessionPage } from '../../shared/contract/index.js';
import { expect, test } from './fixtures/test.js';

const TOTAL = 100_000;
const PER_PAGE = 5_000;

function syntheticSession(i: number): Session {
  const recorded = new Date(Date.UTC(2026, 0, 1) - i * 60_000).toISOString();
  return {
    id: `ses_scale${String(i).padStart(8, '0')}`,
    title: `Scale session ${i}`,
    status: i % 7 === 0 ? 'processing' : 'ready',
    status_detail: null,
    platform: 'zoom',
    coach_id: 'coach-scale',
    client: `Client ${i % 97}`,
    participants: [],
    recorded_at: recorded,
    created_at: recorded,
    updated_at: recorded,
    duration: 1800 + (i % 3600),
    size: 100_000_000 + i,
    sha256: null,
    upload_state: 'local_only',
    transcript_status: 'ready',
    analysis_status: i % 7 === 0 ? 'processing' : 'ready',
    analysis_progress: i % 100,
    notes: '',
    tags: [],
    expires_at: null,
    synthetic: true,
  };
}

/** Jumps the scroller to 60 spread positions; returns the sorted times from jump to the second painted frame. */
async function measureJumps(scroller: Locator): Promise<number[]> {
  return scroller.evaluate(async (el) => {
    // Typed locally: the test project's tsconfig has no DOM lib, though this runs in the page.
    const raf = (globalThis as unknown as { requestAnimationFrame(cb: () => void): number }).requestAnimationFrame;
    const nextFrames = () => new Promise<void>((resolve) => raf(() => raf(() => resolve())));
    const times: number[] = [];
    for (let i = 0; i < 60; i++) {
      const started = performance.now();
      el.scrollTop = (((i * 7919) % 100) / 100) * el.scrollHeight;
      await nextFrames();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  });
}

const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)] ?? Infinity;
const p95 = (sorted: number[]) => sorted[Math.floor(sorted.length * 0.95)] ?? Infinity;

test.use({ seedSessions: 0 });

test('100,000 loaded rows scroll with a bounded DOM', async ({ page, server }) => {
  // Generous limits: on a loaded two-core box loading 100k rows took 90 s+ (20 s when idle); this test proves a
  // bounded DOM and the right rows after jumps, not speed (the logged figures are informational).
  test.setTimeout(420_000);
  await page.route('**/api/v1/sessions?*', async (route) => {
    const cursor = new URL(route.request().url()).searchParams.get('cursor');
    const start = cursor ? Number(cursor) : 0;
    const end = Math.min(TOTAL, start + PER_PAGE);
    const body: SessionPage = {
      items: Array.from({ length: end - start }, (_, k) => syntheticSession(start + k)),
      total: TOTAL,
      total_is_lower_bound: false,
      limit: PER_PAGE,
      offset: start,
      next_cursor: end < TOTAL ? String(end) : null,
    };
    await route.fulfill({ json: body });
  });
  await page.goto(server.webUrl);
  const scroller = page.getByTestId('session-table-scroll');
  const shown = page.getByTestId('shown-count');
  await expect(shown).toHaveText('5,000 of 100,000 sessions loaded');
  const baseline = await measureJumps(scroller);

  // Jump to the end until every page is in.
  const loadStarted = Date.now();
  await expect(async () => {
    await scroller.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
    await expect(shown).toHaveText('100,000 sessions', { timeout: 500 });
  }).toPass({ timeout: 300_000, intervals: [50] });
  const loadSeconds = (Date.now() - loadStarted) / 1000;

  const frames = await measureJumps(scroller);
  console.log(
    `loaded 100k rows in ${loadSeconds.toFixed(1)} s; scroll jump → painted frame: 5k rows median ${median(baseline).toFixed(1)} ms; ` +
      `100k rows median ${median(frames).toFixed(1)} ms, p95 ${p95(frames).toFixed(1)} ms`,
  );
  // No timing assertion (speed belongs in benchmarks; a shared box's load decides these figures). What must hold
  // whatever the load: the DOM stays bounded and a jump shows the right rows.

  expect(await page.getByTestId('session-row').count()).toBeLessThan(80);
  await scroller.evaluate((el) => el.scrollTo({ top: 50_000 * 40 }));
  await expect(page.locator('[data-session-id="ses_scale00050000"]')).toBeVisible();
});
