/** The devices module's public surface (issue 20): the outbox built before the library, the module after cleanup. */
export {
  createDeviceOutbox,
  createDevicesModule,
  type DeviceOutboxParts,
  type DevicesModule,
  type DevicesModuleDeps,
} from './devices-module.js';
export type { SessionLifecycle } from './change-applier.js';
export type { DeviceStore } from './device-sync.js';
