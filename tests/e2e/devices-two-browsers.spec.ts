/**
 * One library on two devices, each in its own browser (issue 20): two `filmroom serve` processes with separate data
 * folders and one s3rver bucket, sync on for both (1 s poll), each open in its own Chromium context at 1280×720.
 * A session backed up on the laptop arrives on the desktop; an edit of its title and tags, a note added and a note
 * deleted in one browser show in the other's open review without a reload (the poll and the event stream), both
 * ways; a session moved to the trash in one leaves the other's library and shows in its Trash.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { importAndBackUp } from './fixtures/backed-up.js';
import { LibraryPage } from './fixtures/library-page.js';
import { docsScreenshotPath } from './fixtures/paths.js';
import { startServer, type RunningServer } from './fixtures/server.js';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { apiRequest, type ApiResponse, type RequestOptions } from '../helpers/server.js';

interface Device {
  name: string;
  server: RunningServer;
  api(path: string, options?: RequestOptions): Promise<ApiResponse>;
}

let s3: S3TestServer;
let laptop: Device;
let desktop: Device;
let shared = '';

async function startDevice(name: string): Promise<Device> {
  const env = { ...s3.env(), FILMROOM_AUTO_ANALYZE: '0', FILMROOM_WATCH_FOLDERS: '0', FILMROOM_LOG_LEVEL: 'warn' };
  const server = await startServer({ sessions: 0, seed: 7, env });
  const device: Device = { name, server, api: (path, options) => apiRequest(server.url, server.token, path, options) };
  const on = await device.api('/api/v1/devices/settings', {
    method: 'PUT',
    json: { enabled: true, device_name: name, poll_seconds: 1 },
  });
  expect(on.status, on.text).toBe(200);
  // Notes are signed with this name (no "Sign your notes" question on the first one).
  expect((await device.api('/api/v1/settings', { method: 'PATCH', json: { display_name: name } })).status).toBe(200);
  return device;
}

async function open(browser: Browser, device: Device): Promise<{ page: Page; library: LibraryPage }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(device.server.webUrl);
  const library = new LibraryPage(page);
  await library.waitUntilLoaded();
  return { page, library };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: docsScreenshotPath(`devices-${name}-1280x720.png`) });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  s3 = await startS3Server('filmroom-e2e-devices-two');
  laptop = await startDevice('Dana’s laptop');
  desktop = await startDevice('Office desktop');
  shared = await importAndBackUp(laptop, 'Made on the laptop');
});
test.afterAll(async () => {
  await laptop?.server.stop();
  await desktop?.server.stop();
  await s3?.stop();
});

test('two browsers on two devices: title, tags and notes go both ways live; a trash shows on the other', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const a = await open(browser, laptop);
  const b = await open(browser, desktop);
  try {
    // The laptop's backup is announced; the desktop restores the session from its manifest.
    await expect(b.library.row(shared)).toContainText('Made on the laptop', { timeout: 45_000 });

    // The desktop has the session open; the laptop edits its title and tags from its row.
    await b.library.row(shared).getByTestId('open-session').click();
    await expect(b.page.getByTestId('review-title')).toHaveText('Made on the laptop');
    await a.library.row(shared).getByTestId('edit-session').click();
    const dialog = a.page.getByRole('dialog', { name: 'Edit session' });
    await dialog.getByLabel('Title', { exact: true }).fill('Goal review with Bruno');
    await dialog.getByLabel('Tags', { exact: true }).fill('leadership, q4');
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await expect(dialog).toBeHidden();
    await expect(b.page.getByTestId('review-title')).toHaveText('Goal review with Bruno', { timeout: 30_000 });
    await expect(b.page.getByTestId('review-tags')).toContainText('leadership, q4');

    // A note made in the laptop's review shows in the desktop's open review.
    await a.library.row(shared).getByTestId('open-session').click();
    await a.page.getByTestId('note-text').fill('Key moment: the budget');
    await a.page.getByRole('button', { name: 'Add note' }).click();
    await expect(a.page.getByTestId('marker').filter({ hasText: 'Key moment' })).toContainText('Dana’s laptop:');
    const note = b.page.getByTestId('marker').filter({ hasText: 'Key moment: the budget' });
    await expect(note).toBeVisible({ timeout: 30_000 });
    await expect(note).toContainText('Dana’s laptop:');
    await note.scrollIntoViewIfNeeded();
    await shot(b.page, 'desktop-review');

    // The other way: the desktop renames it from its review header; the laptop's open review follows.
    await b.page.getByRole('button', { name: 'Edit details' }).click();
    const again = b.page.getByRole('dialog', { name: 'Edit session' });
    await again.getByLabel('Title', { exact: true }).fill('Renamed on the desktop');
    await again.getByRole('button', { name: 'Save changes' }).click();
    await expect(again).toBeHidden();
    await expect(a.page.getByTestId('review-title')).toHaveText('Renamed on the desktop', { timeout: 30_000 });
    // A second note from the desktop shows on the laptop; the laptop's note deleted on the desktop goes there too.
    await b.page.getByTestId('note-text').fill('Follow up on the plan');
    await b.page.getByRole('button', { name: 'Add note' }).click();
    await expect(a.page.getByTestId('marker').filter({ hasText: 'Follow up on the plan' })).toContainText(
      'Office desktop:',
      { timeout: 30_000 },
    );
    await b.page.getByRole('button', { name: 'Delete note “Key moment: the budget”' }).click();
    await expect(b.page.getByTestId('marker').filter({ hasText: 'Key moment' })).toHaveCount(0);
    await expect(a.page.getByTestId('marker').filter({ hasText: 'Key moment' })).toHaveCount(0, { timeout: 30_000 });
    await a.page.getByTestId('marker').filter({ hasText: 'Follow up on the plan' }).scrollIntoViewIfNeeded();
    await shot(a.page, 'laptop-review');

    // The laptop moves it to the trash: it leaves the desktop's library and shows in the desktop's Trash.
    await b.page.getByRole('button', { name: '← Library' }).click();
    await expect(b.library.row(shared)).toContainText('Renamed on the desktop');
    await a.page.getByRole('button', { name: '← Library' }).click();
    const ask = await a.library.askToDelete(shared);
    await ask.getByRole('button', { name: 'Delete session' }).click();
    await expect(a.library.row(shared)).toHaveCount(0);
    await expect(b.library.row(shared)).toHaveCount(0, { timeout: 30_000 });
    await b.page.getByRole('link', { name: 'Trash' }).click();
    const trash = b.page.getByRole('main', { name: 'Trash' });
    await expect(trash.getByTestId('trash-row')).toContainText('Renamed on the desktop');
    await shot(b.page, 'desktop-trash');
    expect((await desktop.api(`/api/v1/sessions/${shared}`)).status).toBe(404);
    const inTrash = (await desktop.api('/api/v1/trash')).body.items as { id: string }[];
    expect(inTrash.map((t) => t.id)).toContain(shared);
  } finally {
    // Leave the pages first: their open event streams would otherwise hold the servers' shutdown.
    for (const p of [a.page, b.page]) await p.context().close();
  }
});
