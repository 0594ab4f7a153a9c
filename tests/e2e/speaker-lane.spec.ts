/**
 * Issue 13: per-speaker colours and the who-spoke-when lane, on a Zoom meeting of real synthetic speech (two voices
 * on per-participant tracks) analysed by the real server. One colour per speaker in the talk-time bars, the lane and
 * the waveform bars (read back from the canvases' pixels); hover names the turn, a click seeks there, ← → on the
 * focused lane jump turn to turn, and a table says the same as text. Checked and pictured at 1024, 1280 and 1920 px.
 */
import type { Locator, Page } from '@playwright/test';
import { ESPEAK_MISSING, hasEspeak } from '../helpers/speech-fixtures.js';
import { formatSpan } from '../../renderer/lib/format.js';
import { docsScreenshotPath } from './fixtures/paths.js';
import { ReviewPage } from './fixtures/review-page.js';
import { makeSpeakerMeeting, speakerTruth } from './fixtures/speaker-media.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test.use({ seedSessions: 0 });

const ROW_PX = 16;

type Span = [number, number];
interface Speaker {
  name: string;
  segments: Span[];
  talk_time_s: number;
}

const hex = (rgb: number[]) => `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`.toUpperCase();

/** The colour of the lane canvas at time `t` in `row` (CSS px → canvas px). */
async function laneColourAt(canvas: Locator, row: number, t: number, duration: number): Promise<string> {
  const rgb = await canvas.evaluate(
    (el, [row, t, duration, rowPx]) => {
      const c = el as unknown as {
        width: number;
        clientWidth: number;
        getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: number[] } };
      };
      const dpr = c.width / c.clientWidth;
      const x = Math.round((t / duration) * c.clientWidth * dpr);
      const y = Math.round((row * rowPx + rowPx / 2) * dpr);
      return Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data).slice(0, 3);
    },
    [row, t, duration, ROW_PX] as const,
  );
  return hex(rgb);
}

/** Every opaque colour in the waveform canvas' pixel column at time `t`. */
async function waveColoursAt(page: Page, t: number, duration: number): Promise<string[]> {
  const canvas = page.getByTestId('waveform').locator('canvas').first();
  const colours = await canvas.evaluate(
    (el, [t, duration]) => {
      const c = el as unknown as {
        width: number;
        height: number;
        getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: number[] } };
      };
      const x = Math.min(c.width - 1, Math.round((t / duration) * c.width));
      const out: number[][] = [];
      // A bar is 2 CSS px wide with a 1 px gap: three columns always cross one.
      for (let dx = -2; dx <= 2; dx++) {
        const d = c.getContext('2d').getImageData(Math.max(0, x + dx), 0, 1, c.height).data;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3]! === 255) out.push([d[i]!, d[i + 1]!, d[i + 2]!]);
      }
      return out;
    },
    [t, duration] as const,
  );
  return [...new Set(colours.map(hex))];
}

/** Horizontal distance (CSS px) between the centres of the waveform's cursor and the speaker lane's playhead. */
async function playheadGap(page: Page): Promise<number> {
  const wave = await page.getByTestId('waveform').locator('[part="cursor"]').boundingBox();
  const lane = await page.locator('.speaker-lane-playhead').boundingBox();
  if (!wave || !lane) return Number.POSITIVE_INFINITY;
  return Math.abs(wave.x + wave.width / 2 - (lane.x + lane.width / 2));
}

const longest = (spans: Span[]) => [...spans].sort((a, b) => b[1] - b[0] - (a[1] - a[0]))[0]!;
const clock = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

test('each speaker keeps one colour in the talk bars, the lane and the waveform; the lane seeks and reads out', async ({
  library,
  api,
  page,
}) => {
  test.skip(!hasEspeak(), ESPEAK_MISSING);
  test.setTimeout(360_000);
  const folder = makeSpeakerMeeting();
  const imported = await api.sessions.import({ path: folder });
  const id = imported.sessions[0]!.id;
  await expect(library.rows).toHaveCount(1);
  await library.row(id).locator('[data-column="duration"]').click();
  const review = new ReviewPage(page);
  await review.waitForAnalysis();

  const result = await api.analysis.result({ id });
  const duration = result.data!.media.duration;
  const speakers = result.data!.speakers!.per_speaker as Speaker[];
  expect(speakers.map((s) => s.name)).toEqual(['Coach Kim', 'Lee Park']);
  for (const s of speakers) expect(s.segments.length).toBeGreaterThan(0);

  // Talk times a coach would agree with: each within 3% of what the speaker really said, and the review shows them.
  const truth = speakerTruth();
  const chart = page.getByTestId('talk-time');
  for (const s of speakers) {
    const spoken = truth[s.name]!;
    expect(Math.abs(s.talk_time_s - spoken) / spoken, `${s.name}: ${s.talk_time_s} s vs ${spoken} s`).toBeLessThan(
      0.03,
    );
    await expect(chart.getByRole('meter', { name: `${s.name} talk share` })).toHaveAttribute(
      'aria-valuetext',
      new RegExp(`^\\d+%, ${formatSpan(s.talk_time_s)}$`),
    );
  }

  const lane = page.getByTestId('speaker-lane');
  await expect(lane).toBeVisible();
  const legend = lane.getByTestId('speaker-legend-item');
  await expect(legend).toHaveText([/^Coach Kim \d+%$/, /^Lee Park \d+%$/]);
  const colours = new Map<string, string>();
  for (const [i, s] of speakers.entries()) {
    const colour = (await legend.nth(i).getAttribute('data-colour'))!.toUpperCase();
    colours.set(s.name, colour);
    // The same colour fills the speaker's talk-time bar.
    const bar = page.getByRole('meter', { name: `${s.name} talk share` }).locator('.talk-fill');
    expect((await bar.getAttribute('data-colour'))!.toUpperCase()).toBe(colour);
  }
  expect(colours.get('Coach Kim')).not.toBe(colours.get('Lee Park'));

  // The text alternative: a table of who spoke how much.
  const table = page.getByRole('table', { name: 'Talk time per speaker' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('rowheader', { name: 'Coach Kim' })).toBeAttached();

  const canvas = page.getByTestId('speaker-lane-canvas');
  for (const viewport of VIEWPORTS) {
    await page.setViewportSize(viewport);
    await expect(canvas).toBeVisible();
    // Each speaker's row shows their colour in the middle of their longest turn, redrawn at this width…
    for (const [row, s] of speakers.entries()) {
      const [a, b] = longest(s.segments);
      await expect.poll(() => laneColourAt(canvas, row, (a + b) / 2, duration)).toBe(colours.get(s.name));
      // …and the waveform's bars there are drawn in that colour too.
      await expect.poll(() => waveColoursAt(page, (a + b) / 2, duration)).toContain(colours.get(s.name));
    }
    // One x-scale: the waveform's cursor and the lane's playhead stand within 2 px of each other at any time
    // (the issue measured 68 px apart at 1:01; this meeting is shorter, so late in it and in its middle).
    for (const t of [duration * 0.8, duration / 2]) {
      await review.video.evaluate((v, at) => {
        (v as unknown as { currentTime: number }).currentTime = at;
      }, t);
      await review.expectTimeNear(t, 0.3);
      await expect.poll(() => playheadGap(page), { message: `playheads at ${t} s` }).toBeLessThanOrEqual(2);
    }
    await page.getByTestId('speaker-lane').scrollIntoViewIfNeeded();
    await page.screenshot({ path: docsScreenshotPath(`speaker-lane-${viewportName(viewport)}.png`) });
  }

  // Hover names the speaker and the turn's time; a click seeks the player to the turn's start.
  const client = speakers[1]!;
  const turn = longest(client.segments);
  const box = (await canvas.boundingBox())!;
  const x = box.x + ((turn[0] + turn[1]) / 2 / duration) * box.width;
  const y = box.y + ROW_PX + ROW_PX / 2;
  await page.mouse.move(x, y);
  await expect(page.getByTestId('speaker-lane-tip')).toHaveText(`Lee Park · ${clock(turn[0])}–${clock(turn[1])}`);
  await page.mouse.click(x, y);
  await review.expectTimeNear(turn[0], 0.3);

  // With the lane focused, → jumps to the next turn (of anyone) and says whose it is.
  const all = speakers
    .flatMap((s) => s.segments.map((seg) => ({ name: s.name, start: seg[0] })))
    .sort((p, q) => p.start - q.start);
  const next = all.find((p) => p.start > turn[0] + 0.05)!;
  await page.getByTestId('speaker-lane-track').focus();
  await page.keyboard.press('ArrowRight');
  await review.expectTimeNear(next.start, 0.3);
  await expect(page.getByTestId('speaker-lane-announce')).toContainText(next.name);
  await page.keyboard.press('ArrowLeft');
  await review.expectTimeNear(turn[0], 0.3);
});
