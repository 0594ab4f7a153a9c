/** The sessions table row and its mapping to the API's session object. */
import type { Participant, Session, SessionFile } from '../../../shared/contract/session-schema.js';

export interface SessionRow {
  seq: number;
  id: string;
  title: string;
  status: Session['status'] | 'deleting' | 'trashed';
  status_detail: string | null;
  platform: Session['platform'];
  coach_id: string;
  client: string;
  participants_text: string;
  recorded_at: string;
  created_at: string;
  updated_at: string;
  duration: number | null;
  size: number;
  sha256: string | null;
  upload_state: Session['upload_state'];
  transcript_status: Session['transcript_status'];
  analysis_status: Session['analysis_status'];
  analysis_progress: number;
  origin: 'library' | 'api';
  expires_at: string | null;
  notes: string;
  tags: string;
  source_path: string | null;
  meeting_key: string | null;
  synthetic: number;
  listed: number;
  /** The coach's share of talk time, 0–1 (migration 0026); null until an analysis found speakers. */
  coach_share: number | null;
}

export interface SessionFileRow {
  id: number;
  session_id: string;
  kind: SessionFile['kind'];
  name: string;
  path: string;
  managed: number;
  size: number;
  sha256: string | null;
  s3_key: string | null;
  participant: string | null;
  created_at: string;
  /** Set while the local copy is given up for the verified S3 copy (offloads table); absent on bulk reads. */
  offload_state?: 'offloading' | 'offloaded' | 'restoring' | null;
  /** `restore`: the file came from the bucket (a restored library) and was never on this computer (migration 0016). */
  offload_origin?: 'offload' | 'restore' | null;
}

/** Columns read for list pages (everything the table and the API show). */
export const SESSION_COLUMNS =
  'seq, id, title, status, status_detail, platform, coach_id, client, participants_text, recorded_at, created_at, ' +
  'updated_at, duration, size, sha256, upload_state, transcript_status, analysis_status, analysis_progress, origin, ' +
  'expires_at, notes, tags, source_path, meeting_key, synthetic, listed, coach_share';

export function toSession(row: SessionRow, participants: Participant[]): Session {
  return {
    id: row.id,
    title: row.title,
    // Trashed rows are shown by the trash with their former status (see main/cleanup/trash-service.ts).
    status: row.status === 'deleting' || row.status === 'trashed' ? 'failed' : row.status,
    status_detail: row.status_detail,
    platform: row.platform,
    coach_id: row.coach_id,
    client: row.client,
    participants,
    recorded_at: row.recorded_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
    duration: row.duration,
    size: row.size,
    sha256: row.sha256,
    upload_state: row.upload_state,
    transcript_status: row.transcript_status,
    analysis_status: row.analysis_status,
    analysis_progress: row.analysis_progress,
    notes: row.notes,
    tags: parseTags(row.tags),
    expires_at: row.expires_at,
    synthetic: row.synthetic === 1,
    coach_share: row.coach_share ?? null,
  };
}

function parseTags(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function toSessionFile(row: SessionFileRow): SessionFile {
  return {
    kind: row.kind,
    name: row.name,
    size: row.size,
    managed: row.managed === 1,
    s3_key: row.s3_key,
    // 'local' unless the copy was offloaded: an offloading file already counts as gone (its unlink is committed).
    // A file restored from the bucket that was never downloaded is 'remote'.
    local_copy: !row.offload_state
      ? 'present'
      : row.offload_state === 'restoring'
        ? 'restoring'
        : row.offload_origin === 'restore'
          ? 'remote'
          : 'offloaded',
  };
}
