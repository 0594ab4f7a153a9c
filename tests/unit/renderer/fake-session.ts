/** A complete Session for renderer unit tests; override what the test is about. */
import type { Session } from '../../../shared/contract/index.js';

export function fakeSession(overrides: Partial<Session> & { id: string }): Session {
  return {
    title: `Session ${overrides.id}`,
    status: 'ready',
    status_detail: null,
    platform: 'zoom',
    coach_id: 'coach-a',
    client: 'Client',
    participants: [],
    recorded_at: '2026-01-01T10:00:00.000Z',
    created_at: '2026-01-01T11:00:00.000Z',
    updated_at: '2026-01-01T11:00:00.000Z',
    duration: 60,
    size: 1000,
    sha256: null,
    upload_state: 'local_only',
    transcript_status: 'none',
    analysis_status: 'none',
    analysis_progress: 0,
    notes: '',
    tags: [],
    expires_at: null,
    synthetic: true,
    ...overrides,
  };
}
