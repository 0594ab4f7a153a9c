/**
 * Settings → Other devices (issue 20): a coach sets "Keep the last N days" and "Only this coach's" sessions through
 * the panel, cancels the scope confirmation once (nothing changes), confirms it, and after a reload both are kept
 * (the API says so too).
 */
import { expect, test } from './fixtures/test.js';

test.use({ seedSessions: 0 });

test('keep-local days and the coach scope are set in the panel and kept', async ({ library, api, page }) => {
  test.setTimeout(90_000);
  void library; // opens the app
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  const panel = page.getByTestId('devices-settings');
  await expect(panel.getByTestId('devices-keep-never')).toBeChecked();

  // The choice shows the stored setting: it is ticked once the server has saved it.
  await panel.getByTestId('devices-keep-days-choice').click();
  await expect(panel.getByTestId('devices-keep-days-choice')).toBeChecked();
  await expect(panel.getByTestId('devices-keep-days')).toHaveValue('30');
  await expect(panel.getByTestId('devices-keep-days')).toBeEnabled();
  await panel.getByTestId('devices-keep-days').fill('3651');
  await panel.getByTestId('devices-keep-days').press('Enter');
  await expect(panel.getByTestId('devices-keep-error')).toContainText('0 to 3650');
  await panel.getByTestId('devices-keep-days').fill('14');
  await panel.getByTestId('devices-keep-days').blur();
  await expect.poll(async () => (await api.devices.list({})).keep_local_days).toBe(14);

  await panel.getByTestId('devices-scope-one').check();
  await panel.getByTestId('devices-scope-coach').fill('coach-b');
  await panel.getByTestId('devices-scope-apply').click();
  const confirm = page.getByTestId('devices-scope-confirm');
  await expect(confirm).toContainText('stop receiving other coaches’ sessions');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.screenshot({ path: 'test-results/devices-policy-confirm.png' });
  await page.keyboard.press('Enter'); // Cancel has the focus: Enter alone never confirms.
  await expect(confirm).toHaveCount(0);
  await expect(panel.getByTestId('devices-scope-all')).toBeChecked();
  await expect(panel.getByTestId('devices-scope-coach')).toHaveValue('');
  expect((await api.devices.list({})).coach_id ?? null).toBeNull();

  await panel.getByTestId('devices-scope-one').check();
  await panel.getByTestId('devices-scope-coach').fill('coach-b');
  await panel.getByTestId('devices-scope-apply').click();
  await confirm.getByRole('button', { name: 'Sync only this coach’s' }).click();
  await expect.poll(async () => (await api.devices.list({})).coach_id).toBe('coach-b');

  await page.reload();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(panel.getByTestId('devices-keep-days-choice')).toBeChecked();
  await expect(panel.getByTestId('devices-keep-days')).toHaveValue('14');
  await expect(panel.getByTestId('devices-scope-one')).toBeChecked();
  await expect(panel.getByTestId('devices-scope-coach')).toHaveValue('coach-b');
  const stored = await api.devices.list({});
  expect([stored.keep_local_days, stored.coach_id]).toEqual([14, 'coach-b']);
  for (const width of [1024, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await panel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/devices-policy-${width}.png`, fullPage: true });
  }
});
