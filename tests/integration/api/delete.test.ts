/** DELETE /api/v1/sessions/{id} and DELETE /api/v1/sessions/bulk: rows, files, audit, dry runs. */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from '../../helpers/media.js';
import { startTestServer, tempDir, TestClock, type TestServer, type Loose } from '../../helpers/server.js';

let srv: TestServer;
let media: string;
const clock = new TestClock(Date.parse('2026-03-01T10:00:00.000Z'));

beforeAll(async () => {
  srv = await startTestServer({ clock });
  media = tempDir('filmroom-media-');
});
afterAll(async () => {
  await srv?.close();
});

async function importFile(path: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await srv.api('/api/v1/sessions/import', { method: 'POST', json: { path, ...extra } });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body.sessions[0].id;
}

/** Counts rows naming the session in every table that refers to it, through a separate connection to the file. */
function rowsFor(id: string): Record<string, number> {
  const db = new Database(srv.app.paths.database, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get(id) as { n: number }).n;
    return {
      sessions: count('SELECT COUNT(*) AS n FROM sessions WHERE id = ?'),
      participants: count('SELECT COUNT(*) AS n FROM participants WHERE session_id = ?'),
      session_files: count('SELECT COUNT(*) AS n FROM session_files WHERE session_id = ?'),
      jobs: count('SELECT COUNT(*) AS n FROM jobs WHERE session_id = ?'),
      job_chunks: count(
        'SELECT COUNT(*) AS n FROM job_chunks WHERE job_id IN (SELECT id FROM jobs WHERE session_id = ?)',
      ),
      transcript_segments: count('SELECT COUNT(*) AS n FROM transcript_segments WHERE session_id = ?'),
      markers: count('SELECT COUNT(*) AS n FROM markers WHERE session_id = ?'),
      analyses: count('SELECT COUNT(*) AS n FROM analyses WHERE session_id = ?'),
      uploads: count('SELECT COUNT(*) AS n FROM uploads WHERE session_id = ?'),
    };
  } finally {
    db.close();
  }
}

/** Gives a session dependent rows in every table a delete must clear. */
function addDependents(id: string): void {
  const db = srv.app.db;
  const now = clock.now().toISOString();
  db.prepare(
    "INSERT INTO jobs (id, type, session_id, state, run_after, created_at, updated_at) VALUES (?, 'analysis', ?, 'queued', ?, ?, ?)",
  ).run(`job_${id}`, id, now, now, now);
  db.prepare(
    "INSERT INTO job_chunks (job_id, idx, start_s, end_s, state, updated_at) VALUES (?, 0, 0, 1, 'queued', ?)",
  ).run(`job_${id}`, now);
  db.prepare(
    "INSERT INTO transcript_segments (session_id, start_s, end_s, speaker, text) VALUES (?, 0, 1, 'A', 'hello there')",
  ).run(id);
  db.prepare(
    "INSERT INTO markers (session_id, t, kind, text, created_at) VALUES (?, 0.5, 'note', 'good point', ?)",
  ).run(id, now);
  db.prepare("INSERT INTO analyses (session_id, stage, data, created_at) VALUES (?, 'complete', '{}', ?)").run(id, now);
  db.prepare(
    "INSERT INTO uploads (id, session_id, bucket, s3_key, state, created_at, updated_at) VALUES (?, ?, 'b', 'k', 'queued', ?, ?)",
  ).run(`upl_${id}`, id, now, now);
}

describe('DELETE /api/v1/sessions/{id}', () => {
  it('answers 204, removes every row, the managed file and its folder, and writes an audit entry', async () => {
    const id = await importFile(makeVideo(media));
    await srv.api(`/api/v1/sessions/${id}`, {
      method: 'PATCH',
      json: { participants: [{ name: 'Alex', role: 'client' }] },
    });
    addDependents(id);
    const before = rowsFor(id);
    expect(Object.values(before).every((n) => n >= 1)).toBe(true);
    const folder = join(srv.app.paths.libraryDir, id);
    expect(existsSync(folder)).toBe(true);

    const r = await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
    expect(r.status).toBe(204);
    expect(r.text).toBe('');

    expect(Object.values(rowsFor(id)).every((n) => n === 0)).toBe(true);
    expect(existsSync(folder)).toBe(false);
    const audit = srv.app.db.prepare('SELECT actor, action, details FROM audit_log WHERE session_id = ?').all(id) as {
      actor: string;
      action: string;
      details: string;
    }[];
    expect(audit).toHaveLength(1);
    expect(audit[0]!.action).toBe('session.delete');
    expect(audit[0]!.actor).toBe('admin');
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ local_files_deleted: 1 });

    const get = await srv.api(`/api/v1/sessions/${id}`);
    expect(get.status).toBe(404);
    expect(get.body.code).toBe(404);
  });

  it('never deletes a file referenced in place (copy:false)', async () => {
    const src = makeVideo(media);
    const size = statSync(src).size;
    const id = await importFile(src, { copy: false });
    expect((await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect(existsSync(src)).toBe(true);
    expect(statSync(src).size).toBe(size);
    expect(rowsFor(id).sessions).toBe(0);
  });

  it('still deletes (204) when the managed file is already gone', async () => {
    const id = await importFile(makeVideo(media));
    rmSync(join(srv.app.paths.libraryDir, id), { recursive: true, force: true });
    const r = await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE' });
    expect(r.status).toBe(204);
    expect(rowsFor(id).sessions).toBe(0);
  });

  it('an unknown id is 404 with the error body', async () => {
    const r = await srv.api('/api/v1/sessions/ses_00000000000000000000', { method: 'DELETE' });
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ code: 404, error: expect.any(String) });
  });

  it('a second delete of the same session is 404', async () => {
    const id = await importFile(makeVideo(media));
    expect((await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('another coach’s session is 404 (as an unknown id) and survives, its owner can delete it', async () => {
    const id = await importFile(makeVideo(media), { coach_id: 'owner' });
    const intruder = srv.app.tokens.createCoachToken('intruder');
    const r = await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE', token: intruder });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe(404);
    expect(rowsFor(id).sessions).toBe(1);
    expect(existsSync(join(srv.app.paths.libraryDir, id))).toBe(true);
    const owner = srv.app.tokens.createCoachToken('owner');
    expect((await srv.api(`/api/v1/sessions/${id}`, { method: 'DELETE', token: owner })).status).toBe(204);
    const audit = srv.app.db.prepare('SELECT actor FROM audit_log WHERE session_id = ?').pluck().all(id);
    expect(audit).toEqual(['coach:owner']);
  });

  it('a session mid-delete (status deleting) is invisible: 404 and not listed', async () => {
    const id = await importFile(makeVideo(media));
    srv.app.db.prepare("UPDATE sessions SET status = 'deleting' WHERE id = ?").run(id);
    expect((await srv.api(`/api/v1/sessions/${id}`)).status).toBe(404);
    const all = await srv.api('/api/v1/sessions?exclude_failed=false&limit=500');
    expect(all.body.items.map((s: Loose) => s.id)).not.toContain(id);
    srv.app.db.prepare("UPDATE sessions SET status = 'uploaded' WHERE id = ?").run(id);
  });
});

/**
 * A failed session that still holds its recording (its analysis failed, say). An unreadable import no longer
 * keeps its bytes (issue 11), so these are made from a good import marked failed.
 */
async function failedWithFiles(): Promise<string> {
  const id = await importFile(makeVideo(media));
  srv.app.db.prepare("UPDATE sessions SET status = 'failed' WHERE id = ?").run(id);
  return id;
}

describe('DELETE /api/v1/sessions/bulk', () => {
  let oldFailed: string[] = [];
  let recentFailed: string[] = [];
  let oldOk: string[] = [];

  beforeAll(async () => {
    // Ten days ago: two failed and one good session; two days ago: one failed.
    clock.set('2026-02-19T10:00:00.000Z');
    oldFailed = [await failedWithFiles(), await failedWithFiles()];
    oldOk = [await importFile(makeVideo(media))];
    clock.set('2026-02-27T10:00:00.000Z');
    recentFailed = [await failedWithFiles()];
    clock.set('2026-03-01T10:00:00.000Z');
  });

  it('dry_run changes nothing and predicts exactly what the real run deletes', async () => {
    const q = 'status_filter=failed&older_than_days=7';
    const rowsBefore = srv.app.db.prepare('SELECT COUNT(*) FROM sessions').pluck().get();
    const dry = await srv.api(`/api/v1/sessions/bulk?${q}&dry_run=true`, { method: 'DELETE' });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      deleted_count: oldFailed.length,
      s3_files_deleted: 0,
      local_files_deleted: oldFailed.length,
      filters_applied: { status: 'failed', older_than_days: 7 },
      errors: [],
    });
    expect(dry.body.bytes_freed).toBe(
      oldFailed.reduce(
        (a, id) =>
          a +
          statSync(
            join(
              srv.app.paths.libraryDir,
              id,
              srv.app.db.prepare('SELECT name FROM session_files WHERE session_id = ?').pluck().get(id) as string,
            ),
          ).size,
        0,
      ),
    );
    // nothing changed
    expect(srv.app.db.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(rowsBefore);
    for (const id of oldFailed) {
      expect((await srv.api(`/api/v1/sessions/${id}`)).status).toBe(200);
      expect(existsSync(join(srv.app.paths.libraryDir, id))).toBe(true);
    }

    const real = await srv.api(`/api/v1/sessions/bulk?${q}`, { method: 'DELETE' });
    expect(real.status).toBe(200);
    expect(real.body.deleted_count).toBe(dry.body.deleted_count);
    expect(real.body.local_files_deleted).toBe(dry.body.local_files_deleted);
    expect(real.body.bytes_freed).toBe(dry.body.bytes_freed);
    expect(real.body.s3_files_deleted).toBe(dry.body.s3_files_deleted);
    expect(real.body.filters_applied).toEqual({ status: 'failed', older_than_days: 7 });
    expect(real.body.errors).toEqual([]);
    for (const id of oldFailed) {
      expect((await srv.api(`/api/v1/sessions/${id}`)).status).toBe(404);
      expect(existsSync(join(srv.app.paths.libraryDir, id))).toBe(false);
    }
    // untouched: the recent failed one and the old good one
    for (const id of [...recentFailed, ...oldOk]) expect((await srv.api(`/api/v1/sessions/${id}`)).status).toBe(200);
    const audit = srv.app.db
      .prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'session.delete' AND session_id IN (?, ?)")
      .pluck()
      .get(...oldFailed);
    expect(audit).toBe(2);
  });

  it('a second identical run finds nothing', async () => {
    const r = await srv.api('/api/v1/sessions/bulk?status_filter=failed&older_than_days=7', { method: 'DELETE' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ deleted_count: 0, local_files_deleted: 0, bytes_freed: 0 });
  });

  it('ages by the injected clock: moving time forward makes the recent failure old enough', async () => {
    clock.set('2026-03-10T10:00:00.000Z');
    try {
      const dry = await srv.api('/api/v1/sessions/bulk?status_filter=failed&older_than_days=7&dry_run=1', {
        method: 'DELETE',
      });
      expect(dry.body.deleted_count).toBe(recentFailed.length);
      expect(dry.body.dry_run).toBe(true);
      expect((await srv.api(`/api/v1/sessions/${recentFailed[0]}`)).status).toBe(200);
    } finally {
      clock.set('2026-03-01T10:00:00.000Z');
    }
  });

  it('dry run counts match the real run even when a managed file is already gone', async () => {
    clock.set('2026-01-01T10:00:00.000Z');
    const gone = await failedWithFiles();
    const kept = await failedWithFiles();
    clock.set('2026-03-01T10:00:00.000Z');
    rmSync(join(srv.app.paths.libraryDir, gone), { recursive: true, force: true });
    const q = 'status_filter=failed&older_than_days=30';
    const dry = await srv.api(`/api/v1/sessions/bulk?${q}&dry_run=true`, { method: 'DELETE' });
    const real = await srv.api(`/api/v1/sessions/bulk?${q}`, { method: 'DELETE' });
    expect(real.body.deleted_count).toBe(2);
    expect(dry.body.deleted_count).toBe(real.body.deleted_count);
    expect(real.body.local_files_deleted).toBe(1); // only `kept` still had its file
    expect({ files: dry.body.local_files_deleted, bytes: dry.body.bytes_freed }).toEqual({
      files: real.body.local_files_deleted,
      bytes: real.body.bytes_freed,
    });
    expect(existsSync(join(srv.app.paths.libraryDir, kept))).toBe(false);
  });

  it('status_filter alone and older_than_days alone are each accepted as filters', async () => {
    const byStatus = await srv.api('/api/v1/sessions/bulk?status_filter=processing&dry_run=true', { method: 'DELETE' });
    expect(byStatus.status).toBe(200);
    expect(byStatus.body.filters_applied).toEqual({ status: 'processing', older_than_days: null });
    const byAge = await srv.api('/api/v1/sessions/bulk?older_than_days=9&dry_run=true', { method: 'DELETE' });
    expect(byAge.status).toBe(200);
    expect(byAge.body.filters_applied).toEqual({ status: null, older_than_days: 9 });
    expect(byAge.body.deleted_count).toBe(oldOk.length); // only the good session from ten days ago remains that old
  });
});
