/**
 * The library's hook for the devices module (issue 20): every edit a coach makes is told to `record` inside the
 * transaction that writes it, so a change the API acknowledged is in the outbox too, or in neither (kill -9 safe).
 * Handed to the library at construction by the composition root (the devices module's outbox); `noChangeLog` when
 * nothing listens. Changes a device applies from another device are written through the repositories, not the
 * services, so they are never recorded again.
 */
import type { Marker } from '../../shared/contract/analysis.js';
import type { Participant } from '../../shared/contract/session-schema.js';

export type LibraryChange = ChangeBody & {
  /** The session's coach (its row's): the change goes to that coach's folder of the bucket (`.sync/{coach}/…`). */
  coach_id: string;
};

type ChangeBody =
  | {
      op: 'fields';
      session_id: string;
      fields: { title?: string; client?: string; notes?: string; tags?: string[]; participants?: Participant[] };
    }
  | { op: 'marker.add'; session_id: string; marker: Marker }
  | { op: 'marker.remove'; session_id: string; marker_id: number }
  | { op: 'trash' | 'untrash' | 'delete'; session_id: string }
  /** The session's backup is whole (its signed manifest in the bucket): other devices can restore it. */
  | { op: 'published'; session_id: string }
  /** A later backup re-wrote the session's manifest in the bucket (`sha256`: of the text written). */
  | { op: 'manifest_updated'; session_id: string; sha256: string };

export interface ChangeLog {
  /** Called inside the edit's transaction; throwing rolls the edit back. */
  record(change: LibraryChange): void;
}

export const noChangeLog: ChangeLog = { record: () => undefined };
