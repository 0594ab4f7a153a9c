/**
 * "Back up selected" against a real S3-protocol server (s3rver in its own process), at the window sizes coaches
 * use: two recordings selected, one click queues a backup of each, the uploads panel opens and shows their
 * progress, both rows end "Backed up", and the objects are in the bucket.
 */
import { readdirSync } from 'node:fs';
import { createHttpClient } from '../../renderer/api/http-client.js';
import { startS3Server, type S3TestServer } from '../helpers/s3-server.js';
import { GOOD_VIDEO, OTHER_VIDEO } from './fixtures/media.js';
import { docsScreenshotPath } from './fixtures/paths.js';
import { startServer } from './fixtures/server.js';
import { expect, test } from './fixtures/test.js';
import { LibraryPage } from './fixtures/library-page.js';
import { VIEWPORTS, viewportName } from './fixtures/viewports.js';

let s3: S3TestServer;

test.beforeAll(async () => {
  s3 = await startS3Server('filmroom-e2e-selected');
});
test.afterAll(async () => {
  await s3?.stop();
});

/** Every path below `dir` (s3rver keeps objects as files under their keys). */
function pathsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' });
}

for (const viewport of VIEWPORTS) {
  test(`at ${viewportName(viewport)} back up two selected sessions with progress in the uploads panel`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    // S3 from the environment, as for any headless `filmroom serve`.
    const server = await startServer({ sessions: 0, seed: 1, env: s3.env() });
    try {
      const api = createHttpClient({ baseUrl: server.url, token: server.token });
      await page.setViewportSize(viewport);
      await page.goto(server.webUrl);
      const library = new LibraryPage(page);
      const ids: string[] = [];
      for (const path of [GOOD_VIDEO, OTHER_VIDEO]) ids.push((await api.sessions.import({ path })).sessions[0]!.id);
      // The Backup column collapses at 1024 px (the review shows it); where it is shown, it tells the state.
      const backupShown = viewport.width >= 1280;
      for (const id of ids) {
        await expect(library.row(id)).toBeVisible();
        if (backupShown) await expect(library.row(id).getByTestId('badge-upload')).toHaveText('Not backed up');
      }

      await library.row(ids[0]!).getByTestId('select-session').click();
      await library
        .row(ids[1]!)
        .getByTestId('select-session')
        .click({ modifiers: ['Shift'] });
      await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
      const button = page.getByRole('button', { name: 'Back up selected' });
      await expect(button).toHaveAttribute('aria-disabled', 'false');
      await button.click();

      const uploads = page.getByRole('main', { name: 'Uploads' });
      await expect(uploads).toBeVisible();
      await expect(page.getByTestId('toast-success')).toContainText('Backing up 2 sessions');
      // A recording and a session.json manifest per session.
      await expect(uploads.getByTestId('upload-row')).toHaveCount(4, { timeout: 30_000 });
      await page.screenshot({ path: docsScreenshotPath(`backup-selected-${viewportName(viewport)}.png`) });
      await expect(uploads.locator('[data-testid="upload-row"][data-state="completed"]')).toHaveCount(4, {
        timeout: 60_000,
      });
      await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Library' }).click();
      for (const id of ids) {
        if (backupShown) {
          await expect(library.row(id).getByTestId('badge-upload')).toHaveText('Backed up', { timeout: 30_000 });
        }
        await expect.poll(async () => (await api.sessions.get({ id })).upload_state).toBe('synced');
      }
      const stored = pathsUnder(s3.directory).join('\n');
      for (const id of ids) expect(stored).toContain(id);
    } finally {
      await page.goto('about:blank');
      await server.stop();
    }
  });
}
