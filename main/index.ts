/**
 * The Electron main process: composition root only. Starts the services and the local API (main/composition/,
 * shared with `filmroom serve`), then the shell: the app:// protocol, one secure window, the IPC transport. Every
 * decision lives in main/app and main/ipc; this file wires them in order.
 */
import { app, dialog, ipcMain, safeStorage, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RequestContext } from './platform/request-context.js';
import { startFilmroom, type FilmroomApp } from './composition/index.js';
import { ADMIN } from './platform/actor.js';
import { resolveDataDir } from './platform/data-dir.js';
import { createLogger } from './platform/logger.js';
import {
  chooseApiPort,
  claimSingleInstance,
  createSafeStorageVault,
  createMainWindow,
  describeStartupError,
  hardenSession,
  installAppMenu,
  isAddressInUse,
  mediaToolsNotice,
  pageSource,
  registerAppScheme,
  registerRecordingsDialog,
  serveRenderer,
  utilityProcessLauncher,
} from './app/index.js';
import { eraseHandlerTypes, registerCatalogueIpc } from './ipc/index.js';

const logger = createLogger();
// The same library as the `filmroom` CLI (FILMROOM_DATA_DIR, else the OS app-data folder), so `filmroom import`
// and the desktop app see the same sessions.
const dataDir = resolveDataDir(undefined);
// An explicit data dir (tests, a second library) gets its own Chromium profile, hence its own single-instance lock.
if (process.env.FILMROOM_DATA_DIR) app.setPath('userData', join(dataDir, 'electron-profile'));

// Built layout: out/main/index.js (+ analysis-worker.js), out/preload/index.cjs, out/renderer/index.html.
const outDir = fileURLToPath(new URL('..', import.meta.url));
const analysisWorker = { script: join(outDir, 'main', 'analysis-worker.js'), launch: utilityProcessLauncher };
const preloadPath = join(outDir, 'preload', 'index.cjs');
const rendererDir = join(outDir, 'renderer');
const desktopContext: RequestContext = { actor: ADMIN };

registerAppScheme(); // must precede app.ready
app.enableSandbox();

let filmroom: FilmroomApp | null = null;
let mainWindow: BrowserWindow | null = null;

async function startServices(): Promise<FilmroomApp> {
  const options = {
    dataDir,
    rendererDir,
    nativeBinding: process.env.FILMROOM_SQLITE_BINDING,
    logger,
    analysisWorker,
    // S3 sync (issue 9): the secret is kept by the OS keychain, in a file beside the library, never in SQLite.
    secretVault: createSafeStorageVault(safeStorage, join(dataDir, 's3-secret.bin')),
  };
  const port = await chooseApiPort(process.env);
  try {
    return await startFilmroom({ ...options, port });
  } catch (error) {
    // Another program took 47800 between our probe and the listen: any free port will do (api.json records it).
    if (!isAddressInUse(error) || port === 0) throw error;
    return startFilmroom({ ...options, port: 0 });
  }
}

function openWindow(services: FilmroomApp): BrowserWindow {
  const source = pageSource(process.env, app.isPackaged);
  const warn = (msg: string) => logger.warn(msg);
  const window = createMainWindow({ preloadPath, source, warn });
  const trusted = { webContents: window.webContents, origins: source.origins };
  const disposeIpc = registerCatalogueIpc({
    ipcMain,
    window: trusted,
    handlers: eraseHandlerTypes(services.handlers),
    context: () => desktopContext,
    events: services.events,
    log: logger,
  });
  const disposeDialog = registerRecordingsDialog(ipcMain, window, trusted, warn);
  window.on('closed', () => {
    disposeIpc();
    disposeDialog();
    if (mainWindow === window) mainWindow = null;
  });
  return window;
}

async function main(): Promise<void> {
  await app.whenReady();
  const source = pageSource(process.env, app.isPackaged);
  hardenSession(session.defaultSession, source);
  serveRenderer(session.defaultSession, rendererDir, () => filmroom?.api?.url ?? null);
  installAppMenu({ isMac: process.platform === 'darwin', devTools: !app.isPackaged });

  try {
    filmroom = await startServices();
  } catch (error) {
    logger.error({ err: error }, 'Filmroom could not start');
    const problem = describeStartupError(error, dataDir);
    dialog.showErrorBox(problem.title, problem.message);
    app.exit(1);
    return;
  }
  logger.info(`Filmroom library at ${filmroom.dataDir}; local API at ${filmroom.api?.url ?? '(off)'}`);
  const services = filmroom;
  mainWindow = openWindow(services);

  if (!services.mediaTools) {
    const notice = mediaToolsNotice();
    void dialog.showMessageBox(mainWindow, {
      type: 'warning',
      title: notice.title,
      message: notice.title,
      detail: notice.message,
    });
  }

  // macOS keeps apps alive without windows; clicking the dock icon brings the window back.
  app.on('activate', () => {
    if (!mainWindow) mainWindow = openWindow(services);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close the API server and the database before exiting, so WAL is checkpointed and no request is cut mid-write.
let shutdown: 'running' | 'closing' | 'closed' = 'running';
app.on('will-quit', (event) => {
  if (shutdown === 'closed' || !filmroom) return;
  event.preventDefault();
  if (shutdown === 'closing') return;
  shutdown = 'closing';
  filmroom
    .close()
    .catch((error: unknown) => logger.error({ err: error }, 'Error while closing Filmroom'))
    .finally(() => {
      shutdown = 'closed';
      app.quit();
    });
});

// Ctrl-C in `npm start` and a service manager's SIGTERM take the same clean path as the Quit menu item.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());

if (claimSingleInstance(app, () => mainWindow)) {
  main().catch((error: unknown) => {
    logger.error({ err: error }, 'Filmroom crashed while starting');
    dialog.showErrorBox('Filmroom could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
} else {
  app.quit(); // the first instance has been told to come to the front
}
