/**
 * Issue 13: a recording chosen (or dropped) with its same-named transcript is shown as ONE session before Import
 * sends anything, a file that belongs to no recording is named with the reason, and the upload makes one session
 * with the transcript attached, dated by the video's creation_time. At 1024, 1280 and 1920 px.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docsScreenshotPath } from './fixtures/paths.js';
import { expect, test } from './fixtures/test.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

test.use({ seedSessions: 0 });

const VTT = `WEBVTT

1
00:00:00.200 --> 00:00:00.900
Coach Kim: Welcome back, Lee.

2
00:00:01.000 --> 00:00:01.800
Lee Park: Thanks, I kept the plan.
`;

/** A video stating its own creation date (as phones and recorders do), its transcript, and an unrelated file. */
function makeFiles(dir: string) {
  mkdirSync(dir, { recursive: true });
  const video = join(dir, 'Coaching with Lee.mp4');
  execFileSync(process.env.FFMPEG_PATH ?? 'ffmpeg', [
    ...['-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=duration=2:size=320x240:rate=15'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=500:duration=2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-shortest', '-metadata', 'creation_time=2025-05-06T07:08:09Z', video],
  ]);
  const vtt = join(dir, 'Coaching with Lee.vtt');
  writeFileSync(vtt, VTT);
  const stray = join(dir, 'agenda.pdf');
  writeFileSync(stray, '%PDF-1.4 not a recording');
  return { video, vtt, stray };
}

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} a video and its .vtt are shown and imported as one session`, async ({
    library,
    api,
    page,
  }, testInfo) => {
    test.setTimeout(90_000);
    await page.setViewportSize(viewport);
    const files = makeFiles(testInfo.outputDir);
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a recording' });
    await dialog.getByLabel('Or upload files from this computer').setInputFiles([files.video, files.vtt, files.stray]);

    // Shown before anything is sent: one session with its transcript; the stray file named, with why.
    const plan = dialog.getByTestId('upload-plan');
    await expect(plan).toContainText('One session will be imported');
    await expect(plan.getByTestId('upload-group')).toHaveCount(1);
    await expect(plan.getByTestId('upload-group-files')).toHaveText('With its transcript Coaching with Lee.vtt');
    await expect(plan.getByTestId('upload-strays')).toContainText('agenda.pdf');
    await expect(plan.getByTestId('upload-strays')).toContainText('not a recording');
    expect((await api.sessions.list({ limit: 5 })).items).toHaveLength(0);
    const confirm = dialog.getByRole('button', { name: 'Import', exact: true });
    await expect(confirm).toBeEnabled();
    await page.screenshot({ path: docsScreenshotPath(`upload-grouping-${viewportName(viewport)}.png`) });

    await confirm.click();
    await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 1 session', { timeout: 30_000 });
    const { items } = await api.sessions.list({ limit: 5 });
    expect(items).toHaveLength(1);
    const session = await api.sessions.get({ id: items[0]!.id });
    expect(session.title).toBe('Coaching with Lee');
    expect(session.transcript_status).toBe('ready');
    expect((session.files ?? []).map((f) => f.kind)).toEqual(['recording', 'transcript']);
    // The date is the one the video states, not the upload's.
    expect(session.recorded_at).toBe('2025-05-06T07:08:09.000Z');

    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(library.rows).toHaveCount(1);
    await expect(library.rows.first().locator('[data-column="recorded"]')).toContainText('2025');
    await expect(library.rows.first().locator('[data-column="recorded"] time')).toHaveAttribute(
      'datetime',
      '2025-05-06T07:08:09.000Z',
    );
  });
}

test('a video and its .vtt dropped on the window open the dialog grouped, then import as one session', async ({
  library,
  api,
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const files = makeFiles(testInfo.outputDir);
  const payload = [files.video, files.vtt].map((p) => ({
    name: p.split('/').at(-1)!,
    data: readFileSync(p).toString('base64'),
  }));
  const transfer = await page.evaluateHandle((items) => {
    type PageDataTransfer = { items: { add(file: File): void } };
    const Ctor = (globalThis as unknown as { DataTransfer: new () => PageDataTransfer }).DataTransfer;
    const dt = new Ctor();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.data), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], item.name));
    }
    return dt;
  }, payload);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });

  const dialog = page.getByRole('dialog', { name: 'Import a recording' });
  await expect(dialog.getByTestId('upload-group')).toHaveCount(1);
  await expect(dialog.getByTestId('upload-group-files')).toHaveText('With its transcript Coaching with Lee.vtt');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 1 session', { timeout: 30_000 });
  await expect(library.rows).toHaveCount(1);
  const { items } = await api.sessions.list({ limit: 5 });
  expect(items).toHaveLength(1);
  expect(items[0]!.transcript_status).toBe('ready');
});

test('a Teams recording and transcript chosen with Choose Files pair as a folder import does, titled by the meeting', async ({
  library,
  api,
  page,
}, testInfo) => {
  test.setTimeout(90_000);
  const made = makeFiles(testInfo.outputDir);
  const video = join(testInfo.outputDir, 'Weekly sync-20260114_150000UTC-Meeting Recording.mp4');
  const vtt = join(testInfo.outputDir, 'Weekly sync-20260114_150000UTC-Meeting Transcript.vtt');
  writeFileSync(video, readFileSync(made.video));
  writeFileSync(vtt, VTT);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a recording' });
  await dialog.getByLabel('Or upload files from this computer').setInputFiles([video, vtt]);
  const plan = dialog.getByTestId('upload-plan');
  await expect(plan.getByTestId('upload-group')).toHaveCount(1);
  await expect(plan.locator('.meeting-title')).toHaveText('Weekly sync');
  await expect(plan.getByTestId('upload-group-files')).toHaveText(
    'With its transcript Weekly sync-20260114_150000UTC-Meeting Transcript.vtt',
  );
  await expect(plan.getByTestId('upload-strays')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 1 session', { timeout: 30_000 });
  const { items } = await api.sessions.list({ limit: 5 });
  expect(items).toHaveLength(1);
  const session = await api.sessions.get({ id: items[0]!.id });
  expect(session.title).toBe('Weekly sync');
  expect(session.platform).toBe('teams');
  expect(session.transcript_status).toBe('ready');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(library.rows).toHaveCount(1);
});
