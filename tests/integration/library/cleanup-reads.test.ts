/**
 * The library repository reads the cleanup service relies on, against a real SQLite library: a coach's share of
 * offloaded sessions (GET /storage for a coach), cancelling a trashed session's pending analysis, and what counts
 * as a reference to a file on disk (file rows, S3 keys, busy sessions, import part files).
 */
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type LibraryDb } from '../../../main/db/index.js';
import { FileReferencesRepository, SessionsRepository } from '../../../main/library/index.js';
import { tempDir } from '../../helpers/server.js';

let db: LibraryDb;
let sessions: SessionsRepository;
let refs: FileReferencesRepository;

const addSession = (id: string, coach: string, status: string, analysis: string) =>
  db
    .prepare(
      `INSERT INTO sessions (id, title, status, platform, coach_id, recorded_at, created_at, updated_at, size, analysis_status, analysis_progress)
       VALUES (?, ?, ?, 'local', ?, '2026-01-01', '2026-01-01', '2026-01-01', 10, ?, 40)`,
    )
    .run(id, `title ${id}`, status, coach, analysis);

beforeAll(async () => {
  db = await openDatabase(join(tempDir('filmroom-cleanup-reads-'), 'library.db'));
  sessions = new SessionsRepository(db);
  refs = new FileReferencesRepository(db);
  addSession('ses_a1', 'alice', 'ready', 'processing');
  addSession('ses_a2', 'alice', 'processing', 'queued');
  addSession('ses_b1', 'bob', 'ready', 'ready');
  db.prepare(
    `INSERT INTO session_files (session_id, kind, name, path, managed, size, created_at, s3_key)
     VALUES ('ses_a1', 'recording', 'v.mp4', ?, 1, 1, '2026-01-01', 'lib/ses_a1/v.mp4')`,
  ).run(join('ses_a1', 'v.mp4'));
});
afterAll(() => db.close());

describe('SessionsRepository reads for cleanup', () => {
  it('counts how many of some sessions a coach owns, and 0 for none', () => {
    expect(sessions.countOwnedBy(['ses_a1', 'ses_a2', 'ses_b1', 'ses_gone'], 'alice')).toBe(2);
    expect(sessions.countOwnedBy(['ses_a1', 'ses_b1'], 'bob')).toBe(1);
    expect(sessions.countOwnedBy([], 'alice')).toBe(0);
  });

  it('cancels only queued or running analysis', () => {
    sessions.cancelPendingAnalysis('ses_a1');
    sessions.cancelPendingAnalysis('ses_b1');
    expect(sessions.get('ses_a1')).toMatchObject({ analysis_status: 'cancelled', analysis_progress: 0 });
    expect(sessions.get('ses_b1')).toMatchObject({ analysis_status: 'ready', analysis_progress: 40 });
  });
});

describe('FileReferencesRepository', () => {
  it('knows a stored path, absolute or relative, and an S3 key', () => {
    expect(refs.isLocationReferenced(join('ses_a1', 'v.mp4'), '/elsewhere/v.mp4')).toBe(true);
    expect(refs.isLocationReferenced('nope', 'lib/ses_a1/v.mp4')).toBe(true); // as an S3 key
    expect(refs.isLocationReferenced('nope', '/elsewhere/nope')).toBe(false);
    expect(refs.isS3KeyReferenced('lib/ses_a1/v.mp4')).toBe(true);
    expect(refs.isS3KeyReferenced('lib/ses_a1/other.mp4')).toBe(false);
  });

  it('answers the unreferenced names of a folder both ways (one statement and one index range)', () => {
    const prefix = 'ses_a1' + sep;
    expect(refs.unreferencedNames(['v.mp4', 'stray.bin'], prefix, '/lib/' + prefix)).toEqual(['stray.bin']);
    expect(refs.storedPathsUnder(prefix)).toEqual(['v.mp4']);
  });

  it('sees busy sessions and import part files in flight', () => {
    expect(refs.busySessionIds()).toEqual(['ses_a2']);
    expect(refs.isSessionBusy('ses_a2')).toBe(true);
    expect(refs.isSessionBusy('ses_a1')).toBe(false);
    db.prepare(
      `INSERT INTO imports (id, source, kind, state, part_path, options, session_id, created_at, updated_at)
       VALUES ('imp_1', 'https://x/y.mp4', 'url', 'running', 'imp_1.part', '{}', 'ses_b1', '2026-01-01', '2026-01-01')`,
    ).run();
    expect(refs.partsInFlight()).toEqual([{ part_path: 'imp_1.part', session_id: 'ses_b1' }]);
    expect(refs.partOwners('imp_1.part')).toEqual(['ses_b1']);
    expect(refs.partOwners('imp_2.part')).toEqual([]);
    expect(refs.isFileReferenced('x', '/lib/x')).toBe(false);
  });
});
