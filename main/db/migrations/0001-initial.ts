/**
 * 0001 — the whole product's data model, designed up-front so later capabilities (imports, analysis, S3 sync,
 * transcripts, cleanup) fill tables instead of reshaping them.
 *
 * Conventions: times are ISO-8601 UTC text (sortable), sizes bytes, durations seconds (REAL).
 * `sessions.seq` is the rowid (FTS and compact indexes key on it); `sessions.id` is the public id.
 * `audit_log` and `cleanup_runs` deliberately have no foreign keys: they must outlive what they describe.
 */
import type { Migration } from './migration.js';

export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
CREATE TABLE coaches (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  email       TEXT,
  created_at  TEXT NOT NULL
);

CREATE TABLE sessions (
  seq                INTEGER PRIMARY KEY,
  id                 TEXT NOT NULL UNIQUE,
  title              TEXT NOT NULL,
  status             TEXT NOT NULL CHECK (status IN ('pending','importing','uploaded','processing','ready','failed','deleting','expired')),
  status_detail      TEXT,
  platform           TEXT NOT NULL CHECK (platform IN ('zoom','teams','meet','local','api')),
  coach_id           TEXT NOT NULL DEFAULT 'default',
  client             TEXT NOT NULL DEFAULT '',
  participants_text  TEXT NOT NULL DEFAULT '',      -- names joined, kept by the repository for full-text search
  recorded_at        TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  duration           REAL,
  size               INTEGER NOT NULL DEFAULT 0,
  sha256             TEXT,
  upload_state       TEXT NOT NULL DEFAULT 'local_only' CHECK (upload_state IN ('local_only','queued','uploading','synced','failed')),
  transcript_status  TEXT NOT NULL DEFAULT 'none' CHECK (transcript_status IN ('none','ready','failed')),
  analysis_status    TEXT NOT NULL DEFAULT 'none' CHECK (analysis_status IN ('none','queued','processing','ready','failed','cancelled')),
  analysis_progress  REAL NOT NULL DEFAULT 0,
  origin             TEXT NOT NULL DEFAULT 'library' CHECK (origin IN ('library','api')),
  expires_at         TEXT,
  notes              TEXT NOT NULL DEFAULT '',
  tags               TEXT NOT NULL DEFAULT '[]',    -- JSON array of strings
  source_path        TEXT,                          -- where the recording came from (import provenance)
  meeting_key        TEXT,                          -- platform meeting identity, for "never import twice"
  synthetic          INTEGER NOT NULL DEFAULT 0,    -- rows made by 'filmroom seed'
  -- 1 when the session belongs in the library list: transient API sessions and sessions being deleted are not.
  listed             INTEGER GENERATED ALWAYS AS (origin = 'library' AND status NOT IN ('deleting','expired')) STORED
);

-- The default view ("hide failed, newest first") and each sort of it: partial indexes, read in order, so a page
-- costs O(limit) and a keyset cursor O(limit) at any depth.
CREATE INDEX sessions_default_recorded ON sessions(recorded_at, id) WHERE listed = 1 AND status <> 'failed';
CREATE INDEX sessions_default_created  ON sessions(created_at, id)  WHERE listed = 1 AND status <> 'failed';
CREATE INDEX sessions_default_title    ON sessions(title, id)       WHERE listed = 1 AND status <> 'failed';
CREATE INDEX sessions_default_duration ON sessions(IFNULL(duration, -1), id) WHERE listed = 1 AND status <> 'failed';
CREATE INDEX sessions_default_size     ON sessions(size, id)        WHERE listed = 1 AND status <> 'failed';
-- "Show failed too" and the per-filter views.
CREATE INDEX sessions_all_recorded     ON sessions(recorded_at, id) WHERE listed = 1;
CREATE INDEX sessions_status_recorded  ON sessions(status, recorded_at, id) WHERE listed = 1;
CREATE INDEX sessions_coach_recorded   ON sessions(coach_id, recorded_at, id) WHERE listed = 1;
CREATE INDEX sessions_platform_recorded ON sessions(platform, recorded_at, id) WHERE listed = 1;
CREATE INDEX sessions_client_recorded  ON sessions(client, recorded_at, id) WHERE listed = 1;
-- Bulk delete / retention ("failed older than N days") and expiry of transient sessions.
CREATE INDEX sessions_status_created   ON sessions(status, created_at);
CREATE INDEX sessions_expiry           ON sessions(expires_at) WHERE expires_at IS NOT NULL;
CREATE UNIQUE INDEX sessions_sha256    ON sessions(sha256) WHERE sha256 IS NOT NULL AND origin = 'library';
CREATE INDEX sessions_meeting_key      ON sessions(meeting_key) WHERE meeting_key IS NOT NULL;

-- Exact totals without scanning: per (status, platform, coach) counts of listed sessions, kept by triggers.
CREATE TABLE session_counts (
  status    TEXT NOT NULL,
  platform  TEXT NOT NULL,
  coach_id  TEXT NOT NULL,
  n         INTEGER NOT NULL,
  bytes     INTEGER NOT NULL,
  PRIMARY KEY (status, platform, coach_id)
) WITHOUT ROWID;

CREATE TRIGGER sessions_count_insert AFTER INSERT ON sessions WHEN NEW.listed = 1 BEGIN
  INSERT INTO session_counts(status, platform, coach_id, n, bytes) VALUES (NEW.status, NEW.platform, NEW.coach_id, 1, NEW.size)
  ON CONFLICT(status, platform, coach_id) DO UPDATE SET n = n + 1, bytes = bytes + excluded.bytes;
END;
CREATE TRIGGER sessions_count_delete AFTER DELETE ON sessions WHEN OLD.listed = 1 BEGIN
  UPDATE session_counts SET n = n - 1, bytes = bytes - OLD.size
  WHERE status = OLD.status AND platform = OLD.platform AND coach_id = OLD.coach_id;
END;
CREATE TRIGGER sessions_count_update AFTER UPDATE OF status, platform, coach_id, size, origin ON sessions BEGIN
  UPDATE session_counts SET n = n - 1, bytes = bytes - OLD.size
  WHERE OLD.listed = 1 AND status = OLD.status AND platform = OLD.platform AND coach_id = OLD.coach_id;
  INSERT INTO session_counts(status, platform, coach_id, n, bytes)
  SELECT NEW.status, NEW.platform, NEW.coach_id, 1, NEW.size WHERE NEW.listed = 1
  ON CONFLICT(status, platform, coach_id) DO UPDATE SET n = n + 1, bytes = bytes + excluded.bytes;
END;

-- Full-text search over what the list shows; external content, so text is stored once.
CREATE VIRTUAL TABLE sessions_fts USING fts5(
  title, client, participants_text,
  content = 'sessions', content_rowid = 'seq', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER sessions_fts_insert AFTER INSERT ON sessions BEGIN
  INSERT INTO sessions_fts(rowid, title, client, participants_text) VALUES (NEW.seq, NEW.title, NEW.client, NEW.participants_text);
END;
CREATE TRIGGER sessions_fts_delete AFTER DELETE ON sessions BEGIN
  INSERT INTO sessions_fts(sessions_fts, rowid, title, client, participants_text) VALUES ('delete', OLD.seq, OLD.title, OLD.client, OLD.participants_text);
END;
CREATE TRIGGER sessions_fts_update AFTER UPDATE OF title, client, participants_text ON sessions BEGIN
  INSERT INTO sessions_fts(sessions_fts, rowid, title, client, participants_text) VALUES ('delete', OLD.seq, OLD.title, OLD.client, OLD.participants_text);
  INSERT INTO sessions_fts(rowid, title, client, participants_text) VALUES (NEW.seq, NEW.title, NEW.client, NEW.participants_text);
END;

CREATE TABLE participants (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  name        TEXT NOT NULL,
  role        TEXT NOT NULL DEFAULT 'participant' CHECK (role IN ('coach','client','host','participant')),
  email       TEXT,
  UNIQUE (session_id, name)
);

-- Every file a session owns (managed: inside the library folder, path relative to it) or references in place
-- (absolute path, never deleted by us). The source of truth for deletion and orphan detection.
CREATE TABLE session_files (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  kind        TEXT NOT NULL CHECK (kind IN ('recording','audio','participant_audio','transcript','chat','playlist','thumbnail','waveform','analysis','other')),
  name        TEXT NOT NULL,
  path        TEXT NOT NULL,
  managed     INTEGER NOT NULL CHECK (managed IN (0,1)),
  size        INTEGER NOT NULL DEFAULT 0,
  sha256      TEXT,
  s3_key      TEXT,
  participant TEXT,                     -- for participant_audio: whose voice
  created_at  TEXT NOT NULL
);
CREATE INDEX session_files_session ON session_files(session_id);
CREATE INDEX session_files_path ON session_files(path);
CREATE INDEX session_files_s3_key ON session_files(s3_key) WHERE s3_key IS NOT NULL;

-- Imports in flight (URL downloads, large copies): the resume state that makes a kill -9 harmless.
CREATE TABLE imports (
  id           TEXT PRIMARY KEY,
  source       TEXT NOT NULL,           -- absolute path or URL
  kind         TEXT NOT NULL CHECK (kind IN ('path','url','upload','watch')),
  state        TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled')),
  part_path    TEXT,                    -- relative to the library folder
  bytes_total  INTEGER,
  bytes_done   INTEGER NOT NULL DEFAULT 0,
  etag         TEXT,                    -- HTTP validator for Range resume
  options      TEXT NOT NULL DEFAULT '{}',
  session_id   TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  error        TEXT,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL
);
CREATE INDEX imports_state ON imports(state);

-- Watch folders remember what they have seen, so nothing is imported twice across restarts.
CREATE TABLE watched_items (
  path         TEXT PRIMARY KEY,
  fingerprint  TEXT NOT NULL,
  session_id   TEXT,
  seen_at      TEXT NOT NULL
);

-- The generic persistent job queue (analysis, deletion retries, expiry…).
CREATE TABLE jobs (
  id            TEXT PRIMARY KEY,
  type          TEXT NOT NULL,
  session_id    TEXT REFERENCES sessions(id) ON DELETE CASCADE,
  state         TEXT NOT NULL CHECK (state IN ('queued','running','done','failed','cancelled')),
  priority      INTEGER NOT NULL DEFAULT 0,
  payload       TEXT NOT NULL DEFAULT '{}',
  progress      REAL NOT NULL DEFAULT 0,
  message       TEXT NOT NULL DEFAULT '',
  attempts      INTEGER NOT NULL DEFAULT 0,
  max_attempts  INTEGER NOT NULL DEFAULT 3,
  run_after     TEXT NOT NULL,
  error         TEXT,
  result        TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  started_at    TEXT,
  finished_at   TEXT
);
CREATE INDEX jobs_claim ON jobs(state, priority DESC, run_after) WHERE state IN ('queued','running');
CREATE INDEX jobs_session ON jobs(session_id);

CREATE TABLE job_chunks (
  job_id      TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  start_s     REAL NOT NULL,
  end_s       REAL NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('queued','running','done','failed')),
  progress    REAL NOT NULL DEFAULT 0,
  attempts    INTEGER NOT NULL DEFAULT 0,
  error       TEXT,
  result      TEXT,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (job_id, idx)
) WITHOUT ROWID;

-- Latest analysis result per session (the API's data), kept apart from the hot sessions rows.
CREATE TABLE analyses (
  session_id  TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
  job_id      TEXT,
  stage       TEXT NOT NULL CHECK (stage IN ('audio','complete')),
  data        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);

CREATE TABLE transcript_segments (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  start_s     REAL NOT NULL,
  end_s       REAL NOT NULL,
  speaker     TEXT,
  text        TEXT NOT NULL
);
CREATE INDEX transcript_segments_session ON transcript_segments(session_id, start_s);
CREATE VIRTUAL TABLE transcript_fts USING fts5(
  text, content = 'transcript_segments', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER transcript_fts_insert AFTER INSERT ON transcript_segments BEGIN
  INSERT INTO transcript_fts(rowid, text) VALUES (NEW.id, NEW.text);
END;
CREATE TRIGGER transcript_fts_delete AFTER DELETE ON transcript_segments BEGIN
  INSERT INTO transcript_fts(transcript_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
CREATE TRIGGER transcript_fts_update AFTER UPDATE OF text ON transcript_segments BEGIN
  INSERT INTO transcript_fts(transcript_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
  INSERT INTO transcript_fts(rowid, text) VALUES (NEW.id, NEW.text);
END;

-- Markers and notes at a time in the recording (chat lines land here too, kind 'chat').
CREATE TABLE markers (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  t           REAL,
  kind        TEXT NOT NULL CHECK (kind IN ('marker','note','chat','chapter')),
  author      TEXT,
  text        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
CREATE INDEX markers_session ON markers(session_id, t);

-- S3 uploads: the multipart UploadId and every finished part's ETag, so a restart resumes without re-sending.
CREATE TABLE uploads (
  id                   TEXT PRIMARY KEY,
  session_id           TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  file_id              INTEGER REFERENCES session_files(id) ON DELETE CASCADE,
  bucket               TEXT NOT NULL,
  s3_key               TEXT NOT NULL,
  multipart_upload_id  TEXT,
  state                TEXT NOT NULL CHECK (state IN ('queued','uploading','synced','failed','cancelled')),
  bytes_total          INTEGER NOT NULL DEFAULT 0,
  bytes_sent           INTEGER NOT NULL DEFAULT 0,
  part_size            INTEGER,
  attempts             INTEGER NOT NULL DEFAULT 0,
  error                TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  completed_at         TEXT
);
CREATE INDEX uploads_session ON uploads(session_id);
CREATE INDEX uploads_state ON uploads(state) WHERE state IN ('queued','uploading');
CREATE TABLE upload_parts (
  upload_id    TEXT NOT NULL REFERENCES uploads(id) ON DELETE CASCADE,
  part_number  INTEGER NOT NULL,
  etag         TEXT NOT NULL,
  size         INTEGER NOT NULL,
  PRIMARY KEY (upload_id, part_number)
) WITHOUT ROWID;

-- Storage work that failed during a delete (a locked file, an S3 outage): retried by the cleanup service.
CREATE TABLE storage_debts (
  id          INTEGER PRIMARY KEY,
  session_id  TEXT NOT NULL,
  target      TEXT NOT NULL CHECK (target IN ('local','s3')),
  location    TEXT NOT NULL,             -- absolute path or s3 key
  attempts    INTEGER NOT NULL DEFAULT 1,
  last_error  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (target, location)
);

CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL,
  session_id  TEXT,
  details     TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_session ON audit_log(session_id);

CREATE TABLE cleanup_runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  kind        TEXT NOT NULL,
  dry_run     INTEGER NOT NULL,
  trigger     TEXT NOT NULL DEFAULT 'manual',
  result      TEXT
);

CREATE TABLE settings (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id            TEXT PRIMARY KEY,
  token_hash    TEXT NOT NULL UNIQUE,    -- sha256 of the token; the token itself lives only in the owner's hands
  role          TEXT NOT NULL CHECK (role IN ('admin','coach')),
  coach_id      TEXT,
  label         TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  last_used_at  TEXT,
  CHECK (role = 'admin' OR coach_id IS NOT NULL)
);
`,
};
