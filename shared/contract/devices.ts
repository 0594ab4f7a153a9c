/** One library on every device (issue 20): this device's sync settings and the devices met in the bucket. */
import { z } from 'zod';
import { operation } from './operation.js';

export const deviceStatus = z.object({
  id: z.string(),
  name: z.string(),
  /** When the device last wrote a change object (null: none read yet). */
  last_seen_at: z.string().nullable(),
  /** This device: changes not in the bucket yet; another device: 0. */
  pending_out: z.number(),
  /** Objects of that device not applied here yet, as of the latest listing (null: not known). */
  pending_in: z.number().nullable(),
});

export const devicesView = z.object({
  enabled: z.boolean(),
  this_device: z.object({ id: z.string(), name: z.string() }),
  poll_seconds: z.number(),
  keep_local_days: z.number().nullable(),
  /** The one coach this device syncs (null or absent: every coach's — a practice lead's device). */
  coach_id: z.string().nullable().optional(),
  /** This device first, then every other device whose changes were read. */
  devices: z.array(deviceStatus),
  /** The latest push or pull failure in plain words (null after a sync that worked). */
  last_error: z.string().nullable(),
});
export type DevicesView = z.infer<typeof devicesView>;

export const deviceSettingsInput = z.strictObject({
  enabled: z.boolean(),
  device_name: z.string().trim().min(1).max(100),
  poll_seconds: z.number().int().min(1).max(3600).default(5),
  /** Days of recordings to download automatically (null: never; recordings are fetched on demand). */
  keep_local_days: z.number().int().min(0).max(3650).nullable().default(null),
  /**
   * Scope this device to one coach: it reads and applies only that coach's sessions' changes and restores only that
   * coach's manifests (null: every coach's; absent: unchanged). Admin only, like the whole route.
   */
  coach_id: z.string().trim().min(1).max(200).nullable().optional(),
});
export type DeviceSettingsInput = z.infer<typeof deviceSettingsInput>;

/** A snapshot written on demand, and what retention then deleted (or why it kept everything). */
export const snapshotResult = z.object({
  snapshot_id: z.string(),
  /** Coach folders written (plus `_pending` for changes of sessions this device does not hold). */
  groups: z.number(),
  sessions: z.number(),
  parts: z.number(),
  deleted_changes: z.number(),
  deleted_snapshot_objects: z.number(),
  kept_because: z.string().nullable(),
});
export type SnapshotResultView = z.infer<typeof snapshotResult>;

export const devicesContract = {
  list: operation({
    method: 'GET',
    path: '/api/v1/devices',
    summary: 'Library sync across devices: this device, the others met in the bucket, what is pending',
    access: 'admin',
    input: z.strictObject({}),
    output: devicesView,
  }),
  updateSettings: operation({
    method: 'PUT',
    path: '/api/v1/devices/settings',
    summary: 'Turns sync with other devices on or off, names this device, sets the poll interval',
    access: 'admin',
    errors: { 409: 'S3 is not configured (sync needs the bucket)' },
    input: deviceSettingsInput,
    output: devicesView,
  }),
  syncNow: operation({
    method: 'POST',
    path: '/api/v1/devices/sync-now',
    summary: 'Pushes this device’s changes and pulls the others’ now',
    access: 'admin',
    errors: { 409: 'Sync with other devices is off, or S3 is not configured' },
    input: z.strictObject({}),
    output: z.object({ started: z.boolean() }),
    status: 202,
  }),
  snapshot: operation({
    method: 'POST',
    path: '/api/v1/devices/snapshot',
    summary:
      'Writes a snapshot of the merged sessions now (new devices read it instead of every change); then retention',
    access: 'admin',
    errors: {
      409: 'Sync with other devices is off, or S3 is not configured',
      503: 'The bucket could not be read or written',
    },
    input: z.strictObject({}),
    output: snapshotResult,
  }),
};
