/**
 * Issue 23 in the browser: a session whose speakers were detected from the audio says so, with how sure in plain
 * words; a speaker is renamed inline and two are merged ("Merge into…"), and the talk-time bars and the lane's
 * legend follow, after a reload too; the library shows the coach's share of talk time as a column, sorts by it and
 * filters a range kept in the URL. The analysis is planted in the server's database (3 detected speakers, fixed
 * segments): the edits, the list and the UI are the real server's and the real renderer's.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 5, viewport: { width: 1920, height: 1080 } });

type Span = [number, number];
const A: Span[] = [
  [0, 10],
  [20, 30],
];
const B: Span[] = [
  [10, 20],
  [30, 40],
];
const C: Span[] = [
  [38, 45],
  [50, 52],
];

function speaker(name: string, segments: Span[], total: number) {
  const talk = segments.reduce((a, [s, e]) => a + e - s, 0);
  return {
    name,
    talk_time_s: talk,
    share: Math.round((talk / total) * 1000) / 1000,
    turns: segments.length,
    longest_monologue_s: 10,
    segments,
  };
}

/** A finished analysis whose speakers come from diarization (what the worker stores for a mixed track). */
function plantAnalysis(dataDir: string, id: string): void {
  const total = 20 + 20 + 9;
  const data = {
    version: 1,
    stage: 'complete',
    media: {
      duration: 60,
      container: 'mp4',
      video_codec: null,
      audio_codec: 'aac',
      width: null,
      height: null,
      fps: null,
      bitrate: 64000,
      video_streams: 0,
      audio_streams: 1,
      keyframe_interval_s: null,
      container_duration: 60,
      stream_durations: { video: null, audio: 60 },
    },
    speech: {
      segments: [
        [0, 45],
        [50, 52],
      ],
      talk_time_s: 47,
      silence_time_s: 13,
      longest_monologue_s: 10,
    },
    speakers: {
      source: 'diarization',
      confidence: 0.62,
      per_speaker: [speaker('Speaker 1', A, total), speaker('Speaker 2', B, total), speaker('Speaker 3', C, total)],
      talk_ratio: 0.69,
      switches: 5,
      switches_per_minute: 5,
      overlap: { count: 1, total_s: 2 },
      response_gaps: { count: 3, mean_s: 0, median_s: 0, max_s: 0 },
    },
    loudness: null,
    scenes: null,
    thumbnails: null,
    waveform: null,
    quality: {
      no_audio: false,
      no_video: true,
      silent_audio: false,
      black_video: false,
      truncated: false,
      decoded_duration_s: 60,
      black_segments: [],
      black_time_s: 0,
      decode_errors: [],
    },
  };
  const db = new Database(join(dataDir, 'library.db'));
  try {
    db.pragma('busy_timeout = 5000');
    db.prepare(
      "INSERT INTO analyses (session_id, job_id, stage, data, created_at) VALUES (?, NULL, 'complete', ?, ?)",
    ).run(id, JSON.stringify(data), new Date().toISOString());
    db.prepare("UPDATE sessions SET analysis_status = 'ready', analysis_progress = 100 WHERE id = ?").run(id);
  } finally {
    db.close();
  }
}

/** In-app navigation (same document: the token stays in the tab). */
async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    (globalThis as unknown as { location: { hash: string } }).location.hash = h;
  }, hash);
}

test('detected speakers are marked, renamed inline and merged; the library sorts and filters by coach talk share', async ({
  library,
  server,
  api,
  page,
}) => {
  test.setTimeout(120_000);
  const id = await library.firstRowId();
  plantAnalysis(server.dataDir, id);
  await go(page, `#/sessions/${id}`);

  const detected = page.getByTestId('speakers-detected');
  await expect(detected).toContainText('Speakers detected from the audio');
  await expect(detected).toContainText('fair confidence: check a few turns (62%)');
  const talk = page.getByTestId('talk-time');
  await expect(page.getByRole('meter', { name: 'Speaker 2 talk share' })).toBeVisible();

  // Rename inline: the bars and the lane's legend relabel.
  await talk.getByRole('button', { name: 'Rename Speaker 2' }).click();
  const box = talk.getByRole('textbox', { name: 'New name for Speaker 2' });
  await box.fill('Dana Whitfield');
  await box.press('Enter');
  await expect(page.getByRole('meter', { name: 'Dana Whitfield talk share' })).toBeVisible();
  await expect(page.getByRole('meter', { name: 'Speaker 2 talk share' })).toHaveCount(0);
  const legend = page.getByTestId('speaker-legend-item');
  await expect(legend).toHaveText(['Speaker 1 41%', 'Dana Whitfield 41%', 'Speaker 3 18%']);

  // Escape cancels a rename without leaving the review.
  await talk.getByRole('button', { name: 'Rename Speaker 1' }).click();
  await talk.getByRole('textbox', { name: 'New name for Speaker 1' }).fill('Nobody');
  await talk.getByRole('textbox', { name: 'New name for Speaker 1' }).press('Escape');
  await expect(page.getByRole('meter', { name: 'Speaker 1 talk share' })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/sessions/${id}$`));

  // Merge: Speaker 3's talk joins Dana's, the time both spoke (38–40 s) counted once: 27 s of 47 s.
  await talk.getByRole('combobox', { name: 'Merge Speaker 3 into…' }).selectOption('Dana Whitfield');
  await expect(page.getByRole('meter', { name: 'Speaker 3 talk share' })).toHaveCount(0);
  await expect(page.getByRole('meter', { name: 'Dana Whitfield talk share' })).toHaveAttribute('aria-valuenow', '57');
  await expect(page.getByRole('meter', { name: 'Speaker 1 talk share' })).toHaveAttribute('aria-valuenow', '43');
  await expect(legend).toHaveText(['Speaker 1 43%', 'Dana Whitfield 57%']);

  // Kept by the server: a reload shows the same.
  await page.reload();
  await expect(page.getByRole('meter', { name: 'Dana Whitfield talk share' })).toHaveAttribute('aria-valuenow', '57');
  await expect(page.getByTestId('speaker-legend-item')).toHaveText(['Speaker 1 43%', 'Dana Whitfield 57%']);

  // The library: a Coach talk column (the seeded coach is neither speaker, so the first speaker's share: 43%).
  await go(page, `#/?sort=-coach_share`);
  await library.waitUntilLoaded();
  await expect(library.rows.first()).toHaveAttribute('data-session-id', id);
  await expect(library.row(id).locator('[data-column="coachShare"]')).toHaveText('43%');
  await expect(library.rows.nth(1).locator('[data-column="coachShare"]')).toHaveText('—');
  await expect(page.getByRole('columnheader', { name: /Coach talk/ })).toHaveAttribute('aria-sort', 'descending');

  // A range from the filters menu rides in the URL and shows as a chip.
  await page.getByTestId('filters-button').click();
  await page.getByTestId('filter-share-min').fill('40');
  await page.getByTestId('filter-share-max').fill('50');
  await expect(page).toHaveURL(/coach_share=40-50/);
  await library.expectTotal(1);
  await expect(page.getByTestId('filter-chip')).toContainText(['Coach talk 40–50%']);
  await page.getByRole('button', { name: 'Remove filter Coach talk 40–50%' }).click();
  await library.expectTotal((await api.sessions.list({})).total);
  await go(page, `#/?coach_share=50-100`);
  await library.expectTotal(0);
  await expect(library.emptyState).toBeVisible();
});
