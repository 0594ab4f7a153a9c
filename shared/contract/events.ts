/** Events pushed to the renderer (IPC) and to other tools (Server-Sent Events on GET /api/v1/events). */
import type { Session } from './session-schema.js';

export type FilmroomEvent =
  | { type: 'session.created'; session: Session }
  | { type: 'session.changed'; session: Session }
  | { type: 'session.deleted'; id: string; coach_id: string }
  | {
      type: 'import.progress';
      import_id: string;
      source: string;
      bytes_done: number;
      bytes_total: number | null;
      coach_id: string;
    }
  | {
      type: 'job.progress';
      job_id: string;
      /** `analysis`, `url-import`, … (every job type reports here). */
      job_type: string;
      session_id: string | null;
      state: string;
      progress: number;
      message: string;
      coach_id: string;
    }
  | {
      type: 'upload.progress';
      upload_id: string;
      session_id: string;
      state: string;
      bytes_sent: number;
      bytes_total: number;
      error: string | null;
      coach_id: string;
    }
  /** "Restore my library from S3" (admin only: it names no coach, so coach tokens never receive it). */
  | { type: 'restore.progress'; job_id: string; state: string; done: number; total: number; errors: number }
  /** Changes from another device applied here (issue 20; admin only: it names no coach). */
  | { type: 'devices.applied'; device_id: string; changes: number; session_ids: string[] };

export type FilmroomEventType = FilmroomEvent['type'];

export const EVENT_TYPES: readonly FilmroomEventType[] = [
  'session.created',
  'session.changed',
  'session.deleted',
  'import.progress',
  'job.progress',
  'upload.progress',
  'restore.progress',
  'devices.applied',
];

import { RAW_ROUTES } from './raw-routes.js';

export const EVENTS_PATH = RAW_ROUTES.events.path;
/** The single IPC channel main uses to push events to the renderer. */
export const EVENTS_CHANNEL = 'events:push';
