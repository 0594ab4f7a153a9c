/** The Electron shell (the only module besides ipc and the entry that imports Electron). */
export { chooseApiPort, isAddressInUse } from './api-port.js';
export { pageSource } from './app-origin.js';
export { registerAppScheme, serveRenderer } from './app-protocol.js';
export { installAppMenu } from './app-menu.js';
export { createMainWindow } from './main-window.js';
export { registerRecordingsDialog } from './recordings-dialog.js';
export { hardenSession } from './session-hardening.js';
export { claimSingleInstance } from './single-instance.js';
export { utilityProcessLauncher } from './utility-process-launcher.js';
export { describeStartupError, mediaToolsNotice } from './startup-errors.js';
export { createSafeStorageVault } from './s3-secret-vault.js';
