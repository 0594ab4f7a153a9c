/**
 * What one device tells the others: a change to one session, stamped with the hybrid logical clock of the device
 * that made it. The shape is checked with zod when an object is read from the bucket (a change another version or
 * another tool wrote is refused with its reason, never half-applied).
 */
import { z } from 'zod';
import { participant } from '../../shared/contract/session-schema.js';

/** The session fields merged per field, last writer wins (`trashed` and `deleted` are kept beside them). */
export const SESSION_FIELDS = ['title', 'client', 'notes', 'tags', 'participants'] as const;
export type SessionField = (typeof SESSION_FIELDS)[number];

export const fieldsSchema = z.object({
  title: z.string().optional(),
  client: z.string().optional(),
  notes: z.string().optional(),
  tags: z.array(z.string()).optional(),
  participants: z.array(participant).optional(),
});
export type SessionFields = z.infer<typeof fieldsSchema>;

export const markerBodySchema = z.object({
  t: z.number().nullable(),
  kind: z.enum(['marker', 'note', 'chat', 'chapter']),
  author: z.string().nullable(),
  text: z.string(),
  created_at: z.string(),
});
export type MarkerBody = z.infer<typeof markerBodySchema>;

const sessionId = z.string().min(1).max(200);

export const changeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('fields'), session_id: sessionId, fields: fieldsSchema }),
  z.object({ op: z.literal('marker.add'), session_id: sessionId, uid: z.string().min(1), marker: markerBodySchema }),
  z.object({ op: z.literal('marker.remove'), session_id: sessionId, uid: z.string().min(1) }),
  z.object({ op: z.literal('trash'), session_id: sessionId }),
  z.object({ op: z.literal('untrash'), session_id: sessionId }),
  z.object({ op: z.literal('delete'), session_id: sessionId }),
  /** A new session's backup is whole: a device without it restores it from its manifest (the restore path). */
  z.object({ op: z.literal('published'), session_id: sessionId }),
  /**
   * A later backup re-wrote the session's manifest (a transcript, the analysis, speaker edits, files): a device
   * holding the session reads it again. `sha256`: of the manifest as written (a device holding it already skips).
   */
  z.object({ op: z.literal('manifest_updated'), session_id: sessionId, sha256: z.string().optional() }),
]);
export type DeviceChange = z.infer<typeof changeSchema>;

export const stampedSchema = z.object({ hlc: z.string().min(1), change: changeSchema });
export type Stamped = z.infer<typeof stampedSchema>;

/** One object in the bucket: `.sync/<coach>/<device_id>/<hlc>-<n>.json`, signed like the manifests. */
export const changeObjectSchema = z.object({
  v: z.literal(1),
  device_id: z.string(),
  device_name: z.string(),
  changes: z.array(stampedSchema),
});
export type ChangeObject = z.infer<typeof changeObjectSchema>;
