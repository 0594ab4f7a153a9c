/**
 * Snapshots (issue 20): the merged state of the sessions, as the changes that make it up, so a new device reads a
 * few objects instead of every change since the beginning. A snapshot entry is a list of ordinary stamped changes
 * (one per field with its clock, the trash state, the delete, each marker id added or removed): a reader applies
 * them through the same merge (`merge.ts` `decide`) as any change, so a snapshot can never undo a newer edit and
 * applying one twice changes nothing.
 *
 * Layout: `{prefix}.sync-snapshots/{coach_slug}/{snapshot_id}/part-{n}.json` (≤ 5,000 sessions each) and, written
 * last, `…/{snapshot_id}/manifest.json` — a set without its manifest is incomplete and never read. `snapshot_id` is
 * `{ms:16}-{counter:6}-{device_id}` of the writer's clock, so names sort by time. Changes kept for sessions the
 * writer does not hold (parked) go to the reserved folder `_pending` (a slug never starts with "_"). Every object is
 * signed with the manifests' key; the manifest also names each part's SHA-256.
 */
import { z } from 'zod';
import { stampedSchema } from './changes.js';

export const SNAPSHOT_PART_SESSIONS = 5000;
export const PENDING_GROUP = '_pending';
export const CURSORS_GROUP = '_cursors';

export const snapshotEntrySchema = z.object({
  session_id: z.string().min(1).max(200),
  changes: z.array(stampedSchema),
});
export type SnapshotEntry = z.infer<typeof snapshotEntrySchema>;

export const snapshotPartSchema = z.object({
  v: z.literal(1),
  kind: z.literal('filmroom.snapshot.part'),
  snapshot_id: z.string(),
  group: z.string(),
  entries: z.array(snapshotEntrySchema),
});
export type SnapshotPart = z.infer<typeof snapshotPartSchema>;

/**
 * The cursor vector: for each change folder (`{coach_slug}/{device_id}`, or `{device_id}` of the old layout), the
 * last change object the snapshot covers (key order).
 */
export const vectorSchema = z.record(z.string(), z.string());
export type CursorVector = z.infer<typeof vectorSchema>;

export const snapshotManifestSchema = z.object({
  v: z.literal(1),
  kind: z.literal('filmroom.snapshot'),
  snapshot_id: z.string(),
  group: z.string(),
  device_id: z.string(),
  created_at: z.string(),
  vector: vectorSchema,
  sessions: z.number().int().nonnegative(),
  parts: z.array(z.object({ key: z.string(), sha256: z.string(), sessions: z.number().int().nonnegative() })),
});
export type SnapshotManifest = z.infer<typeof snapshotManifestSchema>;

/**
 * What a device has read of every folder of the other devices (its cursors), the coach folder it reads (`scope`;
 * null or absent: every coach) and, per own folder, the newest of its objects it deleted (its floors):
 * `{prefix}.sync-snapshots/_cursors/{device_id}.json`, written only by that device. Retention reads them.
 */
export const cursorsObjectSchema = z.object({
  v: z.literal(1),
  kind: z.literal('filmroom.cursors'),
  device_id: z.string(),
  at: z.string(),
  cursors: vectorSchema,
  scope: z.string().nullable().optional(),
  floors: vectorSchema,
});
export type CursorsObject = z.infer<typeof cursorsObjectSchema>;
