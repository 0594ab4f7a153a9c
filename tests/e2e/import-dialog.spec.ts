/** The import dialog's upload (multipart from the file input) and URL download, and the settings dialog. */
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GOOD_VIDEO, OTHER_VIDEO } from './fixtures/media.js';
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 0 });

test('a file chosen in the file input is uploaded and its row appears live', async ({ library, api, page }) => {
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a recording' });
  await dialog.getByLabel('Or upload files from this computer').setInputFiles(GOOD_VIDEO);
  // Shown first, sent on Import.
  await expect(dialog.getByTestId('upload-group')).toContainText('Weekly check-in with Sam.mp4');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 1 session', { timeout: 30_000 });
  await expect(library.rows).toHaveCount(1);
  const [session] = (await api.sessions.list({ limit: 5 })).items;
  expect(session?.title).toContain('Weekly check-in with Sam');
  await expect(library.rows.first()).toHaveAttribute('data-session-id', session?.id ?? '');
  // Its progress bar is listed, then marked done.
  await expect(page.getByTestId('import-item').first()).toContainText('Weekly check-in with Sam.mp4');
});

test('the settings dialog saves a watch folder and the toggles', async ({ library, api, page }, testInfo) => {
  const folder = testInfo.outputPath('watched recordings');
  mkdirSync(folder, { recursive: true });
  await expect(library.page.getByRole('link', { name: 'Settings' })).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  const dialog = page.getByRole('main', { name: 'Settings' });
  await dialog.getByRole('textbox', { name: 'Folder to watch' }).fill(folder);
  await dialog.getByRole('button', { name: 'Add folder' }).click();
  await expect(dialog.getByRole('list', { name: 'Watched folders' })).toContainText(folder);
  const autoAnalyze = dialog.getByRole('checkbox', { name: 'Analyze new imports automatically' });
  await autoAnalyze.uncheck();
  await dialog.getByRole('checkbox', { name: 'Watch these folders' }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('toast-success')).toContainText('Settings saved');

  const saved = await api.settings.get({});
  expect(saved.watch_folders).toContain(folder);
  expect(saved.auto_analyze).toBe(false);
  expect(saved.watch_enabled).toBe(true);

  // Reopened, it shows what was saved; removing the folder saves too.
  await page.getByRole('navigation', { name: 'Places' }).getByRole('link', { name: 'Library' }).click();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(dialog.getByRole('list', { name: 'Watched folders' })).toContainText(folder);
  await dialog.getByRole('button', { name: `Stop watching ${folder}` }).click();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => (await api.settings.get({})).watch_folders).not.toContain(folder);
});

test('a URL import shows its progress bar and its row turns ready to review', async ({ library, api, page }) => {
  // The download server is on 127.0.0.1: reachable only once an admin allows local addresses.
  await api.settings.update({ url_import_allow_local: true });
  const bytes = readFileSync(OTHER_VIDEO);
  // A slow server (about 2 s for the file) so the progress bar is seen while the download runs.
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.length) });
    let sent = 0;
    const step = Math.ceil(bytes.length / 20);
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(bytes.subarray(sent, sent + step));
      sent += step;
      if (sent >= bytes.length) {
        clearInterval(timer);
        res.end();
      }
    }, 100);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    await page.getByRole('button', { name: 'Import…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a recording' });
    await dialog
      .getByRole('textbox', { name: 'Or a link to download' })
      .fill(`http://127.0.0.1:${port}/goal-setting.mp4`);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByTestId('import-outcome')).toContainText('Imported 1 session', { timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.getByTestId('import-item').first()).toBeVisible();
    await expect(library.rows).toHaveCount(1);
    await expect(library.rows.first()).not.toHaveAttribute('data-status', /importing|pending/, { timeout: 30_000 });
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

test('recordings dropped on the window are shown in the import dialog, then uploaded', async ({
  library,
  api,
  page,
}) => {
  const base64 = readFileSync(GOOD_VIDEO).toString('base64');
  const transfer = await page.evaluateHandle((data) => {
    const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    // The page's DataTransfer (this file is type-checked without the DOM library).
    type PageDataTransfer = { items: { add(file: File): void } };
    const Ctor = (globalThis as unknown as { DataTransfer: new () => PageDataTransfer }).DataTransfer;
    const dt = new Ctor();
    dt.items.add(new File([bytes], 'Dropped check-in.mp4', { type: 'video/mp4' }));
    return dt;
  }, base64);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await page.dispatchEvent('body', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer });
  await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
  const dialog = page.getByRole('dialog', { name: 'Import a recording' });
  await expect(dialog.getByTestId('upload-group')).toContainText('Dropped check-in.mp4');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(library.rows).toHaveCount(1, { timeout: 30_000 });
  const [session] = (await api.sessions.list({ limit: 5 })).items;
  expect(session?.title).toContain('Dropped check-in');
});
