/**
 * The one window: context isolation, sandbox, no Node in the page, web security on, no new windows, and no
 * navigation away from our own pages (links to the web open in the user's browser instead).
 */
import { BrowserWindow, shell } from 'electron';
import { isTrustedUrl } from '../ipc/index.js';
import type { PageSource } from './app-origin.js';
import { externalLinkToOpen } from './navigation-policy.js';

export interface MainWindowOptions {
  preloadPath: string;
  source: PageSource;
  warn: (msg: string) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { source, warn } = options;
  const window = new BrowserWindow({
    title: 'Filmroom',
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    show: false,
    backgroundColor: '#111318',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });

  window.once('ready-to-show', () => window.show());

  window.webContents.setWindowOpenHandler(({ url }) => {
    const external = externalLinkToOpen(url);
    if (external) void shell.openExternal(external);
    else warn(`Refused to open a window for ${url}`);
    return { action: 'deny' };
  });

  const guardNavigation = (event: { preventDefault(): void }, url: string) => {
    if (isTrustedUrl(url, source.origins)) return;
    event.preventDefault();
    const external = externalLinkToOpen(url);
    if (external) void shell.openExternal(external);
    else warn(`Blocked navigation to ${url}`);
  };
  window.webContents.on('will-navigate', guardNavigation);
  window.webContents.on('will-redirect', guardNavigation);
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  void window.loadURL(source.entryUrl);
  return window;
}
