/**
 * The native "Import…" picker behind `window.api.pickRecordings()`. Only paths come back: the renderer then calls
 * the catalogue's `sessions:import` with each one, so importing is validated and audited like any other request.
 */
import { dialog, type BrowserWindow, type IpcMain } from 'electron';
import { DIALOG_OPEN_RECORDINGS } from '../../shared/contract/bridge.js';
import { guardSender, type TrustedWindow } from '../ipc/index.js';
import { RECORDING_EXTENSIONS } from './recording-extensions.js';

export function registerRecordingsDialog(
  ipcMain: IpcMain,
  window: BrowserWindow,
  trusted: TrustedWindow,
  warn: (msg: string) => void,
): () => void {
  ipcMain.handle(
    DIALOG_OPEN_RECORDINGS,
    guardSender(trusted, DIALOG_OPEN_RECORDINGS, warn, async () => {
      const result = await dialog.showOpenDialog(window, {
        title: 'Import recordings',
        buttonLabel: 'Import',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Recordings', extensions: [...RECORDING_EXTENSIONS] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return result.canceled ? [] : result.filePaths;
    }),
  );
  return () => ipcMain.removeHandler(DIALOG_OPEN_RECORDINGS);
}
