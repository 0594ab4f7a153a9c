/**
 * How each of a session's four states reads in the table: label and tone. One vocabulary (US English), and words
 * that cannot be confused across columns: the recording is "In library" (not "Uploaded", which read as the backup).
 */
import type { Session } from '../../../shared/contract/index.js';
import type { Tone } from '../../components/StatusBadge.js';

export interface BadgeSpec {
  tone: Tone;
  label: string;
  detail?: string | null;
  progress?: number;
}

const RECORDING: Record<Session['status'], BadgeSpec> = {
  pending: { tone: 'neutral', label: 'Pending' },
  importing: { tone: 'progress', label: 'Importing' },
  uploaded: { tone: 'info', label: 'In library' },
  processing: { tone: 'progress', label: 'Processing' },
  ready: { tone: 'success', label: 'Ready' },
  failed: { tone: 'danger', label: 'Failed' },
  expired: { tone: 'neutral', label: 'Expired' },
};

const UPLOAD: Record<Session['upload_state'], BadgeSpec> = {
  local_only: { tone: 'neutral', label: 'Not backed up' },
  queued: { tone: 'info', label: 'Backup queued' },
  uploading: { tone: 'progress', label: 'Backing up' },
  synced: { tone: 'success', label: 'Backed up' },
  failed: { tone: 'danger', label: 'Backup failed' },
};

const TRANSCRIPT: Record<Session['transcript_status'], BadgeSpec> = {
  none: { tone: 'neutral', label: 'None' },
  ready: { tone: 'success', label: 'Ready' },
  failed: { tone: 'danger', label: 'Failed' },
};

const ANALYSIS: Record<Session['analysis_status'], BadgeSpec> = {
  none: { tone: 'neutral', label: 'None' },
  queued: { tone: 'info', label: 'Queued' },
  processing: { tone: 'progress', label: 'Analyzing' },
  ready: { tone: 'success', label: 'Ready' },
  failed: { tone: 'danger', label: 'Failed' },
  cancelled: { tone: 'warning', label: 'Cancelled' },
};

const UNKNOWN: BadgeSpec = { tone: 'neutral', label: 'Unknown' };

export function recordingBadge(s: Session): BadgeSpec {
  const spec = RECORDING[s.status] ?? UNKNOWN;
  return s.status === 'failed' ? { ...spec, detail: s.status_detail } : spec;
}

export function uploadBadge(s: Session): BadgeSpec {
  return UPLOAD[s.upload_state] ?? UNKNOWN;
}

export function transcriptBadge(s: Session): BadgeSpec {
  return TRANSCRIPT[s.transcript_status] ?? UNKNOWN;
}

export function analysisBadge(s: Session): BadgeSpec {
  const spec = ANALYSIS[s.analysis_status] ?? UNKNOWN;
  if (s.analysis_status === 'processing' || s.analysis_status === 'queued') {
    const progress = Math.round(s.analysis_progress);
    return { ...spec, label: s.analysis_status === 'processing' ? `${spec.label} ${progress}%` : spec.label, progress };
  }
  return spec;
}
