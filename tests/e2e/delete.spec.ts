/** Deleting one session: confirmation, optimistic removal, and the row coming back when the delete fails. */
import { ApiError } from '../../shared/contract/index.js';
import { expect, test } from './fixtures/test.js';

test('a confirmed delete removes the row and the session', async ({ library, api }) => {
  const id = await library.firstRowId();
  const before = await api.sessions.list({ limit: 1 });
  const { title } = await api.sessions.get({ id });

  const dialog = await library.askToDelete(id);
  await expect(dialog).toContainText(title);
  await dialog.getByRole('button', { name: 'Delete session' }).click();

  await expect(dialog).toBeHidden();
  await expect(library.row(id)).toHaveCount(0);
  await expect(library.page.getByTestId('toast-success')).toContainText(`Moved “${title}” to the trash`);
  await library.expectTotal(before.total - 1);
  const gone = await api.sessions.get({ id }).then(
    () => null,
    (error: unknown) => error,
  );
  expect(gone).toBeInstanceOf(ApiError);
  expect((gone as ApiError).status).toBe(404);
  // The UI's delete goes to the trash (files kept, restorable).
  expect((await api.trash.list({})).items.map((s) => s.id)).toContain(id);
});

test('cancelling the confirmation keeps the session', async ({ library, api }) => {
  const id = await library.firstRowId();
  const dialog = await library.askToDelete(id);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();

  const dialogAgain = await library.askToDelete(id);
  await library.page.keyboard.press('Escape');
  await expect(dialogAgain).toBeHidden();
  await expect(library.row(id)).toBeVisible();
  expect((await api.sessions.get({ id })).id).toBe(id);
});

test('a delete that fails puts the row back with a readable message', async ({ library, server }) => {
  const id = await library.firstRowId();
  const title = (await library.row(id).getByTestId('open-session').textContent()) ?? '';
  const dialog = await library.askToDelete(id);

  // A real failure: the server goes away between the question and the answer.
  await server.stop();
  await dialog.getByRole('button', { name: 'Delete session' }).click();

  const alert = library.page.getByTestId('toast-error');
  await expect(alert).toContainText(`Could not delete “${title}”`);
  await expect(alert).toContainText('Cannot reach Filmroom');
  await expect(library.row(id)).toBeVisible();
  await expect(library.rows.first()).toHaveAttribute('data-session-id', id); // back in its place
  await expect(library.page.getByTestId('live-state')).toContainText('Offline');
});

test('deleting a session that is already gone keeps it removed', async ({ library, api, page }) => {
  const id = await library.firstRowId();
  // Keep the live event from removing the row first, so the UI's own DELETE meets the 404.
  await page.route('**/api/v1/events', (route) => route.abort());
  await page.reload();
  await library.waitUntilLoaded();
  await api.sessions.remove({ id });

  const dialog = await library.askToDelete(id);
  await dialog.getByRole('button', { name: 'Delete session' }).click();
  await expect(library.row(id)).toHaveCount(0);
  await expect(page.getByTestId('toast-error')).toHaveCount(0);
});
