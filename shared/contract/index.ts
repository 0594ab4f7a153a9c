/** The one operation catalogue. Transports, OpenAPI, preload and clients are computed from `contract`. */
import { analysisContract, reviewContract, videoContract } from './analysis.js';
import { cleanupContract } from './cleanup.js';
import { offloadContract } from './offload.js';
import type { ClientOf, HandlersOf } from './operation.js';
import { sessionsContract } from './sessions.js';
import { settingsContract } from './settings.js';
import { storageContract } from './storage.js';
import { systemContract } from './system.js';
import { trashContract } from './trash.js';
import { recordingsContract, syncContract, uploadsContract } from './sync.js';
import { restoreContract } from './restore.js';
import { devicesContract } from './devices.js';

export const contract = {
  system: systemContract,
  sessions: sessionsContract,
  analysis: analysisContract,
  review: reviewContract,
  video: videoContract,
  settings: settingsContract,
  cleanup: cleanupContract,
  trash: trashContract,
  storage: storageContract,
  offload: offloadContract,
  sync: syncContract,
  uploads: uploadsContract,
  recordings: recordingsContract,
  restore: restoreContract,
  devices: devicesContract,
};

export type Contract = typeof contract;
export type FilmroomClient = ClientOf<Contract>;
export type FilmroomHandlers<Ctx> = HandlersOf<Contract, Ctx>;

export * from './analysis.js';
export * from './bridge.js';
export * from './cleanup.js';
export * from './errors.js';
export * from './raw-routes.js';
export * from './events.js';
export * from './operation.js';
export * from './session-schema.js';
export * from './sessions.js';
export * from './settings.js';
export * from './storage.js';
export * from './offload.js';
export * from './trash.js';
export * from './sync.js';
export * from './restore.js';
export * from './devices.js';
export * from './verify.js';
