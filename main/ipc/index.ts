/** The IPC transport: catalogue operations over Electron IPC, with sender checks. */
export { eraseHandlerTypes } from './invoke-operation.js';
export { registerCatalogueIpc, guardSender, type TrustedWindow } from './register-ipc.js';
export * from './sender-policy.js';
