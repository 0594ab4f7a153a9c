/**
 * One Filmroom per library: a second launch hands over to the first (which comes to the front) and exits, so two
 * processes never run migrations, recovery or the job queue on the same database.
 */
import type { App, BrowserWindow } from 'electron';

/** Returns false when another instance already runs; the caller must then quit without starting anything. */
export function claimSingleInstance(app: App, currentWindow: () => BrowserWindow | null): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => {
    const window = currentWindow();
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });
  return true;
}
