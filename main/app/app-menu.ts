/**
 * A minimal menu: the platform's standard roles (so copy/paste, zoom and quit keep their shortcuts) and developer
 * tools only in development. No custom items yet; "Import…" lives in the window's toolbar.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function installAppMenu(options: { isMac: boolean; devTools: boolean }): void {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.devTools) view.unshift({ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' });

  const template: MenuItemConstructorOptions[] = [
    ...(options.isMac ? [{ role: 'appMenu' } as const] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
